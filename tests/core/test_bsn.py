"""A BSN is recognised in free text by its shape and the elfproef; other numbers are not."""

from __future__ import annotations

import pytest

from kring.core.bsn import find_bsn, passes_elfproef


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("BSN 111222333 van mevrouw", "111222333"),
        ("nummer 1112.22.333", "1112.22.333"),
        ("123 456 782, zie dossier", "123 456 782"),
        ("123-456-782", "123-456-782"),
    ],
)
def test_a_bsn_is_found_however_it_is_written(text: str, found: str) -> None:
    assert find_bsn(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "bel 0612345678",  # a mobile number: ten digits
        "tel. 06-12345678",
        "IBAN NL91ABNA0417164300",
        "KvK 12345678",  # eight digits
        "123456789",  # nine digits that fail the elfproef
        "111-222 333",  # mixed separators are not how a BSN is written
        "1112223330",
        "000000000",
        "postcode 1234 AB, huisnummer 5",
    ],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert find_bsn(text) is None


def test_the_elfproef() -> None:
    assert passes_elfproef("111222333")
    assert passes_elfproef("123456782")
    assert not passes_elfproef("123456789")
    assert not passes_elfproef("000000000")
    assert not passes_elfproef("12345678")

"""Recognising a citizen service number (BSN) in free text, so that none is ever stored.

Circles work with names and postcodes; a BSN is not needed for the work and would make every
leak worse (AVG article 87, UAVG article 46). No column may hold one (a structure test), and
free text is where one still slips in: a care worker pastes a client's record into a note. A
BSN is nine digits, often written 1234.56.782 or 123 456 782, that pass the "elfproef": the
digits weighted 9, 8, … 2 and the last -1 add up to a multiple of eleven. Phone numbers (ten
digits), IBANs and Chamber of Commerce numbers (eight) do not look like one; a nine-digit
number that fails the elfproef is not a BSN, so it is let through.
"""

from __future__ import annotations

import re

_CANDIDATE = re.compile(
    r"(?<![\d.\-])(\d{9}|\d{4}([ .\-])\d{2}\2\d{3}|\d{3}([ .\-])\d{3}\3\d{3})(?![\d]|[.\-]\d)"
)
"""Nine digits on their own: together, as 4-2-3 or as 3-3-3 with one kind of separator."""

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(digits: str) -> bool:
    """Whether nine digits are a possible BSN: the weighted sum is a multiple of eleven, not 0."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, _WEIGHTS, strict=True))
    return total != 0 and total % 11 == 0


def find_bsn(text: str) -> str | None:
    """The first BSN-looking number in a text, as written there, or None."""
    for match in _CANDIDATE.finditer(text):
        if passes_elfproef(re.sub(r"\D", "", match.group(1))):
            return match.group(1)
    return None

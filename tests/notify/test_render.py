"""Every form of e-mail (a single message, a copy for a contact person, a daily digest) in both
languages, plain text and HTML, held to snapshots under ``tests/notify/snapshots/``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kring.core.methodology import Phrase
from kring.core.tenancy import Tenant, TenantKind, TenantStatus, tenant_scope
from kring.extensions import db
from kring.notify.render import Rendered, render, render_digest
from tests.notify.snapshot import assert_snapshot

TITLE = Phrase(en="Meeting tomorrow", nl="Morgen bijeenkomst")
BODY = Phrase(
    en="The circle meets tomorrow at {time} in {place}. <Bring> your diary.",
    nl="De kring komt morgen om {time} samen in {place}. <Neem> je agenda mee.",
)
PARAMS = {"time": "19:30", "place": "het Buurthuis"}
PLAN = Phrase(en="Plan review", nl="Plan bespreken")
PLAN_BODY = Phrase(en="Your plan is due for review.", nl="Het is tijd om je plan te bespreken.")


@pytest.fixture
def fixed_tenant(database: Any) -> Iterator[Tenant]:
    """A tenant with a fixed slug and name, so links and footers are the same every run."""
    tenant = Tenant(
        slug="snapshot",
        name="Gemeente Voorbeeldstad",
        kind=TenantKind.municipality,
        locale="nl",
        status=TenantStatus.active,
    )
    db.session.add(tenant)
    db.session.flush()
    with tenant_scope(tenant):
        yield tenant


def _single(locale: str) -> Rendered:
    return render(
        locale=locale, name="Ans de Vries", title=TITLE, body=BODY, params=PARAMS, link="/circles/7"
    )


def _copy(locale: str) -> Rendered:
    return render(
        locale=locale,
        name="Karin",
        title=TITLE,
        body=BODY,
        params=PARAMS,
        link=None,
        copy_of="Ans de Vries",
    )


def _digest(locale: str) -> Rendered:
    return render_digest(
        locale=locale,
        name="Ans de Vries",
        entries=[
            (TITLE.render(locale, PARAMS), BODY.render(locale, PARAMS), "http://x.test/t/s/c/7"),
            (PLAN.render(locale, {}), PLAN_BODY.render(locale, {}), None),
        ],
    )


FORMS = {"message": _single, "copy": _copy, "digest": _digest}


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_email_matches_its_snapshot(fixed_tenant: Tenant, form: str, locale: str) -> None:
    rendered = FORMS[form](locale)
    assert_snapshot(f"{form}.{locale}.txt", f"Subject: {rendered.subject}\n\n{rendered.text}")
    assert_snapshot(f"{form}.{locale}.html", rendered.html)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_html_is_in_the_recipients_language_and_escapes_the_text(
    fixed_tenant: Tenant, locale: str
) -> None:
    html = _single(locale).html
    assert f'<html lang="{locale}">' in html
    assert "&lt;" in html and "<Bring>" not in html and "<Neem>" not in html
    assert html.count("<h1") == 1


def test_footer_links_to_the_persons_message_preferences(fixed_tenant: Tenant) -> None:
    rendered = _single("en")
    url = "http://localhost:5000/t/snapshot/messages/preferences"
    assert f'href="{url}"' in rendered.html and url in rendered.text
    assert "Gemeente Voorbeeldstad" in rendered.text


def test_a_copy_points_the_contact_person_to_the_participant_not_to_preferences(
    fixed_tenant: Tenant,
) -> None:
    rendered = _copy("nl")
    assert "/messages/preferences" not in rendered.text + rendered.html
    assert "Alleen Ans de Vries" in rendered.text


def test_a_long_sms_is_cut_to_two_parts_in_the_gsm_alphabet(fixed_tenant: Tenant) -> None:
    long = Phrase(en="Word " * 100, nl="Woord " * 100)
    sms = render(locale="nl", name="Ans", title=TITLE, body=long, params={}, link="/circles/7").sms
    assert len(sms) == 300 and "…" not in sms
    assert sms.endswith("... http://localhost:5000/t/snapshot/circles/7")  # the link stays

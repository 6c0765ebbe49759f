"""The exchange pages speak the methodology's words in the reader's language (the same check
as ``tests/site/test_methodology_words.py``), with help asked, given and thanked on them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from kring.circles import membership, phases
from kring.core.db import today
from kring.exchange import service
from kring.exchange.models import ContactKind, Talent, Wish
from kring.extensions import db
from kring.people import service as people
from kring.testing.builders import hooks_for, organisation_with
from tests.site.test_methodology_words import METHODOLOGIES, problems, visible_text


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("key", METHODOLOGIES)
def test_the_help_pages_speak_the_methodologys_words(
    app: Flask, signed_in: Any, tenant: Any, key: str, locale: str
) -> None:
    hooks = hooks_for(app, key)
    role = hooks.methodology.size_rule.role
    organisation = organisation_with(key, "Welzijn Oost")
    area = people.create_neighbourhood("Oosterpark", ["6041", "BS1"], None, None)
    circle = phases.create_circle(hooks, organisation, area, "Oosterpark", None, today())
    rosa = people.create_person(None, name="Rosa Bloem", postcode="6041 AB")
    tom = people.create_person(None, name="Tom Tak", postcode="6041 AC")
    for person in (rosa, tom):
        membership.add_member(circle, person, role, hooks, None, today())
    asked = service.ask(circle, rosa.id, "Gras maaien", "garden", None)
    service.offer(asked, circle, tom.id, None)
    service.close(asked, tom.id, True, None)
    service.thank(asked, rosa.id, "Dank je wel", None)
    service.ask(circle, tom.id, "Soep koken", "cooking", None)
    service.add_words(Talent, rosa, "koken", "cooking")
    service.add_words(Wish, tom, "tuinieren", "garden")
    service.add_words(Talent, rosa, "tuinieren", "garden")
    service.add_contact(rosa, ContactKind.church, "koor")
    service.record_encounter(circle, rosa.id, tom.id, today() - timedelta(days=1), today())
    db.session.commit()
    known = {
        "Oosterpark", "Rosa Bloem", "Tom Tak", "Welzijn Oost", tenant.name,
        "Gras maaien", "Soep koken", "Dank je wel", "koken", "tuinieren", "koor",
    }  # fmt: skip
    found = {}
    t = f"/t/{tenant.slug}/circles/{circle.id}"
    for path in (f"{t}/help", f"{t}/network", f"{t}/network?months=3"):
        response = signed_in.get(path, headers={"Accept-Language": locale})
        assert response.status_code == 200, path
        wrong = problems(
            visible_text(response.get_data(as_text=True), locale), locale, key, app, known
        )
        if wrong:
            found[path] = wrong
    assert not found, "\n".join(f"{page}: {', '.join(wrong)}" for page, wrong in found.items())


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_my_talents_page_and_home_panel_speak_the_readers_language(
    app: Flask, client: Any, tenant: Any, ring: Any, locale: str
) -> None:
    service.add_words(Talent, ring.ann, "koken", "cooking")
    service.add_contact(ring.ann, ContactKind.family, "zus Els")
    service.ask(ring.circle, ring.cas.id, "Gras maaien", None, None)
    db.session.commit()
    ring.login(client, tenant, "ann")
    known = {"Ann Aalders", "Kring Oost", tenant.name, "koken", "zus Els", "Gras maaien", "Cas"}
    for path in (f"/t/{tenant.slug}/exchange/mine", f"/t/{tenant.slug}/week"):
        html = client.get(path, headers={"Accept-Language": locale}).get_data(as_text=True)
        assert not problems(visible_text(html, locale), locale, "proefkring", app, known), path

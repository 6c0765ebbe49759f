"""Every page speaks the methodology's words, in the reader's language.

A tenant running one methodology, in Dutch and in English: its pages may not fall back on the
core's generic nouns where the methodology has its own ("kring", "lid", "Kringen", "Een kring
starten" on a Buurtcirkel page), show a raw key (``moderately_lonely``, ``True``, ``active``) or
an ISO date, or leave English words on a Dutch page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask

from kring.circles import membership, phases
from kring.core.db import today
from kring.extensions import db
from kring.people import service as people
from kring.surveys import service as surveys
from kring.testing.builders import hooks_for, organisation_with

METHODOLOGIES = ["buurtcirkel_nl", "buurtkring_nl", "keyring_uk", "verbonden_nl"]

GENERIC = {
    "nl": {"circle": r"kring(en)?", "member": r"lid|leden"},
    "en": {"circle": r"circles?", "member": r"members?"},
}
"""The core's generic words per locale, by the term key whose word replaces them."""

ENGLISH = [
    "the",
    "and",
    "with",
    "for",
    "not",
    "this",
    "that",
    "yes",
    "from",
    "your",
    "you",
    "have",
    "has",
    "active",
    "left",
    "phase",
    "since",
    "name",
    "role",
    "save",
    "search",
    "add",
    "none",
    "people",
    "person",
    "sign",
    "circle",
    "circles",
    "member",
    "members",
    "who",
    "what",
    "when",
    "where",
    "there",
    "here",
    "stops",
    "join",
    "joined",
    "already",
    "nobody",
    "found",
    "still",
    "missing",
    "before",
    "total",
    "level",
    "social",
    "emotional",
]
"""Common English words that are not Dutch words: none may stand on a Dutch page."""

RAW = re.compile(r"\b(True|False|None|[a-z]+_[a-z_]+)\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
SKIPPED = {"script", "style", "title", "footer"}
SPOKEN = ("aria-label", "title", "placeholder", "alt", "data-label")


class _Text(HTMLParser):
    """The words a reader sees or hears: text and spoken attributes, outside the brand, the
    footer, scripts and anything marked as another language (the language switch)."""

    def __init__(self, locale: str) -> None:
        super().__init__()
        self.locale = locale
        self.skipping: list[str] = []
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        other_language = given.get("lang") not in (None, self.locale)
        if (
            self.skipping
            or tag in SKIPPED
            or other_language
            or "brand" in (given.get("class") or "")
        ):
            if tag not in ("br", "input", "img", "meta", "link"):
                self.skipping.append(tag)
            return
        self.words += [str(given[a]) for a in SPOKEN if given.get(a)]

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.words.append(data.strip())


def visible_text(html: str, locale: str) -> str:
    parser = _Text(locale)
    parser.feed(html)
    return "\n".join(parser.words)


def problems(text: str, locale: str, key: str, app: Flask, known: set[str]) -> list[str]:
    """What on a page breaks the rules above, each as a short line; ``known`` are names of the
    test's own records, which may be anything."""
    for name in sorted(known, key=len, reverse=True):
        text = text.replace(name, " ")
    m = hooks_for(app, key).methodology
    own = " ".join(m.terms.by_locale[locale].values()).lower()
    found = []
    for pattern in GENERIC[locale].values():
        if re.search(rf"\b({pattern})\b", own):
            continue  # the methodology uses this word itself (KeyRing's "lid")
        found += [f"generic {w.group(0)!r}" for w in re.finditer(rf"\b({pattern})\b", text, re.I)]
    found += [f"raw key {w.group(0)!r}" for w in RAW.finditer(text)]
    found += [f"ISO date {w.group(0)!r}" for w in ISO_DATE.finditer(text)]
    if locale == "nl":
        words = set(re.findall(r"[A-Za-z]+", text.lower()))
        found += [f"English {w!r}" for w in ENGLISH if w in words]
    return sorted(set(found))


@pytest.fixture
def world(app: Flask, tenant: Any, request: Any, leader: Any) -> dict[str, Any]:
    key = request.param
    hooks = hooks_for(app, key)
    m = hooks.methodology
    organisation = organisation_with(key, "Welzijn Oost")
    area = people.create_neighbourhood("Oosterpark", ["6041", "BS1"], None, None)
    circle = phases.create_circle(hooks, organisation, area, "Oosterpark", None, today())
    resident = people.create_person(None, name="Rosa Bloem", postcode="6041 AB")
    member = membership.add_member(circle, resident, m.size_rule.role, hooks, None, today())
    for survey in hooks.surveys():  # a measurement shows its scores (a loneliness level)
        if survey.items and m.size_rule.role in survey.for_roles:
            answers = {item.key: item.answers[0][0] for item in survey.items}
            surveys.record(resident, hooks, survey.key, answers, today(), None, today())
    leaver = people.create_person(None, name="Lex Vertrek", postcode="6041 AB")
    left = membership.add_member(circle, leaver, m.size_rule.role, hooks, None, today())
    membership.end_membership(left, "moved_away", hooks, None, today())  # a reason is shown
    _messages(leader.id)
    db.session.commit()
    return {
        "key": key,
        "circle": circle,
        "person": resident,
        "member": member,
        "known": {
            circle.name,
            "Rosa Bloem",
            "Lex Vertrek",
            "Oosterpark",
            "Welzijn Oost",
            tenant.name,
        },
    }


def _messages(user_id: int) -> None:
    """A message in the leader's inbox, and one that failed for the admin's outbox."""
    from kring.core.db import utcnow
    from kring.notify.models import Channel, OutboxMessage

    now = utcnow()
    shown = {"channel": Channel.app, "recipient": "", "user_id": user_id, "sent_at": now}
    failed = {"channel": Channel.sms, "recipient": "0612345678", "failed_at": now, "attempts": 6}
    for key, state in (("inbox", shown), ("failed", failed)):
        db.session.add(
            OutboxMessage(
                idempotency_key=key,
                kind="meeting_reminder",
                subject="Bijeenkomst",
                body="Tot morgen",
                link="/week",
                **state,
            )
        )


def _pages(tenant: Any, w: dict[str, Any]) -> list[str]:
    t = f"/t/{tenant.slug}"
    circle, person, member = w["circle"], w["person"], w["member"]
    return [
        f"{t}/",
        f"{t}/circles/",
        f"{t}/circles/new",
        f"{t}/circles/{circle.id}",
        f"{t}/circles/{circle.id}/members/{member.id}/end",
        f"{t}/people",
        f"{t}/people/{person.id}",
        f"{t}/neighbourhoods",
        f"{t}/signals/",
        f"{t}/people/{person.id}/access",
        f"{t}/week",
        # the areas of circle life (issue 9) on the same circle and person
        f"{t}/circles/{circle.id}/meetings",
        f"{t}/circles/{circle.id}/help",
        f"{t}/circles/{circle.id}/network",
        f"{t}/circles/{circle.id}/contacts",
        f"{t}/circles/{circle.id}/sign-in-cards",
        f"{t}/escalations/",
        f"{t}/people/{person.id}/plan",
        f"{t}/meetings/people/{person.id}",
        f"{t}/people/{person.id}/sign-in-card",
        # messages (issue 10): the inbox, one's own preferences, a resident's set for them
        f"{t}/messages",
        f"{t}/messages/preferences",
        f"{t}/people/{person.id}/message-preferences",
        # API access (issue 12): one's own tokens
        f"{t}/account/api-tokens",
        f"{t}/account/sign-in",
    ]


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("world", METHODOLOGIES, indirect=True)
def test_every_page_speaks_the_methodologys_words(
    app: Flask, signed_in: Any, tenant: Any, world: dict[str, Any], locale: str
) -> None:
    found = {}
    for path in _pages(tenant, world):
        response = signed_in.get(path, headers={"Accept-Language": locale})
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True), locale)
        wrong = problems(text, locale, world["key"], app, world["known"])
        if wrong:
            found[path.split("/", 3)[3]] = wrong
    assert not found, "\n".join(f"{page}: {', '.join(wrong)}" for page, wrong in found.items())


def test_the_check_finds_what_it_looks_for(app: Flask) -> None:
    text = visible_text(
        '<p class="brand">Kring</p><p>Een kring starten: 2026-01-02, moderately_lonely, '
        'True</p><button lang="en">English</button><p>the lid</p>',
        "nl",
    )
    found = problems(text, "nl", "buurtcirkel_nl", app, set())
    assert found == [
        "English 'the'",
        "ISO date '2026-01-02'",
        "generic 'kring'",
        "generic 'lid'",
        "raw key 'True'",
        "raw key 'moderately_lonely'",
    ]


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("world", METHODOLOGIES, indirect=True)
def test_the_administrators_pages_speak_the_methodologys_words(
    app: Flask, signed_in_admin: Any, tenant: Any, world: dict[str, Any], locale: str
) -> None:
    installed = app.extensions["kring.plugins"].methodologies().values()
    known = world["known"] | {m.name(locale) for m in installed}  # offered to be enabled
    found = {}
    admin_pages = (
        "admin/organisations",
        "access-log",
        "admin/outbox",
        "admin/integrations",
        "admin/sign-in",
        "admin/retention",
        "rights-requests",
    )
    for path in (f"/t/{tenant.slug}/{page}" for page in admin_pages):
        response = signed_in_admin.get(path, headers={"Accept-Language": locale})
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True), locale)
        wrong = problems(text, locale, world["key"], app, known)
        if wrong:
            found[path] = wrong
    assert not found, found

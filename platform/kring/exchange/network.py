"""What the circle's help looks like over a period: suggestions for open requests, who helped
whom and who met whom (the network picture), per member help given and received, and the
months' trend. Read models only, for the page, the API and the demo alike."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select

from kring.activities import suggestions as activity_suggestions
from kring.circles.models import Circle
from kring.core.memo import once_per_page
from kring.exchange.models import (
    ContactKind,
    Encounter,
    HelpRequest,
    HelpStatus,
    OutsideContact,
    Talent,
    Wish,
)
from kring.extensions import db
from kring.people.models import Person

# --- suggestions ---------------------------------------------------------------------------

_STOP = frozenset(
    [
        "with",
        "voor",
        "mijn",
        "your",
        "have",
        "heeft",
        "hebben",
        "graag",
        "would",
        "like",
        "some",
        "iets",
        "keer",
        "even",
        "deze",
        "that",
        "this",
        "from",
        "over",
        "naar",
        "met",
        "een",
        "het",
        "de",
        "and",
        "the",
        "bij",
        "mij",
        "me",
        "ik",
        "you",
        "jij",
    ]
)


def keywords(text: str) -> frozenset[str]:
    """The words of a text that say something: lower case, four letters or more, no filler."""
    return frozenset(
        w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 4 and w not in _STOP
    )


def _shared(a: Iterable[str], b: Iterable[str]) -> list[str]:
    """Words of ``a`` that match a word of ``b``: the same, or one the start of the other
    ("gras" and "grasmaaien" match, "koken" and "kook" do not)."""
    found = []
    for word in sorted(a):
        if any(word == other or word.startswith(other) or other.startswith(word) for other in b):
            found.append(word)
    return found


@dataclass(frozen=True)
class Suggestion:
    """A member whose talents fit an open request, and why: the shared kind of help and the
    shared words, so anyone can see where the suggestion comes from."""

    request_id: int
    person_id: int
    category: str | None
    words: tuple[str, ...]


def _talents_of(member_ids: Iterable[int]) -> dict[int, list[Talent]]:
    members = list(member_ids)
    by_person: dict[int, list[Talent]] = {}
    if not members:
        return by_person
    for talent in db.session.execute(
        select(Talent).where(Talent.person_id.in_(members)).order_by(Talent.id)
    ).scalars():
        by_person.setdefault(talent.person_id, []).append(talent)
    return by_person


def _fits(
    category: str | None, text: str, talents: dict[int, list[Talent]], not_for: int
) -> list[tuple[int, str | None, tuple[str, ...]]]:
    """Who (never ``not_for``) has talents that share ``category`` or a word with ``text``,
    with the shared kind and words; best fit first (a shared kind, then more shared words)."""
    asked = keywords(text)
    found = []
    for person_id, own in talents.items():
        if person_id == not_for:
            continue
        shared = next((t.category for t in own if category and t.category == category), None)
        words = sorted({w for t in own for w in _shared(asked, keywords(t.words))})
        if shared or words:
            found.append((person_id, shared, tuple(words)))
    found.sort(key=lambda f: (f[1] is None, -len(f[2]), f[0]))
    return found


def suggestions(
    requests: Iterable[HelpRequest], member_ids: Iterable[int]
) -> dict[int, list[Suggestion]]:
    """For each open request, the members (never the asker) whose talents share its kind of
    help or a word with it, best fit first (a shared kind, then more shared words)."""
    talents = _talents_of(member_ids)
    return {
        r.id: [
            Suggestion(r.id, pid, category, words)
            for pid, category, words in _fits(r.category, r.what, talents, r.asked_by_id)
        ]
        for r in requests
        if r.status is HelpStatus.open
    }


@dataclass(frozen=True)
class Match:
    """A member's wish and another member whose talents fit it ("you mow my lawn, I cook for
    you"), with the shared kind of help and words."""

    wish: Wish
    helper_id: int
    category: str | None
    words: tuple[str, ...]


def matches(member_ids: Iterable[int]) -> list[Match]:
    """Every wish of these members with the other members whose talents fit it, wishes in the
    order they were written. Two queries."""
    members = list(member_ids)
    if not members:
        return []
    talents = _talents_of(members)
    wishes = db.session.execute(
        select(Wish).where(Wish.person_id.in_(members)).order_by(Wish.id)
    ).scalars()
    return [
        Match(wish, pid, category, words)
        for wish in wishes
        for pid, category, words in _fits(wish.category, wish.words, talents, wish.person_id)
    ]


# --- the network picture -------------------------------------------------------------------


@dataclass(frozen=True)
class Edge:
    """A line in the picture: ``kind`` "help" goes from the helper to the one helped; "met"
    joins two members who met outside the meeting (the lower id first). ``count`` times."""

    kind: str
    source: int
    target: int
    count: int


@dataclass(frozen=True)
class MemberSummary:
    """One member in the picture: help given and received and meetings outside in the period,
    how many contacts outside the circle they have, per kind, and how often they went to an
    activity of the calendar someone of the circle suggested (``kring.activities``)."""

    person_id: int
    name: str
    given: int
    received: int
    met: int
    contacts: Mapping[str, int]
    went: int = 0


@dataclass(frozen=True)
class Network:
    """Who helped whom and who met whom in a circle between ``start`` and ``end``."""

    start: date
    end: date
    members: tuple[MemberSummary, ...]
    edges: tuple[Edge, ...]

    @property
    def help_total(self) -> int:
        return sum(e.count for e in self.edges if e.kind == "help")

    @property
    def met_total(self) -> int:
        return sum(e.count for e in self.edges if e.kind == "met")

    def name(self, person_id: int) -> str:
        return next((m.name for m in self.members if m.person_id == person_id), "")


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


YEAR_MONTHS = 12
"""How far back one read of a circle's network facts reaches: the circle page's picture (three
months) and its outcomes (twelve) both come from it."""


@dataclass(frozen=True)
class _Dated:
    """A circle's dated network facts over a period: help done, meetings outside the circle's
    evenings, and each outing to a suggested activity (who, which day)."""

    done: tuple[HelpRequest, ...]
    met: tuple[Encounter, ...]
    went: tuple[tuple[int, date], ...]

    def within(self, start: date, end: date) -> _Dated:
        """The facts from ``start`` up to (not including) ``end``."""
        first, last = _moment(start), _moment(end)
        return _Dated(
            tuple(r for r in self.done if r.done_at is not None and first <= r.done_at < last),
            tuple(e for e in self.met if start <= e.met_on < end),
            tuple((p, day) for p, day in self.went if start <= day < end),
        )


def _dated(circle: Circle, start: date, end: date) -> _Dated:
    """The circle's facts from ``start`` up to ``end``, read once a page for the whole year
    before ``end`` (or from ``start``, when that lies further back). Three queries."""
    first = min(start, month_start(end, YEAR_MONTHS))

    def read() -> _Dated:
        done = db.session.execute(
            select(HelpRequest).where(
                HelpRequest.circle_id == circle.id,
                HelpRequest.status == HelpStatus.done,
                HelpRequest.done_at >= _moment(first),
                HelpRequest.done_at < _moment(end),
            )
        ).scalars()
        met = db.session.execute(
            select(Encounter).where(
                Encounter.circle_id == circle.id,
                Encounter.met_on >= first,
                Encounter.met_on < end,
            )
        ).scalars()
        went = activity_suggestions.outings_between(circle.id, first, end)
        return _Dated(tuple(done), tuple(met), tuple(went))

    return once_per_page(("exchange.dated", circle.id, first, end), read).within(start, end)


def network(
    circle: Circle,
    members: Mapping[int, Person],
    start: date,
    end: date,
    name: Callable[[Person], str],
) -> Network:
    """The circle's network from ``start`` up to (not including) ``end``, between its current
    ``members``; ``name`` says how much of a name the reader may see. Four queries, once a page:
    the circle page's exchange panel (three months) and outcomes panel (twelve) share them."""
    key = ("exchange.network", circle.id, tuple(sorted(members)), start, end)
    helped, met, kinds, went = once_per_page(key, lambda: _facts(circle, set(members), start, end))
    summaries = tuple(
        MemberSummary(
            person_id=pid,
            name=name(person),
            given=sum(n for (a, _b), n in helped.items() if a == pid),
            received=sum(n for (_a, b), n in helped.items() if b == pid),
            met=sum(n for pair, n in met.items() if pid in pair),
            contacts=kinds.get(pid, {}),
            went=went.get(pid, 0),
        )
        for pid, person in members.items()
    )
    edges = [Edge("help", a, b, n) for (a, b), n in sorted(helped.items())]
    edges += [Edge("met", a, b, n) for (a, b), n in sorted(met.items())]
    return Network(start, end, summaries, tuple(edges))


def _facts(
    circle: Circle, members: set[int], start: date, end: date
) -> tuple[
    Counter[tuple[int, int]], Counter[tuple[int, int]], dict[int, dict[str, int]], dict[int, int]
]:
    """Who helped whom, who met whom, each member's contacts outside and the activities they
    went to: what the network is drawn from, without names."""
    facts = _dated(circle, start, end)
    helped: Counter[tuple[int, int]] = Counter()
    for request in facts.done:
        helper = request.offered_by_id
        if helper is not None and helper in members and request.asked_by_id in members:
            helped[(helper, request.asked_by_id)] += 1
    met: Counter[tuple[int, int]] = Counter()
    for encounter in facts.met:
        if encounter.person_id in members and encounter.other_id in members:
            pair = sorted((encounter.person_id, encounter.other_id))
            met[(pair[0], pair[1])] += 1
    kinds = _contact_counts(sorted(members))
    went = Counter(person_id for person_id, _day in facts.went)
    return helped, met, kinds, went


def _contact_counts(person_ids: list[int]) -> dict[int, dict[str, int]]:
    """Each person's contacts outside the circle by kind, read once a page for these people."""
    if not person_ids:
        return {}
    return once_per_page(
        ("exchange.contacts", tuple(person_ids)), lambda: _read_contacts(person_ids)
    )


def _read_contacts(person_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = db.session.execute(
        select(OutsideContact.person_id, OutsideContact.kind).where(
            OutsideContact.person_id.in_(person_ids)
        )
    ).all()
    found: dict[int, dict[str, int]] = {}
    for person_id, kind in rows:
        per = found.setdefault(person_id, {k.value: 0 for k in ContactKind})
        per[ContactKind(kind).value] += 1
    return {pid: {k: n for k, n in per.items() if n} for pid, per in found.items()}


# --- the trend -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    """One month of the trend: help done and meetings outside in the circle."""

    month: date
    help_done: int
    met: int


def month_start(day: date, back: int = 0) -> date:
    """The first of ``day``'s month, ``back`` months earlier."""
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def trend(circle: Circle, today: date, months: int = 12) -> tuple[MonthCount, ...]:
    """Help done and meetings outside per month, for the last ``months`` months up to and
    including this one, oldest first. Three queries, none when the page read the year."""
    first = month_start(today, months - 1)
    end = month_start(today, -1)
    facts = _dated(circle, first, end)
    done = Counter(month_start(r.done_at.date()) for r in facts.done if r.done_at)
    met = Counter(month_start(e.met_on) for e in facts.met)
    return tuple(
        MonthCount(m, done[m], met[m])
        for m in (month_start(today, back) for back in range(months - 1, -1, -1))
    )

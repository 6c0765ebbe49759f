"""The circle's help board, read once for the page and the API: its requests with the names
the reader may see, and for each open request the members whose talents fit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from kring.circles.models import Circle
from kring.core.access import Reach, first_name
from kring.exchange import network, service
from kring.exchange.models import HelpRequest, HelpStatus
from kring.extensions import db
from kring.people.models import Person


def namer(reach: Reach) -> Callable[[Person], str]:
    """How much of a name someone with ``reach`` sees: first names below ``contact``."""
    return (lambda p: p.name) if reach >= Reach.contact else (lambda p: first_name(p.name))


@dataclass(frozen=True)
class Fit:
    """A suggested helper for an open request, and why."""

    person_id: int
    name: str
    suggestion: network.Suggestion


@dataclass(frozen=True)
class RequestLine:
    """One request as the board shows it."""

    request: HelpRequest
    asked_by: str
    offered_by: str | None
    fits: tuple[Fit, ...]


@dataclass(frozen=True)
class MatchLine:
    """A wish and a member whose talents fit it, by name, and why."""

    person_id: int
    name: str
    wish: str
    helper_id: int
    helper: str
    category: str | None
    words: tuple[str, ...]


@dataclass(frozen=True)
class Board:
    """A circle's requests (running first, then the latest closed), the current members by
    id and name, and who acts here for the reader (``None``: they only read)."""

    lines: tuple[RequestLine, ...]
    members: dict[int, str]
    me: int | None
    matches: tuple[MatchLine, ...] = ()

    @property
    def running(self) -> list[RequestLine]:
        """Requests still open or being helped with."""
        return [x for x in self.lines if x.request.status in RUNNING]

    @property
    def closed(self) -> list[RequestLine]:
        """The latest closed requests, done or not."""
        return [x for x in self.lines if x.request.status not in RUNNING]

    @property
    def person_ids(self) -> set[int]:
        """Everyone the board names, for the access log."""
        named = set(self.members)
        for line in self.lines:
            named.add(line.request.asked_by_id)
            if line.request.offered_by_id is not None:
                named.add(line.request.offered_by_id)
        return named


RUNNING = (HelpStatus.open, HelpStatus.offered)


def board(circle: Circle, reach: Reach, me: int | None, closed: int = 50) -> Board:
    """The help board of ``circle`` as someone with ``reach`` sees it; ``me`` acts there.
    Every running request, and the latest ``closed`` ones."""
    name = namer(reach)
    members = service.current_members(circle)
    requests = service.requests_of(circle, closed)
    wanted = {r.asked_by_id for r in requests} | {
        r.offered_by_id for r in requests if r.offered_by_id is not None
    }
    people = dict(members)
    missing = wanted - set(people)
    if missing:  # former members who asked or helped
        people.update(
            {
                p.id: p
                for p in db.session.execute(select(Person).where(Person.id.in_(missing))).scalars()
            }
        )
    names = {pid: name(p) for pid, p in people.items()}
    fits = network.suggestions(requests, members)
    lines = tuple(
        RequestLine(
            request=r,
            asked_by=names.get(r.asked_by_id, ""),
            offered_by=names.get(r.offered_by_id) if r.offered_by_id is not None else None,
            fits=tuple(Fit(s.person_id, names[s.person_id], s) for s in fits.get(r.id, [])),
        )
        for r in requests
    )
    fitting = tuple(
        MatchLine(
            m.wish.person_id,
            names[m.wish.person_id],
            m.wish.words,
            m.helper_id,
            names[m.helper_id],
            m.category,
            m.words,
        )
        for m in network.matches(members)
    )
    return Board(lines, {pid: names[pid] for pid in members}, me, fitting)

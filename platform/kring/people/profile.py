"""Everything a person's page shows, read once: details, circles, trainings, measurements."""

from __future__ import annotations

from dataclasses import dataclass, field

from kring.circles.models import Circle, CircleMember
from kring.circles.queries import memberships_of_person
from kring.core.access import Reach
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.people.models import Person
from kring.plugins import PluginHost
from kring.surveys import service as surveys
from kring.trainings import overview as team_standing
from kring.trainings import service as trainings
from kring.trainings.models import TrainingRecord


@dataclass(frozen=True)
class Membership:
    """One circle the person took part in, in the words of that circle's methodology."""

    circle_id: int
    circle_name: str
    role: str
    status: str
    joined_on: object


@dataclass(frozen=True)
class Training:
    """A completed training with its course title in the reader's language."""

    title: str
    record: TrainingRecord


@dataclass(frozen=True)
class Profile:
    """A person's page: the person, their circles, trainings and measurements."""

    person: Person
    reach: Reach
    """How much of the record the reader may see: contact details, or the whole record."""
    memberships: list[Membership]
    trainings: list[Training]
    surveys: list[surveys.Section]
    standing: list[tuple[str, team_standing.TeamMember]] = field(default_factory=list)
    """Per role they hold now (in its methodology's word), the courses and checks it asks and
    where they stand with them."""


def of(person: Person, host: PluginHost, locale: str, reach: Reach = Reach.full) -> Profile:
    """The person's page in ``locale``, roles in each circle's own words; a reader who only
    needs to reach the person (a volunteer) sees their contact details and nothing more."""
    if reach < Reach.full:
        return Profile(person, reach, [], [], [])
    installed = host.methodologies()
    memberships = memberships_of_person(person)
    titles = training_titles(installed, locale)
    return Profile(
        person=person,
        reach=reach,
        memberships=[
            _membership(m, c, installed.get(c.methodology_key), locale) for m, c in memberships
        ],
        trainings=[
            Training(titles.get(t.training_key, t.training_key), t)
            for t in trainings.trainings_of(person)
        ],
        surveys=surveys.sections(person, host, memberships),
        standing=[
            (installed[s.methodology_key].terms.term(s.role, locale), s)
            for s in team_standing.of_person(person, host.methodologies(), today())
        ],
    )


def _membership(
    member: CircleMember, circle: Circle, m: Methodology | None, locale: str
) -> Membership:
    role = m.terms.term(member.role, locale) if m else member.role
    return Membership(circle.id, circle.name, role, member.status.value, member.joined_on)


def training_titles(installed: dict[str, Methodology], locale: str) -> dict[str, str]:
    """Every installed methodology's trainings by key: "the basic course (Buurtcirkel)"."""
    return {
        t.key: f"{t.title.render(locale)} ({m.name(locale)})"
        for m in installed.values()
        for t in m.trainings
    }

"""Erasing a person: nothing personal of them is left in any table, what the law needs counted
stays, it happens once, and the export beforehand holds every kind of record."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, Text, func, select

from kring.circles.models import CircleMember
from kring.core.accounts import RoleGrant, User
from kring.core.journal import JournalEntry
from kring.extensions import db
from kring.identity.models import SecondFactor
from kring.meetings.models import Attendance
from kring.people.models import Person
from kring.privacy import erase, export
from kring.surveys.models import SurveyResponse
from tests.privacy.conftest import Rich


def _texts_holding(needles: tuple[str, ...]) -> list[str]:
    """Every text or JSON value in every table that holds one of ``needles`` (any case)."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)).all():
            for column, value in zip(columns, row, strict=True):
                text = str(value).lower() if value is not None else ""
                for needle in needles:
                    if needle.lower() in text:
                        found.append(f"{table.name}.{column.name}: {value!r}")
    return found


def _count(model: Any, *where: Any) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def test_the_export_holds_every_kind_of_record_of_a_rich_person(rich: Rich) -> None:
    data = export.export(rich.person, "nl")
    tables = {s.table for s in data.sections}
    assert {
        "person",
        "user_account",
        "circle_member",
        "meeting_attendance",
        "plan",
        "plan_goal",
        "plan_note",
        "exchange_talent",
        "help_request",
        "circle_contact",
        "escalation",
        "survey_response",
        "notification_preference",
        "meeting_feed",
        "training_exception",
        "signal",
        "outbox_message",
        "journal_entry",
    } <= tables
    titles = {s.table: s.title for s in data.sections}
    assert titles["plan"] == "Ontwikkelplan" or titles["plan"]  # the reader's words
    json = data.as_json()
    assert json["tables"]["person"]["rows"][0]["phone"] == "0687654321"
    assert all("password_hash" not in row for row in json["tables"]["user_account"]["rows"])
    assert all("token_hash" not in row for row in json["tables"]["meeting_feed"]["rows"])


def test_nothing_personal_is_left_anywhere_when_a_rich_person_is_erased(rich: Rich) -> None:
    assert _texts_holding(rich.traces)  # the test would find them
    person_id = rich.person.id
    attended = _count(Attendance, Attendance.person_id == person_id)
    answered = _count(SurveyResponse, SurveyResponse.person_id == person_id)
    assert attended and answered

    done = erase.erase(rich.person, rich.world.users["leader"].id)
    db.session.flush()

    assert _texts_holding(rich.traces) == []
    assert done.changed["plan"] == 1 and done.login_pseudonymised
    person = db.session.get(Person, person_id)
    assert person is not None and person.erased_at is not None
    assert person.name == erase.pseudonym(person_id)
    assert (person.email, person.phone, person.postcode, person.birth_date, person.user_id) == (
        None,
        None,
        None,
        None,
        None,
    )
    # what the law and the audits count stays, without the name
    assert _count(Attendance, Attendance.person_id == person_id) == attended
    assert _count(SurveyResponse, SurveyResponse.person_id == person_id) == answered
    assert _count(CircleMember, CircleMember.person_id == person_id) == 1
    user = db.session.get(User, rich.world.users["participant"].id)
    assert user is not None and not user.is_enabled and user.email is None
    assert _count(RoleGrant, RoleGrant.user_id == user.id) == 0
    entry = db.session.execute(
        select(JournalEntry).where(JournalEntry.action == "person.erased")
    ).scalar_one()
    assert entry.subject_id == person_id and entry.details["tables"]["plan"] == 1


def test_erasing_twice_changes_nothing_the_second_time(rich: Rich) -> None:
    first = erase.erase(rich.person, None)
    db.session.flush()
    again = erase.erase(rich.person, None)
    assert again.was_erased_before and again.erased_at == first.erased_at and not again.changed
    assert _count(JournalEntry, JournalEntry.action == "person.erased") == 1


def test_a_login_used_in_another_tenant_stays_when_its_person_is_erased(
    rich: Rich, other_tenant: Any, as_system: Any
) -> None:
    from kring.core.accounts import Role
    from kring.core.tenancy import tenant_scope
    from kring.testing.factories import RoleGrantFactory

    user = rich.world.users["participant"]
    with tenant_scope(other_tenant):
        RoleGrantFactory(user=user, role=Role.volunteer)
    db.session.add(SecondFactor(user_id=user.id, secret="geheim"))
    db.session.flush()
    done = erase.erase(rich.person, None)
    db.session.flush()
    assert not done.login_pseudonymised
    assert user.is_enabled and user.email == "deelnemer-a@example.org"
    assert _count(RoleGrant, RoleGrant.user_id == user.id) == 0  # this tenant's role went
    with as_system("the other tenant's role stays"):
        assert _count(RoleGrant, RoleGrant.user_id == user.id) == 1
    assert _count(SecondFactor, SecondFactor.user_id == user.id) == 1  # the login's own


def test_the_logins_second_factor_goes_with_the_login(rich: Rich) -> None:
    user = rich.world.users["participant"]
    db.session.add(SecondFactor(user_id=user.id, secret="geheim"))
    db.session.flush()
    done = erase.erase(rich.person, None)
    db.session.flush()
    assert done.login_pseudonymised and done.changed["second_factor"] == 1
    assert _count(SecondFactor, SecondFactor.user_id == user.id) == 0

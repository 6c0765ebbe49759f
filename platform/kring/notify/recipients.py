"""Who a message reaches, how, and when: addresses, language, channels and quiet hours.

A recipient is a person of the tenant (a member, a volunteer) or a staff login without a person
record. Their ``NotificationPreference`` says which channels they want, when not to be disturbed
and whether they prefer one digest a day; without a row the defaults hold. Someone without an
e-mail address is reached by SMS, so a resident with only a phone still hears of tomorrow's
meeting.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from kring.circles.models import ENDED, CircleMember
from kring.core.accounts import RoleGrant, User
from kring.core.tenancy import Tenant, TenantStatus, current_tenant_id, system_scope, zone
from kring.extensions import db
from kring.notify.models import Channel, NotificationPreference
from kring.people.models import Person


@dataclass(frozen=True, slots=True)
class Recipient:
    """One person as the outbox reaches them."""

    name: str
    email: str | None
    phone: str | None
    locale: str
    zone: ZoneInfo
    person_id: int | None
    user_id: int | None
    preference: NotificationPreference | None


def _tenant() -> Tenant | None:
    return db.session.get(Tenant, current_tenant_id())


def is_receiving() -> bool:
    """Whether the current tenant may be sent anything: a suspended tenant gets nothing."""
    tenant = _tenant()
    return tenant is not None and tenant.status == TenantStatus.active


def receiving_tenants() -> list[int]:
    """The tenants whose messages may go out now: the active ones."""
    with system_scope("the outbox lists the tenants that receive messages"):
        return list(
            db.session.execute(
                select(Tenant.id).where(Tenant.status == TenantStatus.active).order_by(Tenant.id)
            ).scalars()
        )


def preference_of(person_id: int | None, user_id: int | None) -> NotificationPreference | None:
    """The stored preferences of a person, or of a staff login without a person record."""
    if person_id is not None:
        clause = NotificationPreference.person_id == person_id
    else:
        clause = NotificationPreference.user_id == user_id
    return db.session.execute(select(NotificationPreference).where(clause)).scalar_one_or_none()


class Book:
    """The recipients of many intents, read in a few queries: the rule sweep writes hundreds
    of reminders at once, and reading each person, login, preference and membership one by one
    would cost a round trip each. ``for_person`` and ``for_user`` are a book of one.
    """

    def __init__(
        self, person_ids: Collection[int], user_ids: Collection[int], circle_ids: Collection[int]
    ) -> None:
        tenant = _tenant()
        self.tenant = tenant
        staff = (
            db.session.execute(
                select(Person.user_id, func.min(Person.id))
                .where(Person.user_id.in_(user_ids))
                .group_by(Person.user_id)
            ).all()
            if user_ids
            else []
        )
        self.person_of_user: dict[int, int] = {u: p for u, p in staff if u is not None}
        wanted = set(person_ids) | set(self.person_of_user.values())
        self.people: dict[int, Person] = {
            p.id: p
            for p in (
                db.session.execute(select(Person).where(Person.id.in_(wanted))).scalars()
                if wanted
                else ()
            )
        }
        logins = set(user_ids) | {p.user_id for p in self.people.values() if p.user_id}
        self.users: dict[int, User] = {
            u.id: u
            for u in (
                db.session.execute(select(User).where(User.id.in_(logins))).scalars()
                if logins
                else ()
            )
        }
        self.preferences: dict[tuple[str, int], NotificationPreference] = {}
        if self.people or self.users:
            for pref in db.session.execute(
                select(NotificationPreference).where(
                    or_(
                        NotificationPreference.person_id.in_(self.people),
                        NotificationPreference.user_id.in_(self.users),
                    )
                )
            ).scalars():
                owner = ("person", pref.person_id) if pref.person_id else ("user", pref.user_id)
                self.preferences[owner] = pref  # type: ignore[index]
        self.members: set[tuple[int, int]] = set()
        if circle_ids and self.people:
            self.members = {
                (person_id, circle_id)
                for person_id, circle_id in db.session.execute(
                    select(CircleMember.person_id, CircleMember.circle_id).where(
                        CircleMember.circle_id.in_(circle_ids),
                        CircleMember.person_id.in_(self.people),
                        CircleMember.status.not_in(ENDED),
                    )
                ).all()
            }
        self.staff: set[int] = set()
        if circle_ids and self.users:
            self.staff = set(
                db.session.execute(
                    select(RoleGrant.user_id).where(RoleGrant.user_id.in_(self.users)).distinct()
                ).scalars()
            )

    def for_person(self, person_id: int) -> Recipient | None:
        """A person of the current tenant as a recipient; None when there is no such person."""
        person = self.people.get(person_id)
        tenant = self.tenant
        if person is None or tenant is None or person.tenant_id != tenant.id:
            return None
        user = self.users.get(person.user_id) if person.user_id is not None else None
        return Recipient(
            name=person.name,
            email=person.email or (user.email if user is not None else None),
            phone=person.phone,
            locale=(user.locale if user is not None else None) or tenant.locale,
            zone=zone(tenant.locale),
            person_id=person.id,
            user_id=person.user_id,
            preference=self.preferences.get(("person", person.id)),
        )

    def for_user(self, user_id: int) -> Recipient | None:
        """A staff login as a recipient: through their person record in this tenant when they
        have one (so one set of preferences holds), else as the login itself."""
        if user_id in self.person_of_user:
            return self.for_person(self.person_of_user[user_id])
        user = self.users.get(user_id)
        tenant = self.tenant
        if user is None or tenant is None or not user.is_enabled:
            return None
        return Recipient(
            name=user.name,
            email=user.email,
            phone=None,
            locale=user.locale or tenant.locale,
            zone=zone(tenant.locale),
            person_id=None,
            user_id=user.id,
            preference=self.preferences.get(("user", user.id)),
        )

    def is_involved(self, recipient: Recipient, circle_id: int) -> bool:
        """Whether the recipient still belongs to the circle: a current member, or a staff
        login that still holds a role in the tenant. Someone who left hears nothing more."""
        if recipient.person_id is not None and (recipient.person_id, circle_id) in self.members:
            return True
        return recipient.user_id is not None and recipient.user_id in self.staff


def for_person(person_id: int) -> Recipient | None:
    """A person of the current tenant as a recipient; None when there is no such person."""
    return Book([person_id], [], []).for_person(person_id)


def for_user(user_id: int) -> Recipient | None:
    """A staff login as a recipient (through their person record in this tenant, if any)."""
    return Book([], [user_id], []).for_user(user_id)


def channels(recipient: Recipient) -> list[Channel]:
    """The channels a message to ``recipient`` travels by, in their order of preference.

    E-mail when wanted and known; SMS when wanted, or when there is no e-mail address to use;
    in the app when wanted and the person can sign in.
    """
    wants = recipient.preference
    by_email = wants.by_email if wants is not None else True
    by_sms = wants.by_sms if wants is not None else False
    in_app = wants.in_app if wants is not None else True
    chosen = []
    if by_email and recipient.email:
        chosen.append(Channel.email)
    if recipient.phone and (by_sms or Channel.email not in chosen):
        chosen.append(Channel.sms)
    if in_app and recipient.user_id is not None:
        chosen.append(Channel.app)
    return chosen


def _local(moment: datetime, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(moment.astimezone(tz).date(), at, tz)


def _in_quiet_hours(clock: time, start: time, end: time) -> bool:
    if start <= end:
        return start <= clock < end
    return clock >= start or clock < end  # the night: 22:00 to 08:00


def deliver_at(recipient: Recipient, channel: Channel, due_at: datetime) -> tuple[datetime, bool]:
    """When a message due at ``due_at`` may go out, and whether it waits for the daily digest.

    In-app notifications appear when due; an e-mail or SMS in the recipient's quiet hours waits
    until they end, and an e-mail of someone who wants a digest waits for the digest's hour.
    """
    wants = recipient.preference
    if wants is None or channel == Channel.app:
        return due_at, False
    tz = recipient.zone
    if channel == Channel.email and wants.daily_digest:
        digest = _local(due_at, wants.digest_at, tz)
        if digest < due_at:
            digest = _local(due_at + timedelta(days=1), wants.digest_at, tz)
        return digest, True
    if wants.quiet_from is not None and wants.quiet_until is not None:
        local = due_at.astimezone(tz)
        if _in_quiet_hours(local.time(), wants.quiet_from, wants.quiet_until):
            end = _local(due_at, wants.quiet_until, tz)
            if end <= due_at:
                end = _local(due_at + timedelta(days=1), wants.quiet_until, tz)
            return end, False
    return due_at, False

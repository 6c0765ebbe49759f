"""Meetings: a circle's meetings planned from its methodology's pattern, attendance taken at
the door, guests at the kinds of meeting that welcome them, each member's history and calendar
feed, and a signal to the volunteer and coach when someone stays away several times in a row."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import HomePanel, Module, NavEntry

_PEOPLE = frozenset({Role.project_leader, Role.coach, Role.volunteer, Role.participant})

module = Module(
    name="meetings",
    permissions={
        "meeting.view": _PEOPLE,
        "meeting.plan": frozenset({Role.project_leader, Role.coach}),
        "meeting.attend": frozenset({Role.project_leader, Role.coach, Role.volunteer}),
        "meeting.feed": _PEOPLE,
    },
    models=("kring.meetings.models",),
    blueprints=("kring.meetings.views:bp",),
    api=("kring.meetings.api:blp",),
    nav=(
        NavEntry(
            endpoint="meetings.mine",
            label=_l("My meetings"),
            permission="meeting.feed",
            current_when=("meetings.mine", "meetings.feed_"),
        ),
    ),
    home=(
        HomePanel(
            key="next_meeting",
            template="meetings/_next_panel.html",
            load="kring.meetings.home:next_meeting",
            order=10,
        ),
        HomePanel(
            key="missing_meetings",
            template="meetings/_missing_panel.html",
            load="kring.meetings.home:missing",
            order=40,
        ),
    ),
    week=(
        HomePanel(
            key="meetings",
            template="meetings/_week_panel.html",
            load="kring.meetings.week:this_week",
            order=10,
        ),
    ),
    reminders=("kring.meetings.reminders:coming_meetings",),
    init=("kring.meetings.reminders:subscribe",),
    demo=("kring.meetings.demo:give_life",),
    personal=(
        PersonalData(table="meeting", title=_l("Meetings planned"), by=("created_by_id",)),
        PersonalData(
            table="meeting_attendance",
            title=_l("Attendance"),
            person=("person_id",),
            by=("recorded_by_id",),
        ),
        PersonalData(
            table="meeting_guest",
            title=_l("Guests"),
            not_personal={"first_name": "a guest's first name, linked to no person"},
        ),
        PersonalData(
            table="meeting_feed",
            title=_l("Calendar feeds"),
            person=("person_id",),
            erase=Erase.delete,
            secret=("token_hash",),
        ),
    ),
)

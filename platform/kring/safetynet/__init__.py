"""The safety net (vangnet): a volunteer logs contacts with the members of their circle and
raises a question that is too heavy up the methodology's ladder; the coach or project leader
answers it, passes it further up, or resolves it."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import HomePanel, Module, NavEntry

_TEAM = frozenset({Role.project_leader, Role.coach})
_NET = frozenset({Role.project_leader, Role.coach, Role.volunteer})

module = Module(
    name="safetynet",
    permissions={
        "contact.view": _NET,
        "contact.log": _NET,
        "escalation.view": _NET,
        "escalation.raise": frozenset({Role.volunteer}),
        "escalation.handle": _TEAM,
    },
    models=("kring.safetynet.models",),
    blueprints=("kring.safetynet.views:bp",),
    api=("kring.safetynet.api:blp",),
    nav=(
        NavEntry(
            endpoint="safetynet.escalations",
            label=_l("Escalations"),
            permission="escalation.view",
            current_when=("safetynet.escalation",),
        ),
    ),
    home=(
        HomePanel(
            key="open-escalations",
            template="safetynet/_panel_escalations.html",
            load="kring.safetynet.home:open_escalations",
            order=20,
        ),
        HomePanel(
            key="contacts-due",
            template="safetynet/_panel_contacts_due.html",
            load="kring.safetynet.home:contacts_due",
            order=30,
        ),
    ),
    reminders=(
        "kring.safetynet.reminders:overdue_escalations",
        "kring.safetynet.reminders:contacts_due",
    ),
    demo=("kring.safetynet.demo:give_life",),
    personal=(
        PersonalData(
            table="circle_contact",
            title=_l("Contact log"),
            person=("person_id",),
            by=("logged_by_id",),
            erase=Erase.delete,
        ),
        PersonalData(
            table="escalation",
            title=_l("Escalations"),
            person=("person_id",),
            by=("raised_by_id", "answered_by_id", "resolved_by_id"),
            erase=Erase.blank,
            blank=("question", "answer", "resolution"),
        ),
    ),
)

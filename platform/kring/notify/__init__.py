"""Everything that must reach a person: outbox rows first, then delivery by the workers; and
what people see and choose of it: their messages in the app, how they want to be reached, and
the admin's page of messages that failed."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import HomePanel, Module, NavEntry, PeriodicJob

module = Module(
    name="notify",
    permissions={
        "message.read": frozenset(Role),
        "message.set_for": frozenset({Role.coach, Role.project_leader}),
        "outbox.manage": frozenset({Role.tenant_admin}),
        # the development mail log (embedded mode only); what each reads: access/policy/messages.py
        "notify.maillog": frozenset({Role.tenant_admin, Role.project_leader}),
    },
    models=("kring.notify.models",),
    blueprints=("kring.notify.views:bp", "kring.notify.maillog:bp"),
    api=("kring.notify.api:blp", "kring.notify.maillog_api:blp"),
    init=("kring.notify.events:subscribe",),
    jobs=(
        PeriodicJob(job="kring.notify.jobs:sweep", seconds=60),
        PeriodicJob(job="kring.notify.rules:sweep_rules", seconds=300),
    ),
    demo=("kring.notify.demo:plan_reminders",),
    nav=(
        NavEntry(
            endpoint="notify.messages",
            label=_l("My messages"),
            permission="message.read",
            current_when=("notify.messages", "notify.preferences", "notify.read"),
            count="kring.notify.home:unread",
        ),
        NavEntry(
            endpoint="notify.outbox",
            label=_l("Outbox"),
            permission="outbox.manage",
            current_when=("notify.outbox", "notify.retry"),
        ),
    ),
    home=(
        HomePanel(
            key="my-messages",
            template="notify/_home_messages.html",
            load="kring.notify.home:my_messages",
            order=5,
        ),
    ),
    personal=(
        PersonalData(
            table="notification_preference",
            title=_l("How they are reached"),
            person=("person_id",),
            login=("user_id",),
            erase=Erase.delete,
        ),
        PersonalData(
            table="outbox_message",
            title=_l("Messages"),
            person=("person_id",),
            login=("user_id",),
            erase=Erase.delete,
        ),
    ),
)

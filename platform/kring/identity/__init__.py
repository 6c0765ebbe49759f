"""Who you are, made sure of: the second factor (an authenticator app with recovery codes),
sign-in sessions kept on the server (listed, revoked, timed out per role) and asking for the
password again before exports and erasure."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import Module, NavEntry

module = Module(
    name="identity",
    # Every role has an account page; a bearer token reaches none of it (apiaccess.scopes).
    permissions={
        "identity.account": frozenset(Role),
        "identity.reset": frozenset({Role.tenant_admin}),
    },
    models=("kring.identity.models",),
    blueprints=("kring.identity.views:bp", "kring.identity.trainer_views:bp"),
    api=("kring.identity.api:blp", "kring.identity.api:trainer_blp"),
    init=("kring.identity.web:init",),
    nav=(
        NavEntry(
            endpoint="identity.staff",
            label=_l("Second factors"),
            permission="identity.reset",
            current_when=("identity.staff",),
        ),
    ),
    personal=(
        PersonalData(
            table="second_factor",
            title=_l("Second factor"),
            login=("user_id",),
            erase=Erase.delete,
            with_login=True,
            secret=("secret",),
        ),
        PersonalData(
            table="recovery_code",
            title=_l("Recovery codes"),
            login=("user_id",),
            erase=Erase.delete,
            with_login=True,
            secret=("code_hash",),
        ),
        PersonalData(
            table="sign_in_session",
            title=_l("Where you are signed in"),
            login=("user_id",),
            erase=Erase.delete,
            with_login=True,
            secret=("key_digest",),
        ),
    ),
)

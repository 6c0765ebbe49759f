"""Signing in with the tenant's own OpenID provider (one client per tenant, with authlib):
provider accounts linked to Kring logins by (issuer, subject), roles only from Kring."""

from flask import Flask, g
from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import Module, NavEntry

STAFF = frozenset(
    {Role.tenant_admin, Role.project_leader, Role.coach, Role.volunteer, Role.signaler}
)


def init(app: Flask) -> None:
    """The sign-in page shows the tenant's provider, without the auth area knowing of it."""
    from kring.sso.service import enabled_provider

    app.jinja_env.globals["identity_provider"] = lambda: (
        enabled_provider() if g.get("tenant") is not None else None
    )


module = Module(
    name="sso",
    permissions={"sso.link": STAFF, "sso.configure": frozenset({Role.tenant_admin})},
    models=("kring.sso.models",),
    blueprints=("kring.sso.views:bp",),
    api=("kring.sso.api:blp",),
    commands=("kring.sso.cli:secrets_group",),
    init=("kring.sso:init",),
    personal=(
        PersonalData(
            table="external_identity",
            title=_l("Linked accounts"),
            login=("user_id",),
            erase=Erase.delete,
            with_login=True,
        ),
    ),
    nav=(
        NavEntry(
            endpoint="sso.settings",
            label=_l("Sign-in settings"),
            permission="sso.configure",
            current_when=("sso.settings", "sso.save_settings"),
        ),
    ),
)

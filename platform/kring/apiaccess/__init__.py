"""Access to the JSON API without a browser: personal bearer tokens, and integrations that get
tokens with OAuth2 client credentials. Both act as a person and never reach further than they
do on the pages; their scopes narrow that to the parts of Kring chosen."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import Module, NavEntry

module = Module(
    name="apiaccess",
    permissions={
        "apiaccess.personal": frozenset({Role.tenant_admin, Role.project_leader, Role.coach}),
        "apiaccess.clients": frozenset({Role.tenant_admin}),
    },
    models=("kring.apiaccess.models",),
    blueprints=("kring.apiaccess.views:bp", "kring.apiaccess.oauth:bp"),
    api=("kring.apiaccess.api:blp",),
    init=("kring.apiaccess.oauth:init",),
    nav=(
        NavEntry(
            endpoint="apiaccess.clients",
            label=_l("Integrations"),
            permission="apiaccess.clients",
            current_when=("apiaccess.clients", "apiaccess.register_client"),
        ),
        NavEntry(
            endpoint="apiaccess.tokens",
            label=_l("API tokens"),
            permission="apiaccess.personal",
            current_when=("apiaccess.tokens", "apiaccess.create_token"),
        ),
    ),
    personal=(
        PersonalData(
            table="api_client",
            title=_l("Integrations"),
            login=("user_id",),
            erase=Erase.delete,
            secret=("secret_hash",),
        ),
        PersonalData(
            table="api_token",
            title=_l("API tokens"),
            login=("user_id",),
            parent=("client_id", "api_client"),
            erase=Erase.delete,
            secret=("token_hash",),
        ),
    ),
)

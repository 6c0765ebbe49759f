"""Signing in and out, resetting a password, and who the signed-in user is (``/api/v1/me``)."""

from flask_babel import lazy_gettext as _l

from kring.core.personal import Erase, PersonalData
from kring.module import Module

module = Module(
    name="auth",
    blueprints=("kring.auth.views:bp",),
    api=("kring.auth.api:blp",),
    commands=("kring.auth.cli:users",),
    personal=(
        PersonalData(
            table="user_account",
            title=_l("Login"),
            login=("id",),
            erase=Erase.blank,
            blank=("email", "password_hash", "last_login_at"),
            pseudonym=("name",),
            secret=("password_hash",),
        ),
        PersonalData(table="role_grant", title=_l("Roles"), login=("user_id",), erase=Erase.delete),
        PersonalData(table="trainer_grant", title=_l("Central trainer"), login=("user_id",)),
    ),
)

"""Sign-in cards: a personal link or printed QR code that lets a participant sign in without an
e-mail address or a password, handed out (and revoked) by their coach or project leader."""

from flask_babel import lazy_gettext as _l

from kring.core.accounts import Role
from kring.core.personal import Erase, PersonalData
from kring.module import Module

module = Module(
    name="signin",
    permissions={"signin.issue": frozenset({Role.project_leader, Role.coach})},
    models=("kring.signin.models",),
    blueprints=("kring.signin.views:bp",),
    api=("kring.signin.api:blp",),
    demo=("kring.signin.demo:cards",),
    init=("kring.signin.events:subscribe",),
    personal=(
        PersonalData(
            table="sign_in_link",
            title=_l("Sign-in cards"),
            person=("person_id",),
            login=("user_id",),
            by=("issued_by_id",),
            erase=Erase.delete,
            secret=("token_hash",),
        ),
    ),
)

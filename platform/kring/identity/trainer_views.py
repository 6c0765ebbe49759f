"""A central trainer's account, outside any tenant (``/trainer/account``): where they are
signed in, new recovery codes, removing the second factor (then setting up a new one at the
next sign-in). The very pages of a tenant's account (``views.account_pages``); their sign-ins
are global, so a change is logged rather than journaled in a tenant."""

from __future__ import annotations

from flask import Blueprint

from kring.http.access import TRAINER
from kring.identity.views import account_pages

bp = Blueprint("identity_trainer", __name__, url_prefix="/trainer", template_folder="templates")

account_pages(bp, TRAINER, base="trainer/_base.html", sign_in="trainer.login")

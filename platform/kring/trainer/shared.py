"""What the trainer's pages and API share: which methodology the request may read, and the
words to say its facts in."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from kring.core.methodology import Methodology
from kring.http.methodology import locale, methodologies
from kring.trainer import service
from kring.trainer.words import Words


def methodology_or_404(key: str) -> Methodology:
    """The methodology, when the signed-in user is its central trainer; else 404, so a trainer
    of another methodology cannot tell whether it is installed."""
    if key not in service.methodologies_of(current_user):
        abort(404)
    found = methodologies().get(key)
    return found if found is not None else abort(404)


def words_for(methodology: Methodology) -> Words:
    """The methodology's words in the request's language."""
    return Words(methodology, locale())


def yes_no() -> tuple[str, str]:
    """How a yes-or-no piece of evidence reads in the request's language."""
    return _("yes"), _("no")

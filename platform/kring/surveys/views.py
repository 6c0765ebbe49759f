"""The questionnaire pages: a participant's own ("My questionnaires", phone first, one short
form at a time), answered alone or with the volunteer or coach who acts on their behalf."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("surveys", __name__, url_prefix="/t/<tenant>", template_folder="templates")

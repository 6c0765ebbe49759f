"""Pages of the notify area; its blueprint also carries the message templates the outbox
renders in workers."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("notify", __name__, url_prefix="/t/<tenant>", template_folder="templates")

"""An audit's standing, a criterion's verdict and a piece of typed evidence in the reader's
words: what the audit pages, their API and the audit report all say alike."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from kring.audits.models import AuditStatus
from kring.core.methodology import EvidenceField


def status_word(status: AuditStatus) -> str:
    """An audit's status in the reader's words."""
    return {
        AuditStatus.open: _("Open: the coach adds evidence"),
        AuditStatus.submitted: _("Submitted: waiting for the trainer's review"),
        AuditStatus.reviewed: _("Reviewed by the trainer"),
    }[status]


def met_word(met: bool | None) -> str:
    """Whether a criterion was met, in words."""
    if met is None:
        return _("Cannot tell yet")
    return _("Met") if met else _("Not met")


def evidence_value(field: EvidenceField, value: Any, locale: str) -> str:
    """A typed piece of evidence in words: yes or no, a number, a date, the choice's label."""
    if value is None or value == "":
        return "—"
    if field.kind == "bool":
        return _("Yes") if value else _("No")
    if field.kind == "date":
        try:
            return format_date(date.fromisoformat(str(value)), "long")
        except ValueError:
            return str(value)
    if field.kind == "choice":
        label = next((p for key, p in field.choices if key == value), None)
        return label.render(locale) if label is not None else str(value)
    return str(value)

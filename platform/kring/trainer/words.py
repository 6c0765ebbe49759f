"""The trainer's facts in words: a methodology's own terms for phases and roles, its surveys'
and criteria's titles, and the read layer's suppressed counts said as "fewer than 5"."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from kring.core.methodology import Methodology
from kring.trainer.read import SMALL, Count

AUDIT_STATUS = {
    "open": _l("open, evidence being added"),
    "submitted": _l("waiting for review"),
    "reviewed": _l("reviewed"),
    None: _l("no audit yet"),
}
AUDIT_NAMES = ("open", "submitted", "reviewed")
TRAINING_STATE = {
    "all": _l("all trained"),
    "some": _l("not all trained"),
    "none": _l("none trained"),
    "nobody": _l("nobody in this role"),
}


@dataclass(frozen=True)
class Words:
    """What a template or API response of one methodology calls things, in one language."""

    methodology: Methodology
    locale: str

    def term(self, key: str) -> str:
        return self.methodology.terms.term(key, self.locale)

    def phase(self, key: str) -> str:
        return self.term(key)

    def role(self, key: str) -> str:
        return self.term(f"{key}_plural")

    def survey(self, key: str) -> str:
        found = next((s for s in self.methodology.surveys if s.key == key), None)
        return found.title.render(self.locale) if found else key

    def criterion(self, key: str) -> str:
        found = next((c for c in self.methodology.audit_criteria if c.key == key), None)
        return found.title.render(self.locale) if found else key

    def count(self, count: Count) -> str:
        return _("fewer than %(number)s", number=SMALL) if count.value is None else str(count.value)

    def audit_status(self, status: str | None) -> str:
        return str(AUDIT_STATUS.get(status, status or ""))

    def training(self, state: str) -> str:
        return str(TRAINING_STATE.get(state, state))

    def met(self, value: bool | None) -> str:
        if value is None:
            return _("not judged")
        return _("met") if value else _("not met")

"""A methodology's rules and words, looked up for a request: pages and API alike."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import abort, current_app
from flask_babel import format_date, get_locale, gettext

from kring.core.methodology import Methodology, Unmet
from kring.core.rules import explain
from kring.http import enabled_keys
from kring.plugins import MethodologyHooks, PluginError, PluginHost

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def plugin_host() -> PluginHost:
    host: PluginHost = current_app.extensions["kring.plugins"]
    return host


def methodologies() -> dict[str, Methodology]:
    """Every installed methodology by key."""
    return plugin_host().methodologies()


def enabled_methodologies() -> dict[str, Methodology]:
    """The installed methodologies this request's tenant has enabled for an organisation."""
    enabled = enabled_keys()
    return {key: m for key, m in methodologies().items() if key in enabled}


def sensitive_roles() -> dict[str, tuple[str, ...]]:
    """By methodology key, the roles whose members read a note marked sensitive (special
    personal data: health, faith, origin …), as each ladder names them."""
    return {k: m.escalation.sensitive_roles for k, m in methodologies().items() if m.escalation}


def sensitive_role_words(m: Methodology | None) -> str:
    """Who reads sensitive notes, in the methodology's words ("Buurtcirkelcoach")."""
    roles = m.escalation.sensitive_roles if m is not None and m.escalation else ()
    words = ", ".join(m.terms.term(r, locale()) for r in roles) if m is not None else ""
    return words or gettext("writer")


def tenant_term(key: str, generic: str) -> str:
    """The methodology word for ``key`` in this request's language where every methodology the
    tenant has enabled says the same ("Buurtcirkels"), else the core's ``generic`` word: a page
    about all of a tenant's circles speaks its methodology when it has one."""
    here = locale()
    words = {m.terms.term(key, here) for m in enabled_methodologies().values()}
    return words.pop() if len(words) == 1 else generic


def upper_first(text: str) -> str:
    """The text with its first letter a capital, the rest as it was ("buurtteams" in a heading
    is "Buurtteams"; "KeyRing" stays "KeyRing", which Jinja's ``capitalize`` would spoil)."""
    return text[:1].upper() + text[1:]


def recorded_value(value: object) -> str:
    """A recorded fact as a reader reads it: yes or no for a flag, a date in the reader's
    language for an ISO date, the value itself otherwise (never ``True`` or ``2029-01-12``)."""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return format_date(date.fromisoformat(value), "long")
        except ValueError:
            return value
    return str(value)


def locale() -> str:
    """The language of this request ("nl" or "en")."""
    return str(get_locale())


def hooks_for(key: str) -> MethodologyHooks:
    """A methodology's hooks; a record whose plugin is no longer installed cannot be worked
    on, so that answers 409."""
    try:
        return plugin_host().for_methodology(key)
    except PluginError:
        abort(409)


def explain_here(unmet: Unmet, m: Methodology | None) -> str:
    """The refusal in the language of this request."""
    return explain(unmet, m, locale())


def explain_all(unmet: list[Unmet], m: Methodology | None) -> list[str]:
    return [explain_here(u, m) for u in unmet]


def as_json(unmet: Unmet, m: Methodology | None) -> dict[str, Any]:
    """One refusal for the API: the stable rule, the sentence, and its params as data."""
    return {"rule": unmet.rule, "message": explain_here(unmet, m), "params": dict(unmet.params)}

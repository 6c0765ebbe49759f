"""The calendar's words, shared by its pages, its API and its feeds: audiences,
accessibility, days of the week and how an activity repeats, in the reader's language."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from kring.activities.models import Access, Audience

AUDIENCES = {
    Audience.everyone: _l("Everyone"),
    Audience.seniors_75: _l("People aged 75 and over"),
    Audience.seniors_65: _l("People aged 65 and over"),
    Audience.adults: _l("Adults"),
    Audience.families: _l("Families with children"),
    Audience.youth: _l("Young people"),
    Audience.carers: _l("Carers"),
}
ACCESS = {
    Access.wheelchair: _l("Wheelchair accessible"),
    Access.hearing_loop: _l("Hearing loop"),
    Access.accessible_toilet: _l("Accessible toilet"),
    Access.transport: _l("Transport can be arranged"),
}
WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
_ORDINALS = ("1", "2", "3", "4", "-1")
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

REPEATS = {
    "": _l("Once"),
    "daily": _l("Every day"),
    "weekly": _l("Every week on the same day"),
    "fortnightly": _l("Every two weeks on the same day"),
    "monthly_weekday": _l("Every month on the same weekday (for example the second Tuesday)"),
    "monthly": _l("Every month on the same date"),
}


def rrule_for(repeat: str, start: date, until: date | None) -> str | None:
    """The RRULE a choice of ``REPEATS`` means for an activity starting on ``start``."""
    if not repeat:
        return None
    if repeat == "monthly_weekday":
        nth = (start.day - 1) // 7
        rule = f"FREQ=MONTHLY;BYDAY={_ORDINALS[min(nth, 4)]}{_BYDAY[start.weekday()]}"
    else:
        rule = {
            "daily": "FREQ=DAILY",
            "weekly": "FREQ=WEEKLY",
            "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
            "monthly": "FREQ=MONTHLY",
        }[repeat]
    # RFC 5545: with a zoned DTSTART, UNTIL is in UTC; late evening covers any activity that day
    return f"{rule};UNTIL={until:%Y%m%d}T215959Z" if until else rule


def repeat_of(rule: str | None) -> tuple[str, date | None]:
    """The choice of ``REPEATS`` and end date a stored RRULE came from; ``("", None)`` when it
    is not one the form offers (an imported rule is then kept as it is)."""
    if not rule:
        return "", None
    parts = dict(p.split("=", 1) for p in rule.split(";") if "=" in p)
    until = parts.pop("UNTIL", None)
    end = date(int(until[:4]), int(until[4:6]), int(until[6:8])) if until else None
    freq, interval, byday = parts.get("FREQ"), parts.get("INTERVAL", "1"), parts.get("BYDAY")
    if set(parts) - {"FREQ", "INTERVAL", "BYDAY"}:
        return "custom", end
    if freq == "DAILY" and interval == "1" and not byday:
        return "daily", end
    if freq == "WEEKLY" and not byday:
        return {"1": "weekly", "2": "fortnightly"}.get(interval, "custom"), end
    if freq == "MONTHLY" and interval == "1":
        return ("monthly_weekday" if byday else "monthly"), end
    return "custom", end


def audience_words(values: list[str]) -> list[str]:
    """The audiences in the reader's language."""
    return [str(AUDIENCES[Audience(v)]) for v in values if v in Audience.__members__]


def access_words(values: list[str]) -> list[str]:
    """The accessibility in the reader's language."""
    return [str(ACCESS[Access(v)]) for v in values if v in Access.__members__]

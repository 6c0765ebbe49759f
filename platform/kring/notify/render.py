"""A message in its recipient's language: subject, plain text, HTML and the short SMS form.

Rendered when the outbox row is written, so the row holds exactly what will be sent and a
worker needs nothing but its id. The words come from the rule (a ``Phrase`` in both languages);
the frame around them (greeting, the link, why you get this and where to change it) from the
templates ``notify/message.{txt,html}`` and ``notify/digest.{txt,html}``, both extending one
layout. Rendering depends only on its arguments, the tenant and the settings (no clock), so the
snapshot tests in ``tests/notify/test_render.py`` hold every form in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from kring.core.methodology import Params, Phrase
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db

SMS_LENGTH = 300
"""At most two SMS parts (153 characters each in the GSM alphabet): an SMS says what and links to
the rest. A cut SMS ends in three dots, not "…", which is not in the GSM alphabet and would make
the provider send every part in UCS-2, five parts instead of two."""

PREFERENCES_PATH = "/messages/preferences"
"""The page inside the tenant where a person chooses how and when messages reach them."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """One message in every form a channel sends it in."""

    subject: str
    text: str
    html: str
    sms: str


def _tenant() -> Tenant | None:
    return db.session.get(Tenant, current_tenant_id())


def tenant_link(path: str | None) -> str | None:
    """An absolute address of a page of the current tenant, for a message read outside Kring."""
    if path is None:
        return None
    config = current_app.extensions["kring.config"]
    tenant = _tenant()
    slug = tenant.slug if tenant is not None else ""
    if config.base_domain:
        return f"https://{slug}.{config.base_domain}{path}"
    return f"{config.public_url.rstrip('/')}/t/{slug}{path}"


def _frame(locale: str, subject: str, name: str | None, copy_of: str | None) -> dict[str, Any]:
    """What every e-mail's frame needs: the language, the greeting, and the footer's reason
    (the tenant the person takes part in) and link to their message preferences."""
    tenant = _tenant()
    return {
        "locale": locale,
        "subject": subject,
        "name": name,
        "copy_of": copy_of,
        "tenant_name": tenant.name if tenant is not None else "Kring",
        # a contact person has no account: only the participant can stop the copies
        "preferences_url": None if copy_of else tenant_link(PREFERENCES_PATH),
    }


def render(
    *,
    locale: str,
    name: str,
    title: Phrase,
    body: Phrase,
    params: Params,
    link: str | None,
    copy_of: str | None = None,
) -> Rendered:
    """The message to ``name`` in ``locale``; ``copy_of`` names the participant when this is a
    copy for their contact person."""
    subject = title.render(locale, params)
    text = body.render(locale, params)
    url = tenant_link(link)
    with force_locale(locale):
        if copy_of is not None:
            subject = _("Copy for %(name)s: %(subject)s", name=copy_of, subject=subject)
        context = {**_frame(locale, subject, name, copy_of), "text": text, "url": url}
        plain = render_template("notify/message.txt", **context)
        html = render_template("notify/message.html", **context)
    return Rendered(subject=subject, text=plain, html=html, sms=_sms(subject, text, url))


def _sms(subject: str, text: str, url: str | None) -> str:
    """The short form: what, then where; a long text is cut, never the link."""
    words, link = f"{subject}. {text}", f" {url}" if url else ""
    if len(words) + len(link) > SMS_LENGTH:
        words = words[: SMS_LENGTH - len(link) - 3] + "..."
    return words + link


def render_digest(
    *, locale: str, name: str | None, entries: list[tuple[str, str, str | None]]
) -> Rendered:
    """One e-mail gathering ``entries`` (title, sentence, absolute link or None) for ``name``.

    A digest goes by e-mail only, so its ``sms`` form is empty.
    """
    with force_locale(locale):
        subject = _("Your Kring messages (%(count)s)", count=len(entries))
        context = {**_frame(locale, subject, name, None), "entries": entries}
        plain = render_template("notify/digest.txt", **context)
        html = render_template("notify/digest.html", **context)
    return Rendered(subject=subject, text=plain, html=html, sms="")

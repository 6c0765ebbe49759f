"""A message in its recipient's language: subject, plain text, HTML and the short SMS form.

Rendered when the outbox row is written, so the row holds exactly what will be sent and a
worker needs nothing but its id. The words come from the rule (a ``Phrase`` in both languages);
the frame around them (greeting, the button, why you get this) from the templates
``notify/message.txt`` and ``notify/message.html``.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from kring.core.methodology import Params, Phrase
from kring.core.tenancy import Tenant, current_tenant_id
from kring.extensions import db

SMS_LENGTH = 300
"""At most two SMS parts: an SMS says what and links to the rest."""


@dataclass(frozen=True, slots=True)
class Rendered:
    """One message in every form a channel sends it in."""

    subject: str
    text: str
    html: str
    sms: str


def tenant_link(path: str | None) -> str | None:
    """An absolute address of a page of the current tenant, for a message read outside Kring."""
    if path is None:
        return None
    config = current_app.extensions["kring.config"]
    tenant = db.session.get(Tenant, current_tenant_id())
    slug = tenant.slug if tenant is not None else ""
    if config.base_domain:
        return f"https://{slug}.{config.base_domain}{path}"
    return f"{config.public_url.rstrip('/')}/t/{slug}{path}"


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
        context = {
            "name": name,
            "subject": subject,
            "text": text,
            "url": url,
            "copy_of": copy_of,
            "locale": locale,
        }
        plain = render_template("notify/message.txt", **context)
        html = render_template("notify/message.html", **context)
    sms = f"{subject}. {text}" + (f" {url}" if url else "")
    if len(sms) > SMS_LENGTH:
        sms = sms[: SMS_LENGTH - 1] + "…"
    return Rendered(subject=subject, text=plain, html=html, sms=sms)

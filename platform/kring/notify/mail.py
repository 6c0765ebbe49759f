"""Sending one e-mail: SMTP in production, a file under the instance folder when embedded."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

from kring.config import Config


def build(
    config: Config,
    recipient: str,
    subject: str,
    body: str,
    html: str | None = None,
    reference: str | None = None,
) -> EmailMessage:
    """One e-mail from Kring's sender address: plain text, with an HTML twin when given.

    ``reference`` (the outbox row, ``<tenant>-<id>``) becomes a stable ``Message-ID``, so the
    rare second delivery of a row (a worker killed between sending and marking it sent) is
    recognisable as the same message by mail servers and readers.
    """

    message = EmailMessage()
    if reference is not None:
        message["Message-ID"] = f"<outbox-{reference}@kring>"
    message["From"] = config.mail_sender
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send(config: Config, message: EmailMessage, name: str) -> None:
    """Deliver ``message``; without an SMTP server it is written to ``instance/mail/<name>.eml``."""
    if not config.mail_server:
        folder = Path(config.instance_path) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.eml").write_bytes(bytes(message))
        return
    with smtplib.SMTP(config.mail_server, config.mail_port, timeout=30) as smtp:
        if config.mail_use_tls:
            smtp.starttls()
        if config.mail_username:
            smtp.login(config.mail_username, config.mail_password)
        smtp.send_message(message)

"""Sending e-mail: SMTP in production (one connection per delivery batch), a file under the
instance folder when embedded."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
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
    locale: str | None = None,
) -> EmailMessage:
    """One e-mail from Kring's sender address: plain text, with an HTML twin when given.

    ``reference`` (the outbox row, ``<tenant>-<id>``) becomes a stable ``Message-ID``, so the
    rare second delivery of a row (a worker killed between sending and marking it sent) is
    recognisable as the same message by mail servers and readers. ``locale`` becomes its
    ``Content-Language``, so a mail reader's screen reader speaks it in the right language.
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
    if locale is not None:  # after the content: setting it clears every Content-* header
        message["Content-Language"] = locale
    return message


class Connection:
    """One SMTP conversation for many e-mails (a delivery batch): opened at the first e-mail,
    and again after the server hung up or the line broke."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._smtp: smtplib.SMTP | None = None

    def smtp(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = smtplib.SMTP(self.config.mail_server, self.config.mail_port, timeout=30)
            try:
                if self.config.mail_use_tls:
                    smtp.starttls()
                if self.config.mail_username:
                    smtp.login(self.config.mail_username, self.config.mail_password)
            except BaseException:
                smtp.close()
                raise
            self._smtp = smtp
        return self._smtp

    def send(self, message: EmailMessage) -> None:
        try:
            self.smtp().send_message(message)
        except smtplib.SMTPResponseException:
            raise  # the server refused this one mail; the conversation goes on (after RSET)
        except smtplib.SMTPRecipientsRefused:
            raise
        except BaseException:
            self.close()  # a broken line: the next mail opens a new conversation
            raise

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


@contextmanager
def connection(config: Config) -> Iterator[Connection]:
    """An SMTP connection for a batch of ``send`` calls, closed at the end."""
    opened = Connection(config)
    try:
        yield opened
    finally:
        opened.close()


def send(
    config: Config, message: EmailMessage, name: str, through: Connection | None = None
) -> None:
    """Deliver ``message``, over ``through`` when a batch shares one connection; without an
    SMTP server it is written to ``instance/mail/<name>.eml``."""
    if not config.mail_server:
        folder = Path(config.instance_path) / "mail"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.eml").write_bytes(bytes(message))
        return
    if through is not None:
        through.send(message)
        return
    with connection(config) as single:
        single.send(message)

"""What the pages and the API share: a person's data as a file, logged as an export, and the
erasure as one command. Both serve the same bytes and run the same erasure."""

from __future__ import annotations

import json

from flask import Response
from flask_babel import force_locale
from flask_babel import gettext as _

from kring.access import log, policy
from kring.people.models import Person
from kring.privacy import export
from kring.reports import files
from kring.reports.downloads import download

JSON = "application/json"


def export_file(person: Person, kind: str, locale: str) -> Response:
    """The person's data as ``json`` or ``pdf``, written to the access log as an export of
    one resident's record."""
    data = export.export(person, locale)
    if kind == "pdf":
        body: str | bytes = render_pdf(data, locale)
        content_type = files.PDF
    else:
        body = json.dumps(data.as_json(), ensure_ascii=False, indent=2, sort_keys=True)
        content_type = JSON
    log.exported(policy.viewer(), f"person-data.{kind}", person.id, 1)
    return download(body, content_type, files.filename("person", person.id, suffix=kind))


def render_pdf(data: export.PersonalExport, locale: str) -> bytes:
    """The export as a printable, tagged PDF: one table per kind of record."""
    with force_locale(locale):
        title = _("Data of %(name)s", name=data.name)
    return files.pdf("privacy/print/export.html", locale, title, data=data)

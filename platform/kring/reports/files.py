"""Turning a read model into a file: a PDF from a printable template (WeasyPrint), a CSV from
rows. Every report of this area leaves Kring through here, so every file is built alike: A4
with page numbers, tagged for screen readers (PDF/UA where WeasyPrint can), in one language,
and CSV cells that a spreadsheet cannot mistake for a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"


def pdf(template: str, locale: str, title: str, **context: Any) -> bytes:
    """The template rendered in ``locale`` as a tagged PDF (PDF/UA-1: headings, tables and the
    reading order for screen readers; the document's language and title set)."""
    # imported when a PDF is made: it loads Pango, which takes a moment
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with force_locale(locale):
        html = render_template(
            template, locale=locale, title=title, page_footer=_page_footer(), **context
        )
    # A report draws everything from its own HTML: WeasyPrint may fetch nothing (no image, no
    # stylesheet, from the network or the disk), so no value in a report makes the server
    # read a file or call out.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    made: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return made


def _page_footer() -> Markup:
    """ "Page 2 of 5" in the reader's language as a CSS ``content`` value, the numbers left to
    the printer's counters: ``"Pagina " counter(page) " van " counter(pages)``."""
    words = gettext("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    parts = []
    for i, piece in enumerate(words.split("\x00")):
        if i % 2:  # between two NULs: a placeholder, which the printer counts
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "").replace('"', "") + '"')
    return Markup(" ".join(parts))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV with a header line (comma-separated, quoted where needed, lines ending in
    CRLF as RFC 4180 asks)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def cell(value: object) -> str:
    """One CSV cell: empty for nothing, and text a spreadsheet would run as a formula
    (``=``, ``+``, ``-``, ``@`` at its start) kept as text with a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def filename(*parts: object, suffix: str) -> str:
    """A download's file name from its parts ("audit-12-2026-03-01.pdf"), ASCII only."""
    words = "-".join(str(p) for p in parts if p not in (None, ""))
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in words)
    return f"{safe}.{suffix}"

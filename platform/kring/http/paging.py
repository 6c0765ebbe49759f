"""Paged lists for a request: the page a page asks for, the API's paging arguments, and the
``Link`` header that names the next page."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from marshmallow import Schema, fields, validate

from kring.core.paging import MAX_PAGE, PAGE_SIZE, Page


def page_number() -> int:
    """The ``page`` a page's URL asks for; anything that is no page number means the first."""
    number = request.args.get("page", "1")
    return int(number) if number.isdigit() and 0 < int(number) <= MAX_PAGE else 1


class PageArgsSchema(Schema):
    """``?page=&per_page=`` of an API list; a number out of range names the field at fault."""

    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Int(load_default=PAGE_SIZE, validate=validate.Range(min=1, max=PAGE_SIZE))


def paged(page: Page[Any], endpoint: str, **args: Any) -> Any:
    """An API answer of one page: its items, and a ``Link`` header when another page follows."""
    if not page.has_next:
        return page.items
    following = url_for(endpoint, page=page.number + 1, **args)
    return page.items, 200, {"Link": f'<{following}>; rel="next"'}

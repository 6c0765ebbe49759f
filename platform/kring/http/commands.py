"""Running one command of a domain service for a request, the same way for pages and API.

A command either completes or raises ``Refused`` before anything is written. ``perform`` commits
what completed; on a refusal it rolls the transaction back and answers with every reason, in the
methodology's words: as JSON (422 when the request itself was wrong, 409 when the record's state
does not allow it) for the API, or by re-rendering the page the form was on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, make_response
from flask_smorest import abort as api_abort

from kring.core.methodology import Methodology
from kring.core.rules import Refused
from kring.extensions import db
from kring.http.methodology import as_json, explain_all

T = TypeVar("T")

RenderRefusal = Callable[[list[str], int], Any]
"""Re-renders a page with the refusals explained, answering the given status."""


def perform(
    command: Callable[[], T], methodology: Methodology | None, page: RenderRefusal | None = None
) -> T:
    """Run ``command`` and commit; on ``Refused`` roll back and answer with every reason.

    ``methodology`` is None for a command outside any methodology (its refusals name no
    methodology's terms). Without ``page`` the answer is the API's JSON (``message`` and
    ``unmet``); with it, the page it renders.
    """
    try:
        result = command()
    except Refused as refused:
        db.session.rollback()
        reasons = explain_all(refused.unmet, methodology)
        if page is not None:
            abort(make_response(page(reasons, refused.status)))
        api_abort(
            refused.status,
            message="; ".join(reasons),
            unmet=[as_json(u, methodology) for u in refused.unmet],
        )
    db.session.commit()
    return result

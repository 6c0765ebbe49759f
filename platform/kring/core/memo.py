"""Once per page: a value several parts of one page ask for, read from the database once.

A page is built from many areas' panels (``Module.circle``, ``Module.home``), and two of them
may need the same facts (the circle's current members, its network of the last months). Each
asks for them as if alone; this module lets the second ask cost nothing. Only while reading:
outside a request, and in a request that may change data (anything but GET and HEAD), every
ask reads afresh; and whenever the session writes (a flush), what was kept is forgotten, so a
GET that does write (a sign-in's last seen, a tenant file applied in a request context) never
reads its own old values back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

T = TypeVar("T")


def once_per_page(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave earlier in this GET request for the same ``key``."""
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return compute()
    cache: dict[Hashable, object] = g.setdefault("once_per_page", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]  # type: ignore[return-value]


@event.listens_for(Session, "after_flush")
def _forget_after_a_write(session: Session, flush_context: UOWTransaction) -> None:
    """A flush changed rows: every value kept for this page may now be old."""
    if has_app_context():
        g.pop("once_per_page", None)

"""The one guard on every page and API operation that hands out or erases a person's data, so
that what such a request asks of its user is decided in one place for both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from kring.http.access import requires
from kring.identity.web import requires_recent_sign_in

F = TypeVar("F", bound=Callable[..., Any])


def rights_request(permission: str) -> Callable[[F], F]:
    """A view of a rights request: the user's roles must grant ``permission``, and their
    password (and code) must have been given recently in this sign-in, so an unattended
    browser can neither take a copy of a resident's data nor erase it."""

    def decorate(view: F) -> F:
        return requires(permission)(requires_recent_sign_in()(view))

    return decorate

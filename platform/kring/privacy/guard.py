"""The one guard on every page and API operation that hands out or erases a person's data, so
that what such a request asks of its user is decided in one place for both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from kring.http.access import requires

F = TypeVar("F", bound=Callable[..., Any])


def rights_request(permission: str) -> Callable[[F], F]:
    """A view of a rights request: the user's roles must grant ``permission``. Every check a
    rights request needs beyond the permission (a recent sign-in) is added here, once."""

    def decorate(view: F) -> F:
        return requires(permission)(view)

    return decorate

"""Declarative access control: every view says what it needs, and a test checks that it does.

``@requires("circle.edit")`` lets a view run only for a signed-in user whose roles in the
current tenant grant that permission; ``@public`` says a view is open on purpose. Views never
check permissions by hand. Which roles hold a permission is declared by the area that adds it
(its ``Module``); ``check_declared`` refuses to start an app whose views name an unknown one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, url_for
from flask_login import current_user

from kring.core.accounts import Permissions, is_trainer, permissions_in_current_tenant
from kring.http.bearer import scopes_allow

F = TypeVar("F", bound=Callable[..., Any])

PERMISSION_ATTR = "kring_permission"
PUBLIC = "public"
SIGNED_IN = "signed_in"
PLATFORM_ADMIN = "platform.admin"
TRAINER = "trainer"
"""A central trainer of some methodology (a ``TrainerGrant``): pages outside any tenant. Which
methodology's pages they may open is the trainer area's question (``trainer.views``)."""


OWN_DOORS = {TRAINER: "trainer.login", PLATFORM_ADMIN: "platform.login"}
"""Where someone not signed in is sent for the pages outside every tenant."""

# Views that extensions register, public by nature: static files and the OpenAPI document.
PUBLIC_EXTENSION_ENDPOINTS = frozenset({"static", "api-docs.openapi_json"})


def permission_of(view: Callable[..., Any], endpoint: str) -> str | None:
    """The permission a view declared (for class-based views: every method), or None."""
    if endpoint in PUBLIC_EXTENSION_ENDPOINTS:
        return PUBLIC
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        declared = [
            getattr(getattr(view_class, m.lower()), PERMISSION_ATTR, None)
            for m in view_class.methods or ()
        ]
        if not declared or None in declared:
            return None
        return ",".join(sorted(set(filter(None, declared))))
    return getattr(view, PERMISSION_ATTR, None)


def _declare(view: Callable[..., Any], permission: str) -> None:
    setattr(view, PERMISSION_ATTR, permission)


def public(view: F) -> F:
    """Open to everyone, signed in or not (login page, health checks)."""
    _declare(view, PUBLIC)
    return view


def wants_json() -> bool:
    return "/api/" in request.path


def requires(permission: str) -> Callable[[F], F]:
    """Let the view run only when the current user holds ``permission`` in the current tenant."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if wants_json():
                    abort(401)
                login = OWN_DOORS.get(permission, "auth.login")
                return redirect(url_for(login, next=request.full_path.rstrip("?")))
            if not has_permission(permission):
                abort(403)
            return view(*args, **kwargs)

        _declare(guarded, permission)
        return guarded  # type: ignore[return-value]

    return decorate


def has_permission(permission: str) -> bool:
    """Whether the signed-in user holds ``permission`` here; cached for the request."""
    if not current_user.is_authenticated:
        return False
    if not scopes_allow(permission):
        return False
    if permission == SIGNED_IN:
        return True
    if permission == PLATFORM_ADMIN:
        return bool(current_user.is_platform_admin)
    if permission == TRAINER:
        return is_trainer(current_user)
    if g.get("tenant") is None:
        return bool(current_user.is_platform_admin)
    if "permissions" not in g:
        g.permissions = permissions_in_current_tenant(current_user, permission_table())
    return permission in g.permissions


def permission_table() -> Permissions:
    table: Permissions = current_app.extensions["kring.permissions"]
    return table


def check_declared(app: Flask) -> None:
    """Every view declares a permission that some area defines; a typo stops the start."""
    known = app.extensions["kring.permissions"].known | {PUBLIC, SIGNED_IN, PLATFORM_ADMIN, TRAINER}
    for endpoint, view in app.view_functions.items():
        declared = permission_of(view, endpoint)
        unknown = set((declared or "").split(",")) - known - {""}
        if unknown:
            raise ValueError(f"{endpoint} requires unknown permission(s) {sorted(unknown)}")

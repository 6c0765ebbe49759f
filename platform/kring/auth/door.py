"""A sign-in door: the login form, checked the same way at a tenant's door and at the central
trainers' door; only who may enter, what is noted on entering and where they land differ.

Signing in is two steps for whoever has (or must have) a second factor: after the password the
browser holds only a short-lived *pending* sign-in (the login's id, for five minutes and five
codes), never a session; the code (or a recovery code) finishes it. Someone who must have a
second factor and has none is sent to set one up first, and signs in when it is confirmed.
``after_first_factor`` is the one way in after a password or, later, an identity provider:
an OIDC callback calls it with ``provider_mfa=identity.service.provider_did_mfa(claims)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from kring.auth.forms import LoginForm
from kring.core.accounts import User, authenticate
from kring.extensions import db
from kring.http.redirects import safe_next
from kring.identity import service as factors
from kring.identity.forms import CodeForm, qr_code

PENDING = "pending_sign_in"
PENDING_SECONDS = 5 * 60
MAX_TRIES = 5


@dataclass(frozen=True)
class Door:
    """Who may enter through one door and what happens when they do. ``endpoints`` is the
    blueprint whose ``login``, ``second_factor`` and ``enrol`` views this door answers at."""

    key: Callable[[], str]
    """Which door this is ("tenant:roerdal", "trainer"): a password given at one door does not
    finish at another, where ``may_enter`` was never asked."""
    may_enter: Callable[[User], bool]
    entered: Callable[[User], object]
    landing: str
    endpoints: str
    login_template: str
    base_template: str


def sign_in(door: Door) -> Any:
    """The login form on GET; on POST the next step: the code, setting up a second factor, or
    the landing page. Someone ``may_enter`` refuses gets the same answer as a wrong password,
    so the door never tells a stranger that an address has an account elsewhere."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None or not door.may_enter(user):
            error = _("The e-mail address or password is not right.")
        else:
            return after_first_factor(door, user, request.args.get("next", ""))
    status = 200 if error is None and not form.errors else 422
    return render_template(
        door.login_template,
        form=form,
        error=error,
        base=door.base_template,
        endpoints=door.endpoints,
    ), status


def after_first_factor(door: Door, user: User, next_url: str, provider_mfa: bool = False) -> Any:
    """The password (or an identity provider) said who this is: sign in at once when no second
    factor is asked (or the provider already asked one), else hold a pending sign-in and send
    the browser to the code or to setting one up."""
    if provider_mfa:
        return finish(door, user, next_url, passed=True)
    if factors.is_enrolled(user):
        _pend(door, user, next_url)
        return redirect(url_for(f"{door.endpoints}.second_factor"))
    if factors.must_have_second_factor(user):
        _pend(door, user, next_url)
        return redirect(url_for(f"{door.endpoints}.enrol"))
    return finish(door, user, next_url, passed=False)


def _pend(door: Door, user: User, next_url: str) -> None:
    db.session.commit()  # last_login_at; nothing else is written before the second step
    session.clear()
    session[PENDING] = {
        "user": user.id,
        "version": user.session_version,
        "door": door.key(),
        "at": int(time.time()),
        "next": safe_next(next_url, ""),
        "tries": 0,
    }


def pending_user(door: Door) -> User | None:
    """The login waiting at this door for its second step, while the wait is fresh."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("door") != door.key():
        return None
    if time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    if int(pending.get("tries", 0)) >= MAX_TRIES:
        return None
    user = db.session.get(User, int(pending.get("user", 0)))
    if user is None or not user.is_active or user.session_version != pending.get("version"):
        return None
    return user


def _missed(door: Door) -> Any:
    session.pop(PENDING, None)
    flash(_("Your sign-in took too long or had too many wrong codes. Sign in again."), "info")
    return redirect(url_for(f"{door.endpoints}.login"))


def _wrong_code(door: Door) -> str | None:
    """Count a wrong code; None when that was the last try (the caller starts over)."""
    pending = dict(session[PENDING])
    pending["tries"] = int(pending.get("tries", 0)) + 1
    session[PENDING] = pending
    if pending["tries"] >= MAX_TRIES:
        return None
    return _(
        "That code is not right. Enter the 6 digits your app shows now, or one of your "
        "recovery codes."
    )


def finish(door: Door, user: User, next_url: str, *, passed: bool) -> Any:
    """Establish the session: a fresh cookie, a session record (``identity.web``), what the
    door notes, and the landing page."""
    session.clear()
    g.second_factor_passed = passed
    login_user(user)
    door.entered(user)
    db.session.commit()
    return redirect(safe_next(next_url, url_for(door.landing)))


def second_factor(door: Door) -> Any:
    """The second step: a code from the authenticator app or a recovery code."""
    user = pending_user(door)
    if user is None or not factors.is_enrolled(user):
        return _missed(door)
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        try:
            spent = factors.verify(user, form.code.data or "")
        except factors.CodeRefused:
            db.session.rollback()
            error = _wrong_code(door)
            if error is None:
                return _missed(door)
        else:
            answer = finish(door, user, session[PENDING].get("next", ""), passed=True)
            if spent == "recovery":  # after finish: a fresh session would drop the message
                flash(
                    _(
                        "You used a recovery code; each works once. "
                        "Make new ones on your account page."
                    ),
                    "info",
                )
            return answer
    status = 200 if error is None and not form.errors else 422
    return render_template(
        "identity/code.html",
        form=form,
        error=error,
        base=door.base_template,
        action=url_for(f"{door.endpoints}.second_factor"),
    ), status


def enrol(door: Door) -> Any:
    """Setting up a second factor in the middle of signing in: the secret as a QR code and as
    text, confirmed by a first code; then signed in, with the recovery codes shown once."""
    user = pending_user(door)
    if user is None or factors.is_enrolled(user):
        return _missed(door)
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        try:
            codes = factors.confirm_enrolment(user, form.code.data or "")
        except factors.CodeRefused:
            db.session.rollback()
            error = _wrong_code(door)
            if error is None:
                return _missed(door)
        else:
            next_url = session[PENDING].get("next", "")
            finish(door, user, next_url, passed=True)
            return render_template(
                "identity/recovery_codes.html",
                codes=codes,
                base=door.base_template,
                next_url=safe_next(next_url, url_for(door.landing)),
            )
    enrolment = factors.begin_enrolment(user)
    db.session.commit()
    status = 200 if error is None and not form.errors else 422
    return render_template(
        "identity/enrol.html",
        form=form,
        error=error,
        enrolment=enrolment,
        qr=qr_code(enrolment.uri),
        base=door.base_template,
        action=url_for(f"{door.endpoints}.enrol"),
        during_sign_in=True,
    ), status

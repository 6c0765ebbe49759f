"""A sign-in door: the login form, checked the same way at a tenant's door and at the central
trainers' door; only who may enter, what is noted on entering and where they land differ."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from kring.auth.forms import LoginForm
from kring.core.accounts import User, authenticate
from kring.extensions import db
from kring.http.redirects import safe_next


def sign_in(
    template: str,
    may_enter: Callable[[User], bool],
    entered: Callable[[User], object],
    landing: str,
) -> Any:
    """The login form on GET; on POST the signed-in user redirected to ``next`` or
    ``landing``. Someone ``may_enter`` refuses gets the same answer as a wrong password, so the
    door never tells a stranger that an address has an account elsewhere."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None or not may_enter(user):
            error = _("The e-mail address or password is not right.")
        else:
            session.clear()
            login_user(user)
            entered(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next", ""), url_for(landing)))
    status = 200 if error is None and not form.errors else 422
    return render_template(template, form=form, error=error), status

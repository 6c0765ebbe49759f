"""Signing in with the tenant's own provider, linking one's provider account, and the admin's
settings page."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from kring.auth import door
from kring.auth.views import tenant_door
from kring.core import keys
from kring.core.accounts import roles_in_current_tenant
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import public, requires
from kring.http.redirects import safe_next
from kring.identity import service as factors
from kring.onboarding import invitations
from kring.onboarding.service import Invalid
from kring.sso import oidc, service
from kring.sso.forms import LinkForm, ProviderForm

bp = Blueprint("sso", __name__, url_prefix="/t/<tenant>", template_folder="templates")

NEXT = "identity_next"
LINKING = "identity_linking"
"""The session names the login that asked to link its provider account, until the callback."""
INVITED = "identity_invitation"
"""The session names the invitation accepted with the provider, until the callback."""


def _production() -> bool:
    return bool(current_app.extensions["kring.config"].is_production)


def _provider_or_404() -> Any:
    found = service.enabled_provider()
    if found is None:
        abort(404)
    return found


@bp.get("/login/provider")
@public
@limiter.limit(sign_in_limit)
def start() -> Any:
    """Off to the tenant's provider; it sends the browser back to ``callback``."""
    found = _provider_or_404()
    session[NEXT] = safe_next(request.args.get("next", ""), url_for("home.index"))
    return oidc.client_for(found).authorize_redirect(url_for("sso.callback", _external=True))


@bp.get("/login/provider/callback")
@public
@limiter.limit(sign_in_limit)
def callback() -> Any:
    found = _provider_or_404()
    try:
        claims = oidc.claims_of_callback(oidc.client_for(found), found.issuer)
    except oidc.SignInFailed:
        return _refused(
            _("Signing in with %(provider)s did not work. Please try again.", provider=found.label)
        )
    linking = session.pop(LINKING, None)
    if linking is not None and current_user.is_authenticated and current_user.id == linking:
        return _link(found.issuer, str(claims["sub"]))
    invited = session.pop(INVITED, None)
    if invited is not None:
        return _accept(found, claims, invited)
    user = service.user_for(found.issuer, str(claims["sub"]))
    if (
        user is None
        or not user.is_active
        or not (user.is_platform_admin or roles_in_current_tenant(user))
    ):
        db.session.commit()
        return _refused(
            _(
                "This %(provider)s account is not linked to anyone here. Sign in "
                "with your password once and link it, or ask your administrator for an "
                "invitation.",
                provider=found.label,
            )
        )
    # The same door as the password: Kring's second factor follows unless the provider asked
    # one itself and the tenant accepts that.
    return door.after_first_factor(
        tenant_door(),
        user,
        session.get(NEXT) or "",
        provider_mfa=found.trusts_mfa and factors.provider_did_mfa(claims),
    )


@bp.post("/invitations/<token>/provider")
@public
@limiter.limit(sign_in_limit)
def accept_invitation(token: str) -> Any:
    """Accept an invitation by signing in to the tenant's provider: the new login is made when
    the provider sends the browser back, linked to that provider account, with no password."""
    found = _provider_or_404()
    try:
        invitation = invitations.for_token(keys.signing_keys(), token)
    except invitations.Unusable:
        return render_template("onboarding/invitation_invalid.html"), 400
    if not LinkForm().validate_on_submit() or invitations.existing_account(invitation):
        return redirect(url_for("invitations.accept", token=token))
    session[INVITED] = invitation.id
    session[NEXT] = url_for("home.index")
    return oidc.client_for(found).authorize_redirect(url_for("sso.callback", _external=True))


def _accept(found: Any, claims: dict[str, Any], invited: object) -> Any:
    """The invitation accepted with the provider account that just signed in: a new login with
    the invited role, keyed on (issuer, subject), then the same door as every sign-in."""
    invitation = invitations.still_open(invited)
    if invitation is None:
        return render_template("onboarding/invitation_invalid.html"), 400
    subject = str(claims["sub"])
    if service.user_for(found.issuer, subject) is not None:
        db.session.rollback()
        return _refused(_("That account is already linked to someone else."))
    try:
        user = invitations.accept_without_password(invitation, str(claims.get("name") or ""))
    except Invalid:
        db.session.rollback()
        return redirect(url_for("home.index"))
    service.link(user, found.issuer, subject)
    db.session.commit()
    return door.after_first_factor(
        tenant_door(),
        user,
        url_for("home.index"),
        provider_mfa=found.trusts_mfa and factors.provider_did_mfa(claims),
    )


def _refused(message: str) -> Any:
    return render_template("sso/refused.html", message=message), 401


def _link(issuer: str, subject: str) -> Any:
    try:
        service.link(current_user, issuer, subject)
    except service.AlreadyLinked:
        db.session.rollback()
        flash(_("That account is already linked to someone else."), "error")
        return redirect(url_for("sso.account"))
    db.session.commit()
    flash(_("Your account is linked. Next time you can sign in with it."), "success")
    return redirect(url_for("sso.account"))


@bp.get("/account/sign-in")
@requires("sso.link")
def account() -> Any:
    return render_template(
        "sso/account.html",
        provider=service.enabled_provider(),
        links=service.links_of(current_user),
        form=LinkForm(),
    )


@bp.post("/account/sign-in")
@requires("sso.link")
def link() -> Any:
    """Prove the provider account is one's own by signing in to it, then link it."""
    found = _provider_or_404()
    if not LinkForm().validate_on_submit():
        return redirect(url_for("sso.account"))
    session[LINKING] = current_user.id
    session[NEXT] = url_for("sso.account")
    return oidc.client_for(found).authorize_redirect(url_for("sso.callback", _external=True))


def _settings_page(form: ProviderForm, status: int = 200) -> Any:
    return render_template(
        "sso/settings.html",
        form=form,
        provider=service.provider(),
        callback_url=url_for("sso.callback", _external=True),
        remove_form=LinkForm(),
    ), status


@bp.get("/admin/sign-in")
@requires("sso.configure")
def settings() -> Any:
    found = service.provider()
    form = ProviderForm(obj=found) if found is not None else ProviderForm()
    return _settings_page(form)


@bp.post("/admin/sign-in")
@requires("sso.configure")
def save_settings() -> Any:
    form = ProviderForm()
    if not form.validate_on_submit():
        return _settings_page(form, 422)
    found = service.provider()
    if found is None and not form.client_secret.data:
        form.client_secret.errors = [_("Enter the client secret the provider gave you.")]
        return _settings_page(form, 422)
    problem = oidc.check_discovery(form.issuer.data or "", _production())
    if problem is not None:
        form.issuer.errors = [str(oidc.PROBLEMS[problem])]
        return _settings_page(form, 422)
    service.configure(_settings(form), current_user.id)
    db.session.commit()
    flash(_("The sign-in settings are saved."), "success")
    return redirect(url_for("sso.settings"))


def _settings(form: ProviderForm) -> service.ProviderSettings:
    return service.ProviderSettings(
        issuer=form.issuer.data or "",
        client_id=form.client_id.data or "",
        client_secret=form.client_secret.data or None,
        label=form.label.data or "",
        trusts_mfa=bool(form.trusts_mfa.data),
        is_enabled=bool(form.is_enabled.data),
    )


@bp.post("/admin/sign-in/remove")
@requires("sso.configure")
def remove_settings() -> Any:
    found = service.provider()
    if found is not None and LinkForm().validate_on_submit():
        service.remove(found, current_user.id)
        db.session.commit()
        flash(_("Staff sign in with their password again."), "success")
    return redirect(url_for("sso.settings"))

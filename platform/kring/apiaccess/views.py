"""Pages for API access: a person's own tokens, and the tenant's integrations (admins only)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kring.apiaccess import scopes, service
from kring.apiaccess.forms import ClientForm, PersonalTokenForm, RevokeForm
from kring.apiaccess.models import ApiClient, ApiToken
from kring.core.db import utcnow
from kring.extensions import db
from kring.http.access import requires
from kring.http.methodology import tenant_term, upper_first
from kring.http.tenancy import get_or_404, get_or_none


def area_labels() -> dict[str, str]:
    """Each area's name for the person choosing, the circles in their methodology's word."""
    labels = {area: str(label) for area, label in scopes.AREAS.items()}
    labels["circle"] = upper_first(tenant_term("circle_plural", labels["circle"]))
    return labels


bp = Blueprint("apiaccess", __name__, url_prefix="/t/<tenant>", template_folder="templates")

PERSONAL = "apiaccess.personal"
CLIENTS = "apiaccess.clients"


def _tokens_page(form: PersonalTokenForm, issued: service.Issued | None = None) -> Any:
    return render_template(
        "apiaccess/tokens.html",
        form=form,
        tokens=service.personal_tokens(current_user),
        issued=issued,
        revoke_form=RevokeForm(),
        describe=scopes.describe,
        labels=area_labels(),
        now=utcnow(),
    ), 422 if form.errors else 200


@bp.get("/account/api-tokens")
@requires(PERSONAL)
def tokens() -> Any:
    return _tokens_page(PersonalTokenForm())


@bp.post("/account/api-tokens")
@requires(PERSONAL)
def create_token() -> Any:
    """The secret is on this answer and nowhere else: it is not stored, only its digest."""
    form = PersonalTokenForm()
    if not form.validate_on_submit():
        return _tokens_page(form)
    issued = service.create_personal(
        current_user, form.name.data or "", form.chosen_scopes(), int(form.days.data or 0)
    )
    db.session.commit()
    return _tokens_page(PersonalTokenForm(formdata=None), issued)


@bp.post("/account/api-tokens/<int:token_id>/revoke")
@requires(PERSONAL)
def revoke_token(token_id: int) -> Any:
    token = get_or_none(ApiToken, token_id)
    if token is None or not service.owns(current_user, token):
        abort(404)
    if not RevokeForm().validate_on_submit():
        return redirect(url_for("apiaccess.tokens"))
    service.revoke(token, current_user.id)
    db.session.commit()
    flash(_("The token %(name)s no longer works.", name=token.name), "success")
    return redirect(url_for("apiaccess.tokens"))


def _clients_page(form: ClientForm, issued: service.Issued | None = None) -> Any:
    return render_template(
        "apiaccess/clients.html",
        form=form,
        clients=service.clients(),
        issued=issued,
        revoke_form=RevokeForm(),
        describe=scopes.describe,
        labels=area_labels(),
    ), 422 if form.errors else 200


@bp.get("/admin/integrations")
@requires(CLIENTS)
def clients() -> Any:
    return _clients_page(ClientForm())


@bp.post("/admin/integrations")
@requires(CLIENTS)
def register_client() -> Any:
    form = ClientForm()
    if form.validate_on_submit() and service.name_taken(form.name.data or ""):
        form.name.errors = [_("An integration with this name already exists.")]
    if form.errors or not form.is_submitted():
        return _clients_page(form)
    issued = service.register_client(current_user, form.name.data or "", form.chosen_scopes())
    db.session.commit()
    return _clients_page(ClientForm(formdata=None), issued)


@bp.post("/admin/integrations/<int:client_id>/revoke")
@requires(CLIENTS)
def revoke_client(client_id: int) -> Any:
    client = get_or_404(ApiClient, client_id)
    if RevokeForm().validate_on_submit():
        service.revoke_client(client, current_user.id)
        db.session.commit()
        flash(_("%(name)s can no longer use the API.", name=client.name), "success")
    return redirect(url_for("apiaccess.clients"))

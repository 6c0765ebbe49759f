"""Pages of the notify area: "My messages" (the inbox in the app), how a person wants to be
reached (set by themself, or for a participant by their coach or project leader), and the
admin's page of messages that failed. Its blueprint also carries the message templates the
outbox renders in workers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from kring.access import policy
from kring.core.access import acting_for
from kring.core.db import utcnow
from kring.core.tenancy import zone
from kring.extensions import db
from kring.http.access import requires
from kring.http.paging import page_number
from kring.notify import failures, inbox, preferences
from kring.notify import service as notify
from kring.notify.forms import CHANNEL_LABELS, CHANNEL_NAMES, ActionForm, PreferencesForm
from kring.notify.models import OutboxMessage
from kring.notify.preferences import Owner

bp = Blueprint("notify", __name__, url_prefix="/t/<tenant>", template_folder="templates")


def local(moment: datetime) -> str:
    """A UTC time on the tenant's wall clock, as people read it ("2 dec. 2026, 19:00")."""
    at = moment.astimezone(zone(g.tenant.locale))
    return f"{format_date(at.date(), 'medium')}, {at.strftime('%H:%M')}"


def link_of(message: OutboxMessage) -> str | None:
    """Where a message points: a path inside this tenant, never anywhere else."""
    link = message.link or ""
    if not link.startswith("/") or link.startswith("//") or "\\" in link:
        return None
    return url_for("home.index").rstrip("/") + link


# --- my messages ----------------------------------------------------------------------------


@bp.get("/messages")
@requires("message.read")
def messages() -> Any:
    page = inbox.listing(current_user.id, page_number())
    return render_template(
        "notify/messages.html",
        page=page,
        unread=inbox.unread_count(current_user.id),
        link_of=link_of,
        local=local,
        form=ActionForm(),
    )


@bp.post("/messages/<int:message_id>/read")
@requires("message.read")
def read(message_id: int) -> Any:
    """Mark one message read; with ``open``, go on to the page it points to."""
    message = policy.own_message_or_404(message_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    inbox.mark_read(message, utcnow())
    db.session.commit()
    target = link_of(message) if request.form.get("open") else None
    if target is None:
        flash(_("Marked as read."), "success")
    return redirect(target or url_for("notify.messages", _anchor=f"message-{message.id}"))


@bp.post("/messages/read-all")
@requires("message.read")
def read_all() -> Any:
    if not ActionForm().validate_on_submit():
        abort(400)
    inbox.mark_all_read(current_user.id, utcnow())
    db.session.commit()
    flash(_("All messages are marked as read."), "success")
    return redirect(url_for("notify.messages"))


# --- preferences ----------------------------------------------------------------------------


def _preferences_page(owner: Owner, form: PreferencesForm | None, is_own: bool) -> Any:
    shown = preferences.read(owner)
    form = form or PreferencesForm.of(shown.choices)
    label = (
        _("Send copies of my messages to my contact person")
        if is_own
        else _("Send copies of the messages to their contact person")
    )
    form.copy_to_contact.label.text = label
    status = 422 if form.errors else 200
    return render_template(
        "notify/preferences.html",
        shown=shown,
        form=form,
        is_own=is_own,
        channel_labels=CHANNEL_LABELS,
    ), status


def _save(owner: Owner, is_own: bool, back: str) -> Any:
    form = PreferencesForm()
    if not form.check():
        return _preferences_page(owner, form, is_own)
    saved = preferences.save(owner, form.choices(), current_user.id)
    db.session.commit()
    flash(_("Your choices are saved."), "success")
    if not saved.reached_by:
        flash(_("With these choices no message reaches anyone."), "error")
    return redirect(back)


def _own() -> tuple[Owner, bool]:
    """The signed-in user's own preferences, or those of the participant they act for."""
    person_id = acting_for()
    if person_id is not None:
        return preferences.owner_of_person(policy.preferences_person_or_404(person_id)), False
    return preferences.owner_of_user(current_user), True


@bp.route("/messages/preferences", methods=["GET", "POST"])
@requires("message.read")
def preferences_page() -> Any:
    owner, is_own = _own()
    if request.method == "POST":
        return _save(owner, is_own, url_for("notify.preferences_page"))
    return _preferences_page(owner, None, is_own)


@bp.route("/people/<int:person_id>/message-preferences", methods=["GET", "POST"])
@requires("message.set_for")
def person_preferences(person_id: int) -> Any:
    person = policy.preferences_person_or_404(person_id)
    owner = preferences.owner_of_person(person)
    is_own = person.id in policy.viewer().person_ids
    if request.method == "POST":
        return _save(owner, is_own, url_for("notify.person_preferences", person_id=person.id))
    return _preferences_page(owner, None, is_own)


# --- the admin's outbox ---------------------------------------------------------------------


@bp.get("/admin/outbox")
@requires("outbox.manage")
def outbox() -> Any:
    return render_template(
        "notify/outbox.html",
        counts=failures.counts(),
        page=failures.failed(page_number()),
        channel_names=CHANNEL_NAMES,
        local=local,
        form=ActionForm(),
    )


@bp.post("/admin/outbox/<int:message_id>/retry")
@requires("outbox.manage")
def retry(message_id: int) -> Any:
    message = policy.failed_message_or_404(message_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    notify.retry(message, utcnow())
    db.session.commit()
    flash(_("The message will be sent again."), "success")
    return redirect(url_for("notify.outbox"))


@bp.post("/admin/outbox/retry-all")
@requires("outbox.manage")
def retry_all() -> Any:
    if not ActionForm().validate_on_submit():
        abort(400)
    count = failures.retry_all(utcnow())
    db.session.commit()
    flash(_("%(count)s messages will be sent again.", count=count), "success")
    return redirect(url_for("notify.outbox"))

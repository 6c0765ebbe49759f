"""The central trainer's pages, outside any tenant (``/trainer/``): sign in, their
methodologies, the overview across tenants, the circles with filters, one circle, tenants side
by side with trends, the outliers, and the audits waiting for review.

Every page renders a read model of ``kring.trainer.read`` (aggregates and circle-level facts,
small counts suppressed) and nothing else; a methodology the trainer is not a trainer of
answers 404, like a circle of another methodology.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from kring import charts
from kring.auth import door
from kring.core.accounts import User, is_trainer
from kring.core.db import today
from kring.extensions import db, limiter, sign_in_limit
from kring.http.access import TRAINER, public, requires
from kring.http.commands import perform
from kring.http.methodology import locale, methodologies
from kring.http.paging import page_number
from kring.trainer import read, review, service
from kring.trainer.forms import review_form
from kring.trainer.refresh import FIDELITY_DROP, SMALL_FOR_MONTHS
from kring.trainer.shared import methodology_or_404, words_for, yes_no
from kring.trainer.words import AUDIT_NAMES

log = logging.getLogger(__name__)

bp = Blueprint("trainer", __name__, url_prefix="/trainer", template_folder="templates")


def _trainer_door() -> door.Door:
    return door.Door(
        key=lambda: "trainer",
        may_enter=is_trainer,
        entered=_entered,
        landing="trainer.index",
        endpoints="trainer",
        login_template="trainer/login.html",
        base_template="trainer/_base.html",
    )


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def login() -> Any:
    """The central trainers' door; a tenant's staff member is refused like a wrong password."""
    return door.sign_in(_trainer_door())


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def second_factor() -> Any:
    """The second step of a central trainer's sign-in: the code from the authenticator app."""
    return door.second_factor(_trainer_door())


@bp.route("/login/second-factor", methods=["GET", "POST"])
@public
@limiter.limit(sign_in_limit, methods=["POST"])
def enrol() -> Any:
    """Setting up the second factor every central trainer must have, after the password."""
    return door.enrol(_trainer_door())


def _entered(user: User) -> None:
    # Signing in enters no tenant, so there is no tenant journal to write to; the reads that
    # enter one (an audit) are journaled there.
    log.info("central trainer %s signed in", user.id)


@bp.post("/logout")
@requires(TRAINER)
def logout() -> Any:
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("trainer.login"))


@bp.get("/")
@requires(TRAINER)
def index() -> Any:
    """The trainer's methodologies, each with its headline figures."""
    shown = []
    for key in service.methodologies_of(current_user):
        methodology = methodologies().get(key)
        if methodology is not None:
            shown.append((words_for(methodology), read.overview(key, today())))
    return render_template("trainer/index.html", shown=shown)


@bp.get("/<methodology>/")
@requires(TRAINER)
def overview(methodology: str) -> Any:
    found = methodology_or_404(methodology)
    view = read.overview(methodology, today(), page_number())
    words = words_for(found)
    tenants = view.tenants
    fidelity = charts.bars([(t.name, t.average_fidelity) for t in tenants.items])
    return render_template(
        "trainer/overview.html",
        methodology=found,
        view=view,
        tenants=tenants,
        words=words,
        fidelity_chart=fidelity,
    )


def filters_from(args: Any) -> read.Filters:
    """The list's filters from the query string; what is not a valid value filters nothing."""
    tenant = args.get("tenant", "")
    below = args.get("fidelity_below", "")
    status = args.get("audit", "")
    return read.Filters(
        tenant_id=int(tenant) if tenant.isdigit() and int(tenant) < 2**31 else None,
        phase=args.get("phase") or None,
        audit_status=status if status in (*AUDIT_NAMES, "none", "overdue") else None,
        fidelity_below=int(below) if below.isdigit() and int(below) <= 100 else None,
        is_small=args.get("small") == "1",
    )


@bp.get("/<methodology>/circles")
@requires(TRAINER)
def circles(methodology: str) -> Any:
    found = methodology_or_404(methodology)
    filters = filters_from(request.args)
    page = read.circles(methodology, filters, today(), page_number())
    kept = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "trainer/circles.html",
        methodology=found,
        words=words_for(found),
        page=page,
        filters=filters,
        kept=kept,
        tenants=read.tenant_names(methodology),
        audit_names=AUDIT_NAMES,
    )


@bp.get("/<methodology>/circles/<int:fact_id>")
@requires(TRAINER)
def circle(methodology: str, fact_id: int) -> Any:
    found = methodology_or_404(methodology)
    detail = read.circle(methodology, fact_id, today()) or abort(404)
    fidelity = charts.line([m.fidelity for m in detail.months])
    return render_template(
        "trainer/circle.html",
        methodology=found,
        words=words_for(found),
        detail=detail,
        fidelity_chart=fidelity,
    )


@bp.get("/<methodology>/compare")
@requires(TRAINER)
def compare(methodology: str) -> Any:
    """Tenants side by side, and the methodology's last year month by month."""
    found = methodology_or_404(methodology)
    view = read.overview(methodology, today(), page_number())
    trend = read.trend(methodology, [t.tenant_id for t in view.tenants.items])
    return render_template(
        "trainer/compare.html",
        methodology=found,
        words=words_for(found),
        tenants=view.tenants,
        trend=trend,
        trend_chart=charts.line(trend.fidelity.get(None, [])),
    )


@bp.get("/<methodology>/outliers")
@requires(TRAINER)
def outliers(methodology: str) -> Any:
    found = methodology_or_404(methodology)
    return render_template(
        "trainer/outliers.html",
        methodology=found,
        words=words_for(found),
        page=read.outliers(methodology, today(), page_number()),
        small_months=SMALL_FOR_MONTHS,
        drop=FIDELITY_DROP,
    )


@bp.get("/<methodology>/audits")
@requires(TRAINER)
def audits(methodology: str) -> Any:
    """The audits waiting for the trainer's review, in every tenant, the longest waiting first."""
    found = methodology_or_404(methodology)
    return render_template(
        "trainer/audits.html",
        methodology=found,
        words=words_for(found),
        page=read.waiting_audits(methodology, today(), page_number()),
    )


@bp.route("/<methodology>/audits/<int:fact_id>", methods=["GET", "POST"])
@requires(TRAINER)
def audit(methodology: str, fact_id: int) -> Any:
    """A circle's latest audit: criteria, automatic figures and typed evidence, never the
    remark; read inside the audit's tenant and journaled there. While it waits for review, the
    trainer's review form: a score, verdicts and follow-up actions."""
    found = methodology_or_404(methodology)
    detail = read.circle(methodology, fact_id, today()) or abort(404)
    where = read.audit_of(methodology, fact_id) or abort(404)
    view = review.read_audit(*where, found, current_user, locale(), yes_no())
    if view is None:
        abort(404)
    db.session.commit()  # the journal entry of the read
    words = words_for(found)
    form = None
    if view.is_waiting:
        form = review_form(
            [(f.criterion_key, f.title) for f in view.findings], words.term("circle")
        )

    def page(status: int = 200, refusals: list[str] | None = None) -> Any:
        return render_template(
            "trainer/audit.html",
            methodology=found,
            words=words,
            row=detail.circle,
            audit=view,
            form=form,
            refusals=refusals or [],
        ), status

    if request.method == "GET":
        return page()
    if form is None:  # reviewed already: nothing to give
        return page(409, [_("This audit is not waiting for a review.")])
    if not form.validate_on_submit():
        return page(422)
    given = perform(
        lambda: review.give_review(
            *where,
            found,
            current_user,
            form.score.data,
            form.verdicts(),
            form.planned(),
            today(),
        ),
        found,
        lambda refusals, status: page(status, refusals),
    )
    if not given:
        abort(404)
    flash(_("Your review is saved; the circle's coach and project leader see it."), "success")
    return redirect(url_for("trainer.audits", methodology=methodology), 303)

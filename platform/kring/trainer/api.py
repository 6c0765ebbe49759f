"""The central trainer's pages as JSON (``/api/v1/trainer/...``), outside any tenant: the same
read models of ``kring.trainer.read``, so what a page may not show the API cannot give either.

A count of people under five is ``{"value": null, "text": "fewer than 5"}``; an average over
fewer than five answers is ``null``. Names in the answers are the methodology's own words in
the reader's language, with the keys beside them for scripts.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from kring.audits.review import PlannedAction
from kring.audits.service import TEXT_MAX
from kring.core.db import today
from kring.core.methodology import Methodology
from kring.core.paging import MAX_PAGE, Page
from kring.extensions import db
from kring.http.access import TRAINER, requires
from kring.http.commands import perform
from kring.http.methodology import locale, methodologies
from kring.http.paging import paged
from kring.trainer import read, review, service
from kring.trainer.shared import methodology_or_404, words_for, yes_no
from kring.trainer.words import AUDIT_NAMES, Words

blp = Blueprint(
    "api_trainer",
    __name__,
    url_prefix="/api/v1/trainer",
    description="The central trainer: a methodology's circles across tenants, pseudonymised",
)


class TrainerCountSchema(Schema):
    value = fields.Int(allow_none=True, metadata={"description": "null when fewer than 5"})
    text = fields.Str()


class TrainerOutcomeSchema(Schema):
    survey = fields.Str()
    title = fields.Str()
    average = fields.Float(allow_none=True, metadata={"description": "null under 5 answers"})
    answers = fields.Nested(TrainerCountSchema)


class TrainerCircleSchema(Schema):
    id = fields.Int()
    tenant_id = fields.Int()
    tenant = fields.Str()
    code = fields.Str()
    label = fields.Str(metadata={"description": "the neighbourhood, never the circle's name"})
    phase = fields.Str()
    phase_label = fields.Str()
    size = fields.Nested(TrainerCountSchema)
    fidelity = fields.Int(allow_none=True)
    fidelity_before = fields.Int(allow_none=True)
    is_fidelity_dropping = fields.Bool()
    audit_status = fields.Str(allow_none=True)
    audit_status_label = fields.Str()
    audit_due_on = fields.Date(allow_none=True)
    audit_score = fields.Int(allow_none=True)
    is_audit_overdue = fields.Bool()
    months_small = fields.Int()
    findings = fields.Dict(keys=fields.Str(), values=fields.Bool(allow_none=True))


class TrainerTrainingSchema(Schema):
    role = fields.Str()
    role_label = fields.Str()
    state = fields.Str(validate=validate.OneOf(("all", "some", "none", "nobody")))
    state_label = fields.Str()


class TrainerMonthSchema(Schema):
    month = fields.Date()
    size = fields.Nested(TrainerCountSchema)
    fidelity = fields.Float(allow_none=True)


class TrainerCircleDetailSchema(Schema):
    circle = fields.Nested(TrainerCircleSchema)
    outcomes = fields.List(fields.Nested(TrainerOutcomeSchema))
    trainings = fields.List(fields.Nested(TrainerTrainingSchema))
    months = fields.List(fields.Nested(TrainerMonthSchema))


class TrainerTrainedSchema(Schema):
    role = fields.Str()
    trained = fields.Nested(TrainerCountSchema)
    total = fields.Nested(TrainerCountSchema)


class TrainerTenantSchema(Schema):
    tenant_id = fields.Int()
    name = fields.Str()
    circles = fields.Int()
    members = fields.Nested(TrainerCountSchema)
    average_fidelity = fields.Float(allow_none=True)
    small_circles = fields.Int()
    audits_overdue = fields.Int()
    audits_waiting = fields.Int()
    phases = fields.Dict(keys=fields.Str(), values=fields.Int())
    outcomes = fields.List(fields.Nested(TrainerOutcomeSchema))
    trained = fields.List(fields.Nested(TrainerTrainedSchema))


class TrainerOverviewSchema(Schema):
    methodology = fields.Str()
    circles = fields.Int()
    members = fields.Nested(TrainerCountSchema)
    average_fidelity = fields.Float(allow_none=True)
    phases = fields.Dict(keys=fields.Str(), values=fields.Int())
    tenants = fields.List(fields.Nested(TrainerTenantSchema))
    outcomes = fields.List(fields.Nested(TrainerOutcomeSchema))
    outliers = fields.Int()
    has_more_tenants = fields.Bool()
    audits_waiting = fields.Int()


class TrainerTrendSeriesSchema(Schema):
    tenant_id = fields.Int(allow_none=True, metadata={"description": "null: every tenant"})
    fidelity = fields.List(fields.Float(allow_none=True))
    members = fields.List(fields.Nested(TrainerCountSchema))


class TrainerTrendSchema(Schema):
    months = fields.List(fields.Date())
    series = fields.List(fields.Nested(TrainerTrendSeriesSchema))


class TrainerEvidenceSchema(Schema):
    label = fields.Str()
    value = fields.Str()


class TrainerFindingSchema(Schema):
    criterion = fields.Str(attribute="criterion_key")
    title = fields.Str()
    is_automatic = fields.Bool()
    is_met = fields.Bool(allow_none=True)
    trainer_met = fields.Bool(allow_none=True)
    explanation = fields.Str()
    figures = fields.Dict(keys=fields.Str(), values=fields.Raw())
    evidence = fields.List(fields.Nested(TrainerEvidenceSchema))


class TrainerActionSchema(Schema):
    criterion = fields.Str(attribute="criterion_key", allow_none=True)
    due_on = fields.Date()
    is_done = fields.Bool()


class TrainerAuditSchema(Schema):
    circle = fields.Nested(TrainerCircleSchema)
    period_start = fields.Date()
    period_end = fields.Date()
    due_on = fields.Date()
    status = fields.Str()
    fidelity = fields.Int(allow_none=True)
    score = fields.Int(allow_none=True)
    findings = fields.List(fields.Nested(TrainerFindingSchema))
    actions = fields.List(fields.Nested(TrainerActionSchema))


class TrainerActionInSchema(Schema):
    text = fields.Str(required=True, validate=validate.Length(min=1, max=TEXT_MAX))
    due_on = fields.Date(required=True, metadata={"description": "after today"})
    criterion_key = fields.Str(load_default=None, validate=validate.Length(max=40))


class TrainerReviewSchema(Schema):
    score = fields.Int(required=True, strict=True, validate=validate.Range(min=0, max=100))
    verdicts = fields.Dict(
        keys=fields.Str(validate=validate.Length(max=40)),
        values=fields.Bool(allow_none=True),
        load_default=dict,
        metadata={"description": "criterion key: true, false, or null to agree with the finding"},
    )
    actions = fields.List(
        fields.Nested(TrainerActionInSchema), load_default=list, validate=validate.Length(max=10)
    )


class TrainerMethodologySchema(Schema):
    key = fields.Str()
    circles = fields.Int()
    audits_waiting = fields.Int()


class TrainerPageArgsSchema(Schema):
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))


class TrainerCircleArgsSchema(Schema):
    tenant = fields.Int(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
    phase = fields.Str(load_default=None, validate=validate.Length(max=40))
    audit = fields.Str(
        load_default=None, validate=validate.OneOf((*AUDIT_NAMES, "none", "overdue"))
    )
    fidelity_below = fields.Int(load_default=None, validate=validate.Range(min=0, max=100))
    small = fields.Bool(load_default=False)
    page = fields.Int(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))


def count(words: Words, value: read.Count) -> dict[str, Any]:
    return {"value": value.value, "text": words.count(value)}


def outcome(words: Words, found: read.Outcome) -> dict[str, Any]:
    return {
        "survey": found.survey_key,
        "title": words.survey(found.survey_key),
        "average": found.average.value,
        "answers": count(words, found.average.answers),
    }


def circle(words: Words, row: read.CircleRow) -> dict[str, Any]:
    return {
        **{k: getattr(row, k) for k in TrainerCircleSchema().fields if hasattr(row, k)},
        "tenant": row.tenant_name,
        "phase_label": words.phase(row.phase),
        "size": count(words, row.size),
        "audit_status_label": words.audit_status(row.audit_status),
    }


def tenant(words: Words, row: read.TenantRow) -> dict[str, Any]:
    return {
        **{k: getattr(row, k) for k in ("tenant_id", "name", "circles", "average_fidelity")},
        **{k: getattr(row, k) for k in ("small_circles", "audits_overdue", "audits_waiting")},
        "phases": row.phases,
        "members": count(words, row.members),
        "outcomes": [outcome(words, o) for o in row.outcomes],
        "trained": [
            {"role": role, "trained": count(words, done), "total": count(words, total)}
            for role, (done, total) in row.trained.items()
        ],
    }


@blp.route("/methodologies")
class Methodologies(MethodView):
    @requires(TRAINER)
    @blp.response(200, TrainerMethodologySchema(many=True))
    def get(self) -> Any:
        """The methodologies the signed-in user is a central trainer of."""
        shown = []
        for key in service.methodologies_of(current_user):
            if key in methodologies():
                view = read.overview(key, today())
                shown.append(
                    {"key": key, "circles": view.circles, "audits_waiting": view.audits_waiting}
                )
        return shown


@blp.route("/<methodology>/overview")
class Overview(MethodView):
    @requires(TRAINER)
    @blp.arguments(TrainerPageArgsSchema, location="query")
    @blp.response(200, TrainerOverviewSchema)
    def get(self, args: dict[str, Any], methodology: str) -> Any:
        """The methodology across every tenant that runs it: totals, and the tenants side by
        side, fifty a page (``page``; ``has_more_tenants`` says whether another follows)."""
        words = words_for(methodology_or_404(methodology))
        view = read.overview(methodology, today(), args["page"])
        tenants = view.tenants
        return {
            "methodology": methodology,
            "circles": view.circles,
            "members": count(words, view.members),
            "average_fidelity": view.average_fidelity,
            "phases": view.phases,
            "tenants": [tenant(words, t) for t in tenants.items],
            "has_more_tenants": tenants.has_next,
            "outcomes": [outcome(words, o) for o in view.outcomes],
            "outliers": view.outliers,
            "audits_waiting": view.audits_waiting,
        }


@blp.route("/<methodology>/circles")
class Circles(MethodView):
    @requires(TRAINER)
    @blp.arguments(TrainerCircleArgsSchema, location="query")
    @blp.response(200, TrainerCircleSchema(many=True))
    def get(self, args: dict[str, Any], methodology: str) -> Any:
        """One page of the methodology's circles, filtered; a ``Link`` header names the next."""
        words = words_for(methodology_or_404(methodology))
        filters = read.Filters(
            tenant_id=args["tenant"],
            phase=args["phase"],
            audit_status=args["audit"],
            fidelity_below=args["fidelity_below"],
            is_small=args["small"],
        )
        page = read.circles(methodology, filters, today(), args["page"])
        shown = Page([circle(words, r) for r in page.items], page.number, page.has_next)
        kept = {k: v for k, v in args.items() if k != "page" and v not in (None, False)}
        return paged(shown, "api_trainer.Circles", methodology=methodology, **kept)


@blp.route("/<methodology>/circles/<int:fact_id>")
class Circle(MethodView):
    @requires(TRAINER)
    @blp.response(200, TrainerCircleDetailSchema)
    def get(self, methodology: str, fact_id: int) -> Any:
        """One circle: its facts, outcomes, training states and its last year by month."""
        words = words_for(methodology_or_404(methodology))
        detail = read.circle(methodology, fact_id, today()) or abort(404)
        return {
            "circle": circle(words, detail.circle),
            "outcomes": [outcome(words, o) for o in detail.outcomes],
            "trainings": [
                {
                    "role": t.role,
                    "role_label": words.role(t.role),
                    "state": t.state,
                    "state_label": words.training(t.state),
                }
                for t in detail.trainings
            ],
            "months": [
                {"month": m.month, "size": count(words, m.size), "fidelity": m.fidelity}
                for m in detail.months
            ],
        }


@blp.route("/<methodology>/trend")
class Trend(MethodView):
    @requires(TRAINER)
    @blp.response(200, TrainerTrendSchema)
    def get(self, methodology: str) -> Any:
        """The last year month by month: average fidelity and members, everywhere and per
        tenant."""
        words = words_for(methodology_or_404(methodology))
        trend = read.trend(methodology)
        return {
            "months": trend.months,
            "series": [
                {
                    "tenant_id": key,
                    "fidelity": trend.fidelity.get(key, []),
                    "members": [count(words, c) for c in trend.members.get(key, [])],
                }
                for key in sorted(trend.members, key=lambda k: (k is not None, k or 0))
            ],
        }


@blp.route("/<methodology>/outliers")
class Outliers(MethodView):
    @requires(TRAINER)
    @blp.arguments(TrainerPageArgsSchema, location="query")
    @blp.response(200, TrainerCircleSchema(many=True))
    def get(self, args: dict[str, Any], methodology: str) -> Any:
        """One page of the circles small for three months, with a fidelity dropping, or an
        audit overdue; a ``Link`` header names the next page."""
        words = words_for(methodology_or_404(methodology))
        page = read.outliers(methodology, today(), args["page"])
        shown = Page([circle(words, r) for r in page.items], page.number, page.has_next)
        return paged(shown, "api_trainer.Outliers", methodology=methodology)


@blp.route("/<methodology>/audits")
class Audits(MethodView):
    @requires(TRAINER)
    @blp.arguments(TrainerPageArgsSchema, location="query")
    @blp.response(200, TrainerCircleSchema(many=True))
    def get(self, args: dict[str, Any], methodology: str) -> Any:
        """One page of the circles whose audit waits for the trainer's review, the longest
        waiting first; a ``Link`` header names the next page."""
        words = words_for(methodology_or_404(methodology))
        page = read.waiting_audits(methodology, today(), args["page"])
        shown = Page([circle(words, r) for r in page.items], page.number, page.has_next)
        return paged(shown, "api_trainer.Audits", methodology=methodology)


def _audit(
    methodology: str, fact_id: int
) -> tuple[Methodology, Words, read.CircleDetail, tuple[int, int]]:
    found = methodology_or_404(methodology)
    detail = read.circle(methodology, fact_id, today()) or abort(404)
    where = read.audit_of(methodology, fact_id) or abort(404)
    return found, words_for(found), detail, where


def _audit_answer(
    found: Methodology, words: Words, detail: read.CircleDetail, where: tuple[int, int]
) -> Any:
    view = review.read_audit(*where, found, current_user, locale(), yes_no())
    if view is None:
        abort(404)
    db.session.commit()  # the journal entry of the read
    return {**view.__dict__, "circle": circle(words, detail.circle)}


@blp.route("/<methodology>/audits/<int:fact_id>")
class AuditResource(MethodView):
    @requires(TRAINER)
    @blp.response(200, TrainerAuditSchema)
    def get(self, methodology: str, fact_id: int) -> Any:
        """A circle's latest audit: criteria, figures and typed evidence, never the remark."""
        return _audit_answer(*_audit(methodology, fact_id))


@blp.route("/<methodology>/audits/<int:fact_id>/review")
class AuditReview(MethodView):
    @requires(TRAINER)
    @blp.arguments(TrainerReviewSchema)
    @blp.response(200, TrainerAuditSchema)
    def post(self, given: dict[str, Any], methodology: str, fact_id: int) -> Any:
        """Review a submitted audit: a score, verdicts where the trainer judges otherwise than
        the finding, and follow-up actions; 409 when the audit is not waiting for review."""
        found, words, _detail, where = _audit(methodology, fact_id)
        actions = [PlannedAction(**a) for a in given["actions"]]
        done = perform(
            lambda: review.give_review(
                *where,
                found,
                current_user,
                given["score"],
                given["verdicts"],
                actions,
                today(),
            ),
            found,
        )
        if not done:
            abort(404)
        detail = read.circle(methodology, fact_id, today()) or abort(404)
        return _audit_answer(found, words, detail, where)

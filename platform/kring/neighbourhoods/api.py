"""Onderzoek as JSON: the ranking of the tenant's neighbourhoods for a methodology, and
importing CBS statistics (multipart: the file and its year). A bad file answers 422 naming
every problem by line and column; nothing of it is kept."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from kring.access import policy
from kring.core.db import today
from kring.extensions import db
from kring.http.access import requires
from kring.http.methodology import locale
from kring.neighbourhoods import importing, service
from kring.neighbourhoods.research import research

blp = Blueprint(
    "api_neighbourhoods",
    __name__,
    url_prefix="/t/<tenant>/api/v1",
    description="Choosing neighbourhoods (Onderzoek) and their CBS statistics",
)


class NeighbourhoodRankingArgsSchema(Schema):
    methodology = fields.Str(load_default=None, metadata={"description": "a methodology key"})


class NeighbourhoodCriterionSchema(Schema):
    key = fields.Str()
    measure = fields.Str()
    weight = fields.Float()
    higher_is_better = fields.Bool()
    title = fields.Str()
    because = fields.Str()


class RankingReasonSchema(Schema):
    key = fields.Str()
    title = fields.Str()
    value = fields.Float(allow_none=True)
    points = fields.Float()
    weight = fields.Float()
    fact = fields.Str()
    because = fields.Str()


class RankingStartSchema(Schema):
    organisation_id = fields.Int()
    methodology = fields.Str()
    neighbourhood_id = fields.Int()


class RankedNeighbourhoodSchema(Schema):
    rank = fields.Int()
    neighbourhood_id = fields.Int()
    name = fields.Str()
    cbs_code = fields.Str(allow_none=True)
    score = fields.Float(metadata={"description": "out of 100"})
    signals = fields.Int(metadata={"description": "signals of the last year: a count only"})
    reasons = fields.List(fields.Nested(RankingReasonSchema))
    start_circle = fields.List(
        fields.Nested(RankingStartSchema),
        metadata={"description": "what POST /circles takes to start one here, per organisation"},
    )


class NeighbourhoodRankingSchema(Schema):
    methodology = fields.Str()
    methodologies = fields.List(fields.Str())
    years = fields.List(fields.Int())
    criteria = fields.List(fields.Nested(NeighbourhoodCriterionSchema))
    neighbourhoods = fields.List(fields.Nested(RankedNeighbourhoodSchema))


class StatisticsFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "CBS CSV separated by semicolons"})


class StatisticsYearSchema(Schema):
    year = fields.Int(required=True)


class StatisticsImportSchema(Schema):
    year = fields.Int()
    written = fields.Int()
    skipped = fields.Int(metadata={"description": "lines of the country or a municipality"})
    created = fields.List(fields.Str(), metadata={"description": "neighbourhoods added"})


@blp.route("/neighbourhoods/ranking")
class Ranking(MethodView):
    @requires("neighbourhood.research")
    @blp.arguments(NeighbourhoodRankingArgsSchema, location="query")
    @blp.response(200, NeighbourhoodRankingSchema)
    def get(self, args: dict[str, Any]) -> Any:
        """The tenant's neighbourhoods ranked for a new circle of ``methodology`` (the
        reader's first when left out), each with its score, its reasons, and where the reader
        may start a circle there."""
        here = locale()
        found = research(policy.viewer(), args["methodology"], here, today())
        key = found.methodology.key
        return {
            "methodology": key,
            "methodologies": [m.key for m in found.choices],
            "years": found.years,
            "criteria": [
                {
                    "key": c.key,
                    "measure": c.measure.value,
                    "weight": c.weight,
                    "higher_is_better": c.higher_is_better,
                    "title": c.title.render(here),
                    "because": c.because.render(here),
                }
                for c in found.criteria
            ],
            "neighbourhoods": [
                {
                    "rank": r.rank,
                    "neighbourhood_id": r.place.neighbourhood_id,
                    "name": r.place.name,
                    "cbs_code": r.place.cbs_code,
                    "score": r.score,
                    "signals": r.place.signals,
                    "reasons": r.reasons,
                    "start_circle": [
                        {
                            "organisation_id": e.organisation_id,
                            "methodology": key,
                            "neighbourhood_id": r.place.neighbourhood_id,
                        }
                        for e in found.starting
                    ],
                }
                for r in found.ranked
            ],
        }


def _refuse(problems: list[importing.Problem]) -> Any:
    here = locale()
    by_field: dict[str, dict[str, list[str]]] = {}
    for p in problems:
        where, name = ("form", "year") if p.column == "year" else ("files", "file")
        said = p.render(here)
        if p.line:
            said = f"{p.line}{'/' + p.column if p.column else ''}: {said}"
        by_field.setdefault(where, {}).setdefault(name, []).append(said)
    abort(422, errors=by_field)


@blp.route("/neighbourhoods/statistics")
class Statistics(MethodView):
    @requires("neighbourhood.import")
    @blp.arguments(StatisticsFileSchema, location="files")
    @blp.arguments(StatisticsYearSchema, location="form")
    @blp.response(201, StatisticsImportSchema)
    def post(self, files: dict[str, Any], form: dict[str, Any]) -> Any:
        """Import a year of CBS "Kerncijfers wijken en buurten" figures, all lines or none;
        422 names each problem as ``line/column: what is wrong``."""
        parsed = importing.read(files["file"])
        result = service.import_statistics(parsed, form["year"], today().year, current_user.id)
        if not result.is_done:
            db.session.rollback()
            _refuse(result.problems)
        db.session.commit()
        return {
            "year": result.year,
            "written": result.written,
            "skipped": result.skipped,
            "created": result.created,
        }

"""Onderzoek as JSON: the ranking with its reasons and where to start a circle, and importing
a CBS file (multipart), refused with every problem by line."""

from __future__ import annotations

import io
from typing import Any

from sqlalchemy import func, select

from kring.circles.models import Circle
from kring.extensions import db
from kring.neighbourhoods.models import NeighbourhoodStatistics
from tests.neighbourhoods.conftest import GOOD, cbs_file


def _post_file(client: Any, api: str, data: bytes, year: Any = 2025) -> Any:
    return client.post(
        f"{api}/neighbourhoods/statistics",
        data={"file": (io.BytesIO(data), "kwb.csv"), "year": str(year)},
        headers={"X-CSRFToken": client.csrf_token()},
        content_type="multipart/form-data",
    )


def test_import_rank_and_start_a_circle_through_the_api(
    signed_in: Any, api: str, plusvijf: Any
) -> None:
    imported = _post_file(signed_in, api, GOOD)
    assert imported.status_code == 201, imported.get_json()
    assert imported.get_json() == {
        "year": 2025,
        "written": 2,
        "skipped": 0,
        "created": ["Oud-Zuid", "Nieuwland"],
    }
    ranking = signed_in.get(f"{api}/neighbourhoods/ranking").get_json()
    assert ranking["methodology"] == "buurtcirkel_nl" and ranking["years"] == [2025]
    assert [c["key"] for c in ranking["criteria"]][:2] == ["living_alone", "older_residents"]
    best = ranking["neighbourhoods"][0]
    assert (best["rank"], best["name"], best["signals"]) == (1, "Oud-Zuid", 0)
    assert best["reasons"][0]["fact"] == "45% of households are one person"
    (start,) = best["start_circle"]
    created = signed_in.send("POST", f"{api}/circles", start)
    assert created.status_code == 201, created.get_json()
    circle = db.session.get(Circle, created.get_json()["id"])
    assert circle.neighbourhood_id == best["neighbourhood_id"]
    again = signed_in.get(f"{api}/neighbourhoods/ranking").get_json()
    moved = next(n for n in again["neighbourhoods"] if n["name"] == "Oud-Zuid")
    assert next(r for r in moved["reasons"] if r["key"] == "no_buurtcirkel")["points"] == 0


def test_a_bad_file_answers_422_with_each_line_and_keeps_nothing(
    signed_in: Any, api: str, plusvijf: Any
) -> None:
    bad = cbs_file(
        '1;"A";"D";"Wijk";"WK990101";10;20;5;2;28.0',
        '2;"B";"D";"Wijk";"WK99";10;2;5;2;28.0',
    )
    refused = _post_file(signed_in, api, bad, year=1990)
    assert refused.status_code == 422
    errors = refused.get_json()["errors"]
    assert errors["form"]["year"][0].startswith("Choose a year from 2000 to")
    assert errors["files"]["file"][0].startswith("2/k_65JaarOfOuder: k_65JaarOfOuder (20)")
    assert errors["files"]["file"][1].startswith("3/Codering: WK99 is no CBS code")
    assert db.session.scalar(select(func.count()).select_from(NeighbourhoodStatistics)) == 0
    no_file = signed_in.post(
        f"{api}/neighbourhoods/statistics",
        data={"year": "2025"},
        headers={"X-CSRFToken": signed_in.csrf_token()},
        content_type="multipart/form-data",
    )
    assert no_file.status_code == 422 and "file" in no_file.get_json()["errors"]["files"]


def test_ranking_for_a_methodology_out_of_reach_is_not_found(
    signed_in: Any, api: str, plusvijf: Any
) -> None:
    assert signed_in.get(f"{api}/neighbourhoods/ranking?methodology=keyring_uk").status_code == 404


def test_the_api_is_described_in_openapi(signed_in: Any, api: str) -> None:
    spec = signed_in.get("/api/v1/openapi.json").get_json()
    paths = [p for p in spec["paths"] if "/neighbourhoods/" in p]
    assert sorted(paths) == [
        "/t/{tenant}/api/v1/neighbourhoods/ranking",
        "/t/{tenant}/api/v1/neighbourhoods/statistics",
    ]

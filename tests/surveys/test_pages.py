from __future__ import annotations

from typing import Any

from flask import Flask

from kring.circles import membership
from kring.core.db import today
from kring.extensions import db
from kring.people import service as people
from kring.testing.builders import hooks_for, start_circle

ANSWERS = {
    "emptiness": "yes",
    "rely_on": "no",
    "trust": "no",
    "miss_people": "yes",
    "close_to": "more or less",
    "rejected": "no",
}


def _resident(app: Flask) -> people.Person:
    hooks = hooks_for(app, "verbonden_nl")
    team = start_circle(hooks, None, "De Engk", ["3961"])
    person = people.create_person(None, name="Dina Kuijpers", postcode="3961BX")
    membership.add_member(team, person, "bewoner", hooks, None, today())
    db.session.commit()
    return person


def _post(client: Any, path: str, answers: dict[str, str], day: str) -> Any:
    data = {
        "methodology": "verbonden_nl",
        "survey": "de_jong_gierveld_6",
        "taken_on": day,
        **{f"answer-{k}": v for k, v in answers.items()},
    }
    return client.form(path, data, page=path.removesuffix("/surveys"))


def test_recording_the_scale_shows_scores_and_a_chart(
    app: Flask, signed_in: Any, tenant: Any
) -> None:
    person = _resident(app)
    page = f"/t/{tenant.slug}/people/{person.id}"
    html = signed_in.get(page).get_data(as_text=True)
    assert "I experience a general sense of emptiness" in html
    assert _post(signed_in, f"{page}/surveys", ANSWERS, "2026-01-10").status_code == 302
    assert (
        _post(
            signed_in, f"{page}/surveys", {**ANSWERS, "emptiness": "no"}, "2026-03-01"
        ).status_code
        == 302
    )
    html = signed_in.get(page).get_data(as_text=True)
    assert "moderately lonely" in html and "moderately_lonely" not in html
    assert 'role="img"' in html and "Total score per measurement: 5, 4" in html


def test_incomplete_answers_are_refused_on_the_page(
    app: Flask, signed_in: Any, tenant: Any
) -> None:
    person = _resident(app)
    page = f"/t/{tenant.slug}/people/{person.id}"
    response = _post(signed_in, f"{page}/surveys", {"emptiness": "yes"}, "2026-01-10")
    assert response.status_code == 422  # answers are input: the person can correct them
    assert "Answer &#39;I often feel rejected&#39;" in response.get_data(as_text=True)
    missing_date = _post(signed_in, f"{page}/surveys", ANSWERS, "")
    assert missing_date.status_code == 422


def test_measurements_through_the_api(app: Flask, signed_in: Any, tenant: Any) -> None:
    person = _resident(app)
    path = f"/t/{tenant.slug}/api/v1/people/{person.id}/surveys"
    headers = {"X-CSRFToken": signed_in.csrf_token()}
    body = {
        "methodology": "verbonden_nl",
        "survey": "de_jong_gierveld_6",
        "answers": ANSWERS,
        "taken_on": "2026-01-10",
    }
    created = signed_in.post(path, json=body, headers=headers)
    assert created.status_code == 201 and created.get_json()["scores"]["total"] == 5
    assert [r["taken_on"] for r in signed_in.get(path).get_json()] == ["2026-01-10"]
    refused = signed_in.post(path, json={**body, "answers": {}}, headers=headers)
    assert refused.status_code == 422 and len(refused.get_json()["unmet"]) == 6

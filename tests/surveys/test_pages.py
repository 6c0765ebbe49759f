from __future__ import annotations

from datetime import timedelta
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


JOINED = today() - timedelta(days=250)  # eight months ago: an intake, then a periodic answer
AT_INTAKE = (JOINED + timedelta(days=3)).isoformat()


def _resident(app: Flask) -> people.Person:
    hooks = hooks_for(app, "verbonden_nl")
    team = start_circle(hooks, None, "De Engk", ["3961"], today=JOINED)
    person = people.create_person(None, name="Dina Kuijpers", postcode="3961BX")
    membership.add_member(team, person, "bewoner", hooks, None, JOINED)
    db.session.commit()
    return person


def _post(client: Any, path: str, answers: dict[str, str], day: str) -> Any:
    data = {
        "methodology": "verbonden_nl",
        "survey": "de_jong_gierveld_6",
        "taken_on": day,
        **{k if k == "answered_with" else f"answer-{k}": v for k, v in answers.items()},
    }
    return client.form(path, data, page=path.removesuffix("/surveys"))


def test_recording_the_scale_shows_scores_and_a_chart(
    app: Flask, signed_in: Any, tenant: Any
) -> None:
    person = _resident(app)
    page = f"/t/{tenant.slug}/people/{person.id}"
    html = signed_in.get(page).get_data(as_text=True)
    assert "I experience a general sense of emptiness" in html
    assert _post(signed_in, f"{page}/surveys", ANSWERS, AT_INTAKE).status_code == 302
    again = {**ANSWERS, "emptiness": "no", "answered_with": "volunteer"}
    assert _post(signed_in, f"{page}/surveys", again, today().isoformat()).status_code == 302
    html = signed_in.get(page).get_data(as_text=True)
    assert "severely lonely" in html and "moderately lonely" in html
    assert "moderately_lonely" not in html and "at the start" in html
    assert 'role="img"' in html and "Total score per measurement: 5, 4" in html
    assert "Not due now. Next time from" in html  # six months after today's answer
    assert "with the volunteer" in html


def test_a_measurement_out_of_its_moment_is_refused_in_words(
    app: Flask, signed_in: Any, tenant: Any
) -> None:
    person = _resident(app)
    page = f"/t/{tenant.slug}/people/{person.id}"
    assert _post(signed_in, f"{page}/surveys", ANSWERS, AT_INTAKE).status_code == 302
    day = (JOINED + timedelta(days=20)).isoformat()
    response = _post(signed_in, f"{page}/surveys", ANSWERS, day)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "is not due on that day. It is asked at intake, every 6 months, when leaving" in html


def test_incomplete_answers_are_refused_on_the_page(
    app: Flask, signed_in: Any, tenant: Any
) -> None:
    person = _resident(app)
    page = f"/t/{tenant.slug}/people/{person.id}"
    response = _post(signed_in, f"{page}/surveys", {"emptiness": "yes"}, AT_INTAKE)
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
        "taken_on": AT_INTAKE,
    }
    created = signed_in.post(path, json={**body, "answered_with": "coach"}, headers=headers)
    assert created.status_code == 201 and created.get_json()["scores"]["total"] == 5
    made = created.get_json()
    assert (made["total"], made["result"], made["occasion"], made["answered_with"]) == (
        5,
        "severely lonely",
        "intake",
        "coach",
    )
    wrong_helper = signed_in.post(
        path, json={**body, "answered_with": "neighbour"}, headers=headers
    )
    assert wrong_helper.status_code == 422
    assert [r["taken_on"] for r in signed_in.get(path).get_json()] == [AT_INTAKE]
    refused = signed_in.post(path, json={**body, "answers": {}}, headers=headers)
    assert refused.status_code == 422 and len(refused.get_json()["unmet"]) == 6

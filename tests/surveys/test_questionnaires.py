"""My questionnaires: the participant answers on a phone, or a volunteer or coach answers with
them (recorded as such); the coach sees the circle's outcomes, the project leader the tenant's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.surveys.models import AnsweredWith, Occasion, SurveyResponse
from tests.conftest import World


def _answer(client: Any, tenant: Tenant, survey: str, answers: dict[str, str]) -> Any:
    path = f"/t/{tenant.slug}/my-questionnaires/answer"
    data = {"methodology": "proefkring", "survey": survey}
    page = f"{path}?methodology=proefkring&survey={survey}"
    return client.form(path, {**data, **{f"answer-{k}": v for k, v in answers.items()}}, page)


SCALE = {k: "3" for k in ("daily_life", "money", "ask_help", "take_part", "own_choices")}


def test_participant_gives_a_mark_and_reads_the_result_in_words(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    mine = client.get(f"/t/{tenant.slug}/my-questionnaires").get_data(as_text=True)
    assert "Satisfaction mark" in mine and "Self-reliance (5 questions)" in mine
    assert mine.count("Fill in now") == 2
    form = client.get(
        f"/t/{tenant.slug}/my-questionnaires/answer?methodology=proefkring&survey=cijfer"
    )
    assert form.status_code == 200 and 'name="answer-mark"' in form.get_data(as_text=True)
    saved = _answer(client, tenant, "cijfer", {"mark": "9"})
    assert saved.status_code == 302
    response = db.session.execute(select(SurveyResponse)).scalar_one()
    assert (response.total, response.answered_with, response.circle_id) == (
        9,
        AnsweredWith.self,
        world.a.id,
    )
    mine = client.get(f"/t/{tenant.slug}/my-questionnaires").get_data(as_text=True)
    assert "<strong>enough</strong>" in mine and "Not due now. Next time from" in mine


def test_a_second_mark_too_soon_is_refused_in_words_not_a_server_error(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    _answer(client, tenant, "cijfer", {"mark": "9"})
    again = _answer(client, tenant, "cijfer", {"mark": "4"})
    assert again.status_code == 409
    assert "Satisfaction mark is not due on that day. It is asked every 12 months." in (
        again.get_data(as_text=True)
    )
    api = client.send(
        "POST",
        f"/t/{tenant.slug}/api/v1/my-questionnaires",
        {"methodology": "proefkring", "survey": "cijfer", "answers": {"mark": "4"}},
    )
    assert api.status_code == 409 and api.get_json()["unmet"][0]["rule"] == "survey.not_due"


def test_a_missing_answer_is_named_and_the_page_keeps_the_others(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    partial = {k: v for k, v in SCALE.items() if k != "money"}
    response = _answer(client, tenant, "self_reliance_5", partial)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "I manage my money and my post" in html
    assert 'value="3" required checked' in html


def test_coach_acting_for_the_participant_answers_with_them(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "coach")
    participant = world.people["participant"]
    client.form(
        f"/t/{tenant.slug}/people/{participant.id}/on-behalf",
        {},
        f"/t/{tenant.slug}/people/{participant.id}",
    )
    page = client.get(f"/t/{tenant.slug}/my-questionnaires").get_data(as_text=True)
    assert "together with Piet Deelnemer" in page
    assert _answer(client, tenant, "self_reliance_5", SCALE).status_code == 302
    response = db.session.execute(select(SurveyResponse)).scalar_one()
    assert (response.person_id, response.answered_with, response.occasion) == (
        participant.id,
        AnsweredWith.coach,
        Occasion.intake,
    )


def test_coach_sees_the_circle_average_against_the_published_one(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    _answer(client, tenant, "cijfer", {"mark": "8"})
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "coach")
    html = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
    assert "Outcomes" in html and 'class="benchmark"' in html
    assert "Average 8.0: enough. Number of people: 1. The published average is 8.7" in html
    assert "Network size" in html and "Olga Anders" in html  # due a questionnaire now
    api = client.get(f"/t/{tenant.slug}/api/v1/circles/{world.a.id}/outcomes").get_json()
    mark = next(m for m in api["measures"] if m["survey"] == "cijfer")
    assert (mark["average"], mark["result"], mark["benchmark"]) == (8.0, "enough", 8.7)
    assert {d["name"] for d in api["due"]} >= {"Olga Anders"}


def test_volunteer_and_other_circles_do_not_see_a_circles_outcomes(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "volunteer")
    html = client.get(f"/t/{tenant.slug}/circles/{world.a.id}").get_data(as_text=True)
    assert "Network size" not in html
    path = f"/t/{tenant.slug}/api/v1/circles/{world.a.id}/outcomes"
    assert client.get(path).status_code == 403
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "coach")
    assert client.get(f"/t/{tenant.slug}/api/v1/circles/{world.b.id}/outcomes").status_code == 404


def test_project_leader_reads_tenant_outcomes_without_averages_of_few(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    _answer(client, tenant, "cijfer", {"mark": "8"})
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": client.csrf_token()})
    world.login(client, tenant, "leader")
    html = client.get(f"/t/{tenant.slug}/outcomes").get_data(as_text=True)
    assert "Kring A" in html and "Not enough answers yet to show an average." in html
    assert "Piet" not in html
    rows = client.get(f"/t/{tenant.slug}/api/v1/outcomes").get_json()
    mark = next(r for r in rows if r["survey"] == "cijfer" and r["circle_id"] == world.a.id)
    assert (mark["people"], mark["average"]) == (1, None)


def test_participants_do_not_read_tenant_outcomes(
    client: Any, tenant: Tenant, world: World
) -> None:
    world.login(client, tenant, "participant")
    assert client.get(f"/t/{tenant.slug}/outcomes").status_code == 403
    assert client.get(f"/t/{tenant.slug}/api/v1/outcomes").status_code == 403

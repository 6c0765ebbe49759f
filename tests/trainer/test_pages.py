"""The central trainer's pages: signed in outside any tenant, every circle of their methodology
in every tenant, and nothing of the residents."""

from __future__ import annotations

from typing import Any

from kring.core.tenancy import Tenant
from kring.http.access import PERMISSION_ATTR, PUBLIC, permission_of
from tests.trainer.conftest import MARKER, Quality, make_trainer


def trainer_pages(quality: Quality) -> list[str]:
    base = "/trainer/proefkring"
    pages = [
        "/trainer/",
        f"{base}/",
        f"{base}/circles",
        f"{base}/circles?small=1",
        f"{base}/circles?audit=submitted",
        f"{base}/compare",
        f"{base}/outliers",
        f"{base}/audits",
    ]
    for fact_id in quality.facts.values():
        pages += [f"{base}/circles/{fact_id}", f"{base}/audits/{fact_id}"]
    return pages


def trainer_api(quality: Quality) -> list[str]:
    base = "/api/v1/trainer/proefkring"
    answers = [
        "/api/v1/trainer/methodologies",
        f"{base}/overview",
        f"{base}/circles",
        f"{base}/circles?small=true&audit=submitted",
        f"{base}/trend",
        f"{base}/outliers",
        f"{base}/audits",
    ]
    for fact_id in quality.facts.values():
        answers += [f"{base}/circles/{fact_id}", f"{base}/audits/{fact_id}"]
    return answers


def test_trainer_signs_in_outside_any_tenant_and_lands_on_their_methodologies(
    client: Any, quality: Quality
) -> None:
    page = client.get("/trainer/login")
    assert page.status_code == 200
    quality.login(client)
    home = client.get("/trainer/")
    assert home.status_code == 200
    text = home.get_data(as_text=True)
    assert "/trainer/proefkring/" in text and "in 2 municipalities or organisations" in text


def test_no_trainer_page_shows_a_residents_name_note_remark_or_circle_name(
    client: Any, quality: Quality
) -> None:
    quality.login(client)
    for path in trainer_pages(quality) + trainer_api(quality):
        response = client.get(path)
        assert response.status_code == 200, path
        assert MARKER not in response.get_data(as_text=True), path


def test_the_api_gives_what_the_pages_show_with_small_counts_suppressed(
    client: Any, quality: Quality
) -> None:
    quality.login(client)
    overview = client.get("/api/v1/trainer/proefkring/overview").get_json()
    assert overview["circles"] == 4 and overview["audits_waiting"] == 2
    assert overview["members"] == {"value": 16, "text": "16"}
    small = next(fid for name, fid in quality.facts.items() if "Klein" in name)
    detail = client.get(f"/api/v1/trainer/proefkring/circles/{small}").get_json()
    assert detail["circle"]["size"] == {"value": None, "text": "fewer than 5"}
    assert detail["outcomes"][0]["average"] is None
    audit = client.get(f"/api/v1/trainer/proefkring/audits/{small}").get_json()
    assert [f["criterion"] for f in audit["findings"]] == ["eigen_regie", "wekelijks"]
    assert audit["findings"][1]["figures"] == {"held": 40, "expected": 52}
    refused = client.get("/api/v1/trainer/proefkring/circles?fidelity_below=101")
    assert refused.status_code == 422 and "fidelity_below" in refused.get_data(as_text=True)


def test_the_api_asks_a_stranger_to_sign_in(client: Any, quality: Quality) -> None:
    assert client.get("/api/v1/trainer/proefkring/overview").status_code == 401


def test_counts_under_five_are_shown_as_fewer_than_five(client: Any, quality: Quality) -> None:
    quality.login(client)
    small = next(fid for name, fid in quality.facts.items() if "Klein" in name)
    big = next(fid for name, fid in quality.facts.items() if "Klein" not in name)
    small_page = client.get(f"/trainer/proefkring/circles/{small}").get_data(as_text=True)
    assert "fewer than 5" in small_page
    assert "too few answers to show an average" in small_page
    big_page = client.get(f"/trainer/proefkring/circles/{big}").get_data(as_text=True)
    assert "7.5 (6 answers)" in big_page


def test_a_tenants_staff_member_cannot_sign_in_at_the_trainers_door(
    client: Any, tenant: Tenant, quality: Quality, leader: Any
) -> None:
    token = client.csrf_token("/trainer/login")
    response = client.post(
        "/trainer/login",
        data={"email": leader.email, "password": "kring-test-password", "csrf_token": token},
    )
    assert response.status_code == 422
    assert client.get("/trainer/").status_code == 302


def test_no_tenant_page_lets_a_trainer_in(
    app: Any, client: Any, tenant: Tenant, quality: Quality
) -> None:
    """A trainer holds no tenant role: every tenant page without a record id that is not
    public on purpose refuses them (the pages with ids are refused before they are found)."""
    quality.login(client)
    refused = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/t/<tenant>") or rule.arguments != {"tenant"}:
            continue
        if "GET" not in (rule.methods or ()):
            continue
        view = app.view_functions[rule.endpoint]
        reading = getattr(getattr(view, "view_class", None), "get", view)
        if PUBLIC in (permission_of(view, rule.endpoint), getattr(reading, PERMISSION_ATTR, None)):
            continue  # public on purpose (an API resource may read publicly and write guarded)
        path = rule.rule.replace("<tenant>", tenant.slug)
        response = client.get(path)
        assert response.status_code in (403, 404), path
        refused += 1
    assert refused > 20


def test_a_trainer_of_another_methodology_sees_nothing(client: Any, quality: Quality) -> None:
    other = make_trainer("ander@example.org", "buurtcirkel_nl")
    quality.login(client, other)
    for path in trainer_pages(quality)[1:] + trainer_api(quality)[1:]:
        assert client.get(path).status_code == 404, path

from __future__ import annotations

from typing import Any

import pytest

from kring.organisations import service as organisations
from kring.people import service as people
from kring.testing.factories import OrganisationFactory


@pytest.fixture
def setting(tenant: Any) -> dict[str, int]:
    organisation = OrganisationFactory()
    organisations.enable(organisation, "proefkring", {"proefkring"}, None)
    nbh = people.create_neighbourhood("Centrum", ["1234"], None, None)
    return {"organisation_id": organisation.id, "neighbourhood_id": nbh.id}


@pytest.fixture
def circle(signed_in: Any, api: str, setting: dict[str, int]) -> dict[str, Any]:
    body = {**setting, "methodology": "proefkring", "name": "Kring Centrum"}
    response = signed_in.send("POST", f"{api}/circles", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _person(signed_in: Any, api: str, name: str, postcode: str = "1234AB") -> int:
    response = signed_in.send("POST", f"{api}/people", {"name": name, "postcode": postcode})
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


def test_new_circle_starts_in_the_first_phase_with_its_checklist(circle: dict[str, Any]) -> None:
    assert circle["phase"] == "verkennen"
    assert [t["to_phase"] for t in circle["history"]] == ["verkennen"]
    running = next(step for step in circle["outlook"] if step["phase"] == "draaien")
    assert not running["is_ready"]
    first = running["checks"][0]
    assert first["rule"] == "role.at_least" and first["params"]["minimum"] == 3
    assert first["message"] == "Running needs at least 3 participants (now 0)"


def test_refused_phase_move_answers_409_with_every_unmet_condition(
    signed_in: Any, api: str, circle: dict[str, Any]
) -> None:
    response = signed_in.send("POST", f"{api}/circles/{circle['id']}/phase", {"target": "draaien"})
    body = response.get_json()
    assert response.status_code == 409
    rules = [u["rule"] for u in body["unmet"]]
    assert rules.count("role.at_least") == 2 and "role.trained" in rules
    assert "Running needs at least 3 participants (now 0)" in body["message"]


def test_unknown_phase_answers_422(signed_in: Any, api: str, circle: dict[str, Any]) -> None:
    response = signed_in.send("POST", f"{api}/circles/{circle['id']}/phase", {"target": "nirvana"})
    assert response.status_code == 422
    assert response.get_json()["unmet"][0]["rule"] == "phase.unknown"


def test_skipped_phase_answers_409_naming_the_next_step(
    signed_in: Any, api: str, circle: dict[str, Any]
) -> None:
    response = signed_in.send("POST", f"{api}/circles/{circle['id']}/phase", {"target": "afronden"})
    assert response.status_code == 409
    unmet = response.get_json()["unmet"][0]
    assert unmet["rule"] == "phase.not_allowed" and unmet["params"]["next_term"] == "draaien"


def test_members_join_with_attributes_and_refusals_name_the_rule(
    signed_in: Any, api: str, circle: dict[str, Any]
) -> None:
    members = f"{api}/circles/{circle['id']}/members"
    buddy = _person(signed_in, api, "Mo Maatje")
    missing = signed_in.send("POST", members, {"person_id": buddy, "role": "maatje"})
    assert (
        missing.status_code == 422
        and missing.get_json()["unmet"][0]["rule"] == "attribute.required"
    )
    ok = signed_in.send(
        "POST",
        members,
        {"person_id": buddy, "role": "maatje", "attributes": {"woont_vast": True, "uren": "12"}},
    )
    assert ok.status_code == 201
    assert ok.get_json()["attributes"] == {"woont_vast": True, "uren": 12}
    second = _person(signed_in, api, "Tweede Maatje")
    full = signed_in.send(
        "POST",
        members,
        {"person_id": second, "role": "maatje", "attributes": {"woont_vast": "ja"}},
    )
    assert full.status_code == 409 and full.get_json()["unmet"][0]["rule"] == "role.maximum"
    far = _person(signed_in, api, "Ver Weg", postcode="9999ZZ")
    listed = signed_in.get(members).get_json()
    assert [m["person_name"] for m in listed] == ["Mo Maatje"]
    assert far


def test_intake_patch_and_leaving(signed_in: Any, api: str, circle: dict[str, Any]) -> None:
    members = f"{api}/circles/{circle['id']}/members"
    gids = _person(signed_in, api, "Gids")
    untrained = signed_in.send("POST", members, {"person_id": gids, "role": "begeleider"})
    assert untrained.status_code == 409
    assert [u["rule"] for u in untrained.get_json()["unmet"]] == ["role.needs_training"]
    course = {"training": "basis", "completed_on": "2026-01-05"}
    assert signed_in.send("POST", f"{api}/people/{gids}/trainings", course).status_code == 201
    guide = signed_in.send("POST", members, {"person_id": gids, "role": "begeleider"})
    newcomer = signed_in.send(
        "POST",
        members,
        {"person_id": _person(signed_in, api, "Nina"), "role": "deelnemer"},
    )
    assert newcomer.get_json()["status"] == "candidate"
    member_id = newcomer.get_json()["id"]
    intake = signed_in.send(
        "POST",
        f"{members}/{member_id}/intake",
        {"interviewer_id": guide.get_json()["id"], "fits": True},
    )
    assert intake.status_code == 200 and intake.get_json()["status"] == "active"
    patched = signed_in.send(
        "PATCH", f"{members}/{member_id}", {"attributes": {"plan_op": "2026-04-01"}}
    )
    assert patched.get_json()["attributes"] == {"plan_op": "2026-04-01"}
    wrong = signed_in.send("PATCH", f"{members}/{member_id}", {"attributes": {"plan_op": "morgen"}})
    assert wrong.status_code == 422
    ended = signed_in.send(
        "POST", f"{members}/{member_id}/end", {"reason": "support_no_longer_needed"}
    )
    assert ended.get_json()["status"] == "alumni"
    again = signed_in.send("POST", f"{members}/{member_id}/end", {"reason": "moved_away"})
    assert again.status_code == 409


def test_schema_errors_name_the_field(signed_in: Any, api: str, circle: dict[str, Any]) -> None:
    response = signed_in.send("POST", f"{api}/circles/{circle['id']}/members", {"role": 5})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]) == {"person_id", "role"}
    response = signed_in.send("POST", f"{api}/people", {"name": "X", "postcode": "!!"})
    assert response.status_code == 422 and "postcode" in response.get_json()["errors"]["json"]


def test_another_tenants_person_cannot_join(
    signed_in: Any, api: str, circle: dict[str, Any], other_tenant: Any
) -> None:
    from kring.core.tenancy import tenant_scope

    with tenant_scope(other_tenant):
        stranger = people.create_person(None, name="Vreemde")
    response = signed_in.send(
        "POST",
        f"{api}/circles/{circle['id']}/members",
        {"person_id": stranger.id, "role": "regisseur"},
    )
    assert response.status_code == 404


def test_openapi_describes_circles(client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/t/{tenant}/api/v1/circles",
        "/t/{tenant}/api/v1/circles/{circle_id}/phase",
        "/t/{tenant}/api/v1/circles/{circle_id}/members",
        "/t/{tenant}/api/v1/people",
        "/t/{tenant}/api/v1/neighbourhoods",
    ):
        assert path in paths
    assert "patch" in paths["/t/{tenant}/api/v1/circles/{circle_id}/members/{member_id}"]


def test_circle_detail_query_count_does_not_grow(
    signed_in: Any, api: str, circle: dict[str, Any], count_queries: Any
) -> None:
    path = f"{api}/circles/{circle['id']}"
    members = f"{path}/members"
    signed_in.send(
        "POST",
        members,
        {"person_id": _person(signed_in, api, "Een"), "role": "regisseur"},
    )
    with count_queries() as few:
        signed_in.get(path)
    for i in range(4):
        signed_in.send(
            "POST",
            members,
            {"person_id": _person(signed_in, api, f"D{i}"), "role": "deelnemer"},
        )
    with count_queries() as many:
        signed_in.get(path)
    assert many.count == few.count


def test_circles_come_a_page_at_a_time(signed_in: Any, api: str, setting: dict[str, int]) -> None:
    for n in range(3):
        body = {**setting, "methodology": "proefkring", "name": f"Kring {n}"}
        assert signed_in.send("POST", f"{api}/circles", body).status_code == 201
    first = signed_in.get(f"{api}/circles?per_page=2")
    assert [c["name"] for c in first.get_json()] == ["Kring 0", "Kring 1"]
    assert "page=2" in first.headers["Link"]
    assert [c["name"] for c in signed_in.get(f"{api}/circles?per_page=2&page=2").get_json()] == [
        "Kring 2"
    ]

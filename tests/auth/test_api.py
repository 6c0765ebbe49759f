"""Who the signed-in user is, as JSON: roles here and what they may do."""

from __future__ import annotations

from typing import Any

from kring.core.accounts import Role


def test_me_lists_roles_and_permissions(signed_in_admin: Any, tenant: Any) -> None:
    body = signed_in_admin.get(f"/t/{tenant.slug}/api/v1/me").get_json()
    assert body["roles"] == ["tenant_admin"]
    assert "organisation.manage" in body["permissions"]
    assert "person.view" not in body["permissions"]  # residents only as counts


def test_me_lists_only_what_a_volunteer_may_do(client: Any, tenant: Any, make_user: Any) -> None:
    make_user(tenant, Role.volunteer, email="vrijwilliger@example.org")
    client.login(tenant, "vrijwilliger@example.org", "correct horse battery")
    body = client.get(f"/t/{tenant.slug}/api/v1/me").get_json()
    assert body["roles"] == ["volunteer"]
    assert body["permissions"] == [
        "activity.suggest",
        "circle.view",
        "contact.log",
        "contact.view",
        "escalation.raise",
        "escalation.view",
        "exchange.take_part",
        "exchange.talents",
        "exchange.view",
        "identity.account",
        "meeting.attend",
        "meeting.feed",
        "meeting.view",
        "message.read",
        "person.view",
        "plan.comment",
        "plan.edit",
        "plan.view",
        "signal.handle",  # the signals they are asked to follow up
        "signal.view",
        "sso.link",
        "survey.answer",
        "tenant.view",
    ]

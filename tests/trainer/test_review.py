"""The central trainer reviews a submitted audit, on the page and through the API: a score,
verdicts, follow-up actions; given inside the audit's tenant and journaled there, and the
review queue no longer lists it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from kring.audits.models import Audit, AuditFinding, AuditStatus, FollowUpAction
from kring.core.db import today
from kring.core.journal import JournalEntry
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from tests.trainer.conftest import MARKER, Quality, make_trainer


def _waiting(quality: Quality) -> tuple[str, int, Audit]:
    """The name, trainer fact id and audit of the circle whose audit waits for review."""
    name, audit = next(
        (n, a) for n, a in quality.audits.items() if a.status is AuditStatus.submitted
    )
    return name, quality.facts[name], audit


def _form(quality: Quality, client: Any, url: str, **values: str) -> Any:
    data = {
        "csrf_token": client.csrf_token(url),
        "score": "72",
        "verdict_eigen_regie": "",
        "verdict_wekelijks": "",
        **{f"actions-{i}-{f}": "" for i in range(3) for f in ("text", "due_on", "criterion")},
    }
    data.update(values)
    return client.post(url, data=data)


def test_the_trainer_reviews_a_submitted_audit_on_its_page(
    client: Any, quality: Quality, tenant: Tenant
) -> None:
    quality.login(client)
    _name, fact_id, audit = _waiting(quality)
    url = f"/trainer/proefkring/audits/{fact_id}"
    page = client.get(url).get_data(as_text=True)
    assert "Your review" in page and 'name="verdict_eigen_regie"' in page
    assert MARKER not in page
    due = today() + timedelta(days=30)
    answer = _form(
        quality,
        client,
        url,
        verdict_eigen_regie="met",
        **{
            "actions-0-text": "Hold an open evening each month",
            "actions-0-due_on": due.isoformat(),
            "actions-0-criterion": "wekelijks",
        },
    )
    assert answer.status_code == 303, answer.get_data(as_text=True)
    assert answer.location.endswith("/trainer/proefkring/audits")
    with tenant_scope(audit.tenant_id):
        db.session.expire_all()
        stored = db.session.get(Audit, audit.id)
        assert stored is not None and stored.status is AuditStatus.reviewed
        assert stored.score == 72 and stored.reviewed_by_id == quality.trainer.id
        finding = db.session.execute(
            select(AuditFinding).where(
                AuditFinding.audit_id == audit.id, AuditFinding.criterion_key == "eigen_regie"
            )
        ).scalar_one()
        assert finding.trainer_met is True
        action = db.session.execute(
            select(FollowUpAction).where(FollowUpAction.audit_id == audit.id)
        ).scalar_one()
        assert (action.text, action.due_on, action.criterion_key) == (
            "Hold an open evening each month",
            due,
            "wekelijks",
        )
        journaled = db.session.execute(
            select(JournalEntry.actor_id).where(JournalEntry.action == "trainer.audit_reviewed")
        ).scalar_one()
        assert journaled == quality.trainer.id
    waiting = client.get("/api/v1/trainer/proefkring/audits").get_json()
    assert fact_id not in [row["id"] for row in waiting]
    reviewed = client.get(url).get_data(as_text=True)
    assert "Save the review" not in reviewed and "72" in reviewed


def test_a_review_that_cannot_be_right_is_refused_with_nothing_written(
    client: Any, quality: Quality
) -> None:
    quality.login(client)
    _name, fact_id, audit = _waiting(quality)
    url = f"/trainer/proefkring/audits/{fact_id}"
    too_high = _form(quality, client, url, score="101")
    assert too_high.status_code == 422
    assert "Give a score from 0 to 100." in too_high.get_data(as_text=True)
    no_date = _form(quality, client, url, **{"actions-1-text": "Train the volunteer"})
    assert no_date.status_code == 422
    assert "Say by when the action is done." in no_date.get_data(as_text=True)
    past = _form(
        quality,
        client,
        url,
        **{"actions-0-text": "Meet", "actions-0-due_on": today().isoformat()},
    )
    assert past.status_code == 422
    assert "Follow-up action 1 is due after today" in past.get_data(as_text=True)
    with tenant_scope(audit.tenant_id):
        db.session.expire_all()
        stored = db.session.get(Audit, audit.id)
        assert stored is not None and stored.status is AuditStatus.submitted
        assert not db.session.execute(select(FollowUpAction)).scalars().all()


def test_the_api_reviews_names_the_wrong_field_and_refuses_a_second_review(
    client: Any, quality: Quality
) -> None:
    quality.login(client)
    _name, fact_id, audit = _waiting(quality)
    url = f"/api/v1/trainer/proefkring/audits/{fact_id}/review"
    wrong = client.send("POST", url, {"score": "lots", "verdicts": {"eigen_regie": "maybe"}})
    assert wrong.status_code == 422
    assert {"score", "verdicts"} <= set(wrong.get_json()["errors"]["json"])
    unknown = client.send("POST", url, {"score": 60, "verdicts": {"bestaat_niet": True}})
    assert unknown.status_code == 422 and "bestaat_niet" in unknown.get_json()["message"]
    due = (today() + timedelta(days=14)).isoformat()
    given = client.send(
        "POST",
        url,
        {
            "score": 60,
            "verdicts": {"wekelijks": False},
            "actions": [{"text": "Meet every week", "due_on": due}],
        },
    )
    assert given.status_code == 200, given.get_data(as_text=True)
    body = given.get_json()
    assert body["status"] == "reviewed" and body["score"] == 60
    assert body["actions"] == [{"criterion": None, "due_on": due, "is_done": False}]
    again = client.send("POST", url, {"score": 61})
    assert again.status_code == 409
    with tenant_scope(audit.tenant_id):
        db.session.expire_all()
        stored = db.session.get(Audit, audit.id)
        assert stored is not None and stored.score == 60


def test_a_trainer_of_another_methodology_cannot_review(client: Any, quality: Quality) -> None:
    stranger = make_trainer("other-trainer@example.org", "andere")
    _name, fact_id, _audit = _waiting(quality)
    quality.login(client, stranger)
    assert (
        client.send(
            "POST", f"/api/v1/trainer/proefkring/audits/{fact_id}/review", {"score": 50}
        ).status_code
        == 404
    )
    url = f"/trainer/proefkring/audits/{fact_id}"
    token = client.csrf_token("/trainer/")
    assert client.post(url, data={"csrf_token": token, "score": "50"}).status_code == 404

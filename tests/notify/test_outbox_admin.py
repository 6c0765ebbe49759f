"""The admin's outbox: counts by state, the failed messages with addresses masked, and "try
again" for one or all (due now, attempts from nothing, delivered after the commit)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kring.core.db import utcnow
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.notify import failures
from kring.notify.models import Channel, OutboxMessage
from tests.conftest import World


def failed_message(
    recipient: str, channel: Channel = Channel.email, **fields: Any
) -> OutboxMessage:
    """A message that failed for good after six attempts."""
    now = utcnow()
    message = OutboxMessage(
        idempotency_key=f"failed:{recipient}:{channel}",
        kind=fields.pop("kind", "meeting_reminder"),
        channel=channel,
        recipient=recipient,
        subject="Bijeenkomst bij Piet Deelnemer",
        body="Geheime inhoud",
        due_at=now - timedelta(hours=1),
        failed_at=fields.pop("failed_at", now),
        attempts=6,
        last_error=f"550 mailbox {recipient} unknown",
        **fields,
    )
    db.session.add(message)
    db.session.flush()
    return message


def _others() -> None:
    now = utcnow()
    for key, state in (("a", {"sent_at": now}), ("b", {"cancelled_at": now}), ("c", {})):
        db.session.add(
            OutboxMessage(
                idempotency_key=key,
                channel=Channel.email,
                recipient="x@example.org",
                subject="s",
                body="b",
                **state,
            )
        )
    db.session.flush()


def test_masking_keeps_enough_to_recognise_a_mistake() -> None:
    assert failures.mask("piet.deelnemer@example.org") == "p…@example.org"
    assert failures.mask("+31 6 12345678") == "…678"
    assert failures.mask("") == ""
    text = failures.mask_text("550 piet@example.org unknown; sms to 0612345678 refused")
    assert "piet@" not in text and "0612345678" not in text and "…678" in text


def test_the_admin_sees_counts_and_failures_without_residents_and_tries_one_again(
    client: Any, tenant: Tenant, world: World
) -> None:
    _others()
    mail = failed_message("piet.deelnemer@example.org")
    failed_message("0612345678", Channel.sms, kind="something_new")
    world.login(client, tenant, "admin")
    url = f"/t/{tenant.slug}/admin/outbox"
    page = client.get(url).get_data(as_text=True)
    assert "p…@example.org" in page and "…678" in page and "Meeting reminder" in page
    assert "Other message" in page and "Try all again" in page
    for secret in ("piet.deelnemer", "0612345678", "Piet Deelnemer", "Geheime inhoud"):
        assert secret not in page
    counts = failures.counts()
    assert (counts.pending, counts.sent, counts.failed, counts.cancelled) == (1, 1, 2, 1)

    answer = client.form(f"{url}/{mail.id}/retry", {}, url)
    assert answer.status_code == 302
    db.session.refresh(mail)
    # due now with its attempts from nothing, and handed to a worker after the commit (the
    # test queue runs jobs at once, so it went out)
    assert mail.failed_at is None and mail.attempts == 0 and mail.sent_at is not None
    assert client.form(f"{url}/{mail.id}/retry", {}, url).status_code == 404  # not failed now

    client.form(f"{url}/retry-all", {}, url)
    assert failures.counts().failed == 0


def test_the_api_lists_and_retries(client: Any, tenant: Tenant, world: World, api: str) -> None:
    first = failed_message("a@example.org", failed_at=utcnow() - timedelta(hours=2))
    failed_message("b@example.org")
    world.login(client, tenant, "admin")
    assert client.get(f"{api}/admin/outbox").get_json()["failed"] == 2
    listed = client.get(f"{api}/admin/outbox/failed?per_page=1")
    assert [r["recipient"] for r in listed.get_json()] == ["b…@example.org"]
    assert 'rel="next"' in listed.headers["Link"]
    assert client.send("POST", f"{api}/admin/outbox/{first.id}/retry").get_json() == {"retried": 1}
    assert client.send("POST", f"{api}/admin/outbox/{first.id}/retry").status_code == 404
    assert client.send("POST", f"{api}/admin/outbox/retry-all").get_json() == {"retried": 1}


def test_only_the_tenant_admin_manages_the_outbox(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    message = failed_message("a@example.org")
    world.login(client, tenant, "leader")
    assert client.get(f"/t/{tenant.slug}/admin/outbox").status_code == 403
    assert client.send("POST", f"{api}/admin/outbox/{message.id}/retry").status_code == 403

"""Sending a sign-in link instead of printing a card: one outbox row to the participant's own
phone or e-mail address (never a copy to a contact person), a link that signs them in, an old
link called off by a new one, and the API twin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from kring.core.rules import Refused
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.notify.models import Channel, NotificationPreference, OutboxMessage
from kring.signin import service
from tests.conftest import World


def _links() -> list[OutboxMessage]:
    db.session.info.pop("kring_outbox_ids", None)
    db.session.expire_all()
    return list(
        db.session.execute(
            select(OutboxMessage)
            .where(OutboxMessage.kind == "sign_in_link")
            .order_by(OutboxMessage.id)
        ).scalars()
    )


def _send(client: Any, tenant: Tenant, person: Any, channel: str) -> Any:
    page = f"/t/{tenant.slug}/people/{person.id}/sign-in-card"
    return client.form(f"{page}/send", {"channel": channel}, page=page)


def test_a_coach_sends_the_link_by_sms_and_it_signs_the_participant_in(
    app: Flask, client: Any, tenant: Tenant, world: World
) -> None:
    olga = world.people["other"]  # a phone, no e-mail address, no login yet
    db.session.add(
        NotificationPreference(
            person_id=olga.id, copy_to_contact=True, contact_email="dochter@example.org"
        )
    )
    db.session.commit()
    world.login(client, tenant, "coach")
    page = client.get(f"/t/{tenant.slug}/people/{olga.id}/sign-in-card").get_data(as_text=True)
    assert "Send the link by SMS" in page and "by e-mail" not in page
    response = _send(client, tenant, olga, "sms")
    assert response.status_code == 302
    (sms,) = _links()  # to her alone: no copy for her contact person
    assert sms.channel == Channel.sms and sms.recipient == "0611112222"
    assert sms.sent_at is not None  # delivered on the commit (tests run jobs eagerly)
    assert sms.person_id == olga.id and len(sms.body) <= 300
    match = re.search(rf"https?://[^/]+(/t/{tenant.slug}/in/\S+)", sms.body)
    assert match, sms.body
    participant = app.test_client()
    assert participant.form(match.group(1), {}).status_code == 302  # signed in


def test_a_new_link_calls_off_the_one_not_sent_yet_and_a_missing_address_is_refused(
    app: Flask, tenant: Tenant, world: World
) -> None:
    olga = world.people["other"]
    every = app.extensions["kring.plugins"].methodologies()
    service.send_link(olga, Channel.sms, None, "nl", every)
    service.send_link(olga, Channel.sms, None, "nl", every)
    first, second = _links()
    assert first.cancelled_at is not None and second.cancelled_at is None
    with pytest.raises(Refused) as refused:
        service.send_link(olga, Channel.email, None, "nl", every)
    assert [u.rule for u in refused.value.unmet] == ["signin.no_address"]
    with pytest.raises(Refused) as refused:  # a volunteer gets no card, nor its link
        service.send_link(world.people["volunteer"], Channel.email, None, "nl", every)
    assert [u.rule for u in refused.value.unmet] == ["signin.not_participant", "signin.staff"]
    service.revoke(olga, None)
    assert all(m.cancelled_at is not None for m in _links())


def test_the_api_sends_the_link_and_never_answers_with_it(
    client: Any, tenant: Tenant, world: World, api: str
) -> None:
    olga = world.people["other"]
    world.login(client, tenant, "coach")
    answer = client.send("POST", f"{api}/people/{olga.id}/sign-in-card/send", {"channel": "sms"})
    assert answer.status_code == 202 and answer.json["active"] is True
    assert "url" not in answer.json
    assert [m.channel for m in _links()] == [Channel.sms]
    wrong = client.send("POST", f"{api}/people/{olga.id}/sign-in-card/send", {"channel": "post"})
    assert wrong.status_code == 422 and "channel" in wrong.get_data(as_text=True)

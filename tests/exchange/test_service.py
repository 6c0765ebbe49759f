from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from kring.core.rules import Refused
from kring.exchange import network, service
from kring.exchange.models import ContactKind, HelpStatus, Talent, Wish
from kring.extensions import db
from tests.exchange.conftest import Ring


def _rules(refused: pytest.ExceptionInfo[Refused]) -> set[str]:
    return {u.rule for u in refused.value.unmet}


def test_a_member_asks_and_another_offers_closes_and_is_thanked(ring: Ring) -> None:
    asked = service.ask(ring.circle, ring.ann.id, "  het gras   maaien ", "garden", None)
    assert (asked.what, asked.status) == ("het gras maaien", HelpStatus.open)
    service.offer(asked, ring.circle, ring.bob.id, None)
    assert (asked.status, asked.offered_by_id) == (HelpStatus.offered, ring.bob.id)
    service.close(asked, ring.bob.id, True, None)
    assert asked.status is HelpStatus.done and asked.done_at is not None
    service.thank(asked, ring.ann.id, "Dank je!", None)
    assert asked.thanks == "Dank je!" and asked.thanked_at is not None


def test_only_members_ask_when_someone_is_outside_the_circle(ring: Ring) -> None:
    with pytest.raises(Refused) as refused:
        service.ask(ring.circle, ring.dirk.id, "boodschappen", None, None)
    assert _rules(refused) == {"exchange.member"} and refused.value.status == 409
    with pytest.raises(Refused) as refused:
        service.ask(ring.circle, None, " ", "nonsense", None)
    assert _rules(refused) == {"exchange.member", "help.what", "exchange.category"}


def test_nobody_offers_on_their_own_request_or_from_outside(ring: Ring) -> None:
    asked = service.ask(ring.circle, ring.ann.id, "koken", None, None)
    with pytest.raises(Refused) as refused:
        service.offer(asked, ring.circle, ring.ann.id, None)
    assert _rules(refused) == {"help.self"}
    with pytest.raises(Refused) as refused:
        service.offer(asked, ring.circle, ring.dirk.id, None)
    assert _rules(refused) == {"exchange.member"}
    service.offer(asked, ring.circle, ring.cas.id, None)
    with pytest.raises(Refused) as refused:
        service.offer(asked, ring.circle, ring.bob.id, None)
    assert _rules(refused) == {"help.not_open"}


def test_only_the_two_close_and_done_needs_an_offer(ring: Ring) -> None:
    asked = service.ask(ring.circle, ring.ann.id, "koken", None, None)
    with pytest.raises(Refused) as refused:
        service.close(asked, ring.ann.id, True, None)
    assert _rules(refused) == {"help.state"}
    service.offer(asked, ring.circle, ring.bob.id, None)
    with pytest.raises(Refused) as refused:
        service.close(asked, ring.cas.id, True, None)
    assert _rules(refused) == {"help.party"}
    service.close(asked, ring.ann.id, False, None)
    assert asked.status is HelpStatus.not_done


def test_thanks_only_by_the_asker_after_done(ring: Ring) -> None:
    asked = service.ask(ring.circle, ring.ann.id, "koken", None, None)
    service.offer(asked, ring.circle, ring.bob.id, None)
    with pytest.raises(Refused) as refused:
        service.thank(asked, ring.ann.id, "Dank", None)
    assert _rules(refused) == {"help.thanks_done"}
    service.close(asked, ring.bob.id, True, None)
    with pytest.raises(Refused) as refused:
        service.thank(asked, ring.bob.id, "Dank", None)
    assert _rules(refused) == {"help.thanks_by"}
    service.thank(asked, ring.ann.id, "Dank", None)
    with pytest.raises(Refused) as refused:
        service.thank(asked, ring.ann.id, "Nog eens", None)
    assert _rules(refused) == {"help.thanked"}


def test_suggestions_match_category_or_words_and_say_why(ring: Ring) -> None:
    service.add_words(Talent, ring.bob, "tuinieren en gras maaien", "garden")
    service.add_words(Talent, ring.cas, "grasmaaier bedienen", None)
    service.add_words(Talent, ring.ann, "gras maaien", "garden")  # the asker herself
    service.add_words(Wish, ring.cas, "gras maaien", "garden")  # a wish is no talent
    asked = service.ask(ring.circle, ring.ann.id, "Wie wil mijn gras maaien?", "garden", None)
    other = service.ask(ring.circle, ring.ann.id, "Een lamp ophangen", "odd_jobs", None)
    found = network.suggestions([asked, other], [ring.ann.id, ring.bob.id, ring.cas.id])
    fits = found[asked.id]
    assert [(s.person_id, s.category, s.words) for s in fits] == [
        (ring.bob.id, "garden", ("gras", "maaien")),
        (ring.cas.id, None, ("gras",)),
    ]
    assert found[other.id] == []


def test_network_counts_help_and_meetings_in_the_period(ring: Ring) -> None:
    today = date(2026, 6, 15)

    def done(asker: Any, helper: Any, day: date) -> None:
        r = service.ask(ring.circle, asker.id, "iets", None, None)
        service.offer(r, ring.circle, helper.id, None)
        service.close(r, helper.id, True, None)
        r.done_at = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)

    done(ring.ann, ring.bob, date(2026, 5, 2))
    done(ring.ann, ring.bob, date(2026, 6, 1))
    done(ring.bob, ring.cas, date(2026, 6, 3))
    done(ring.cas, ring.ann, date(2025, 1, 3))  # long before the period
    service.record_encounter(ring.circle, ring.ann.id, ring.cas.id, date(2026, 6, 2), today)
    service.record_encounter(ring.circle, ring.cas.id, ring.ann.id, date(2026, 6, 9), today)
    db.session.flush()
    members = service.current_members(ring.circle)
    net = network.network(
        ring.circle, members, date(2026, 4, 1), date(2026, 7, 1), lambda p: p.name
    )
    assert sorted((e.kind, e.source, e.target, e.count) for e in net.edges) == sorted(
        [
            ("help", ring.bob.id, ring.ann.id, 2),
            ("help", ring.cas.id, ring.bob.id, 1),
            ("met", min(ring.ann.id, ring.cas.id), max(ring.ann.id, ring.cas.id), 2),
        ]
    )
    by_id = {m.person_id: m for m in net.members}
    assert (by_id[ring.bob.id].given, by_id[ring.bob.id].received) == (2, 1)
    assert (by_id[ring.ann.id].received, by_id[ring.ann.id].met) == (2, 2)
    assert (net.help_total, net.met_total) == (3, 2)
    trend = network.trend(ring.circle, today, 6)
    assert trend[0].month == date(2026, 1, 1) and len(trend) == 6
    assert [(m.help_done, m.met) for m in trend][-2:] == [(1, 0), (2, 2)]


def test_encounters_are_with_another_member_in_the_past(ring: Ring) -> None:
    today = date(2026, 6, 15)
    with pytest.raises(Refused) as refused:
        service.record_encounter(
            ring.circle, ring.ann.id, ring.dirk.id, today + timedelta(days=1), today
        )
    assert _rules(refused) == {"exchange.other", "exchange.met_on"}
    with pytest.raises(Refused) as refused:
        service.record_encounter(ring.circle, ring.ann.id, ring.ann.id, today, today)
    assert _rules(refused) == {"exchange.other"}


def test_contacts_outside_are_counted_per_kind(ring: Ring) -> None:
    service.add_contact(ring.ann, ContactKind.family, "dochter Anja")
    service.add_contact(ring.ann, ContactKind.family, "zoon Piet")
    service.add_contact(ring.ann, ContactKind.church, "koor")
    net = network.network(
        ring.circle,
        service.current_members(ring.circle),
        date(2026, 1, 1),
        date(2026, 2, 1),
        lambda p: p.name,
    )
    ann = next(m for m in net.members if m.person_id == ring.ann.id)
    assert ann.contacts == {"family": 2, "church": 1}


def test_month_start_counts_back_over_years() -> None:
    assert network.month_start(date(2026, 2, 17), 3) == date(2025, 11, 1)
    assert network.month_start(date(2026, 12, 31), -1) == date(2027, 1, 1)


def test_a_leaving_member_closes_their_requests_and_frees_their_offers(
    ring: Ring, hooks: Any
) -> None:
    from sqlalchemy import select

    from kring.circles import membership
    from kring.circles.models import CircleMember
    from kring.core.db import today

    own = service.ask(ring.circle, ring.ann.id, "koken", None, None)
    theirs = service.ask(ring.circle, ring.cas.id, "tuin", None, None)
    service.offer(theirs, ring.circle, ring.ann.id, None)
    done = service.ask(ring.circle, ring.bob.id, "lamp", None, None)
    service.offer(done, ring.circle, ring.ann.id, None)
    service.close(done, ring.ann.id, True, None)
    ann = db.session.execute(
        select(CircleMember).where(CircleMember.person_id == ring.ann.id)
    ).scalar_one()
    membership.end_membership(ann, "moved_away", hooks, None, today())
    assert own.status is HelpStatus.not_done and own.done_at is not None
    assert (theirs.status, theirs.offered_by_id) == (HelpStatus.open, None)
    assert done.status is HelpStatus.done and done.offered_by_id == ring.ann.id  # history stays

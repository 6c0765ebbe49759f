"""Reading organisations' own calendars: a real-world-shaped Outlook file (Windows time zone,
weekly series with exceptions and a moved occurrence, a cancelled event), deduplicated on UID,
and feeds served from a loopback server; bad feeds give a sentence, never a server error."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kring.activities import importing, service
from kring.activities.jobs import read_all_feeds
from kring.activities.models import Activity, ActivityFeed
from kring.core.accounts import Role
from kring.core.tenancy import Tenant
from kring.extensions import db
from kring.organisations.models import OrganisationKind
from kring.testing.factories import DEFAULT_PASSWORD, OrganisationFactory, RoleGrantFactory

SAMPLE = Path(importing.__file__).parent / "samples" / "bezoekdienst.ics"


def _count() -> int:
    return int(db.session.execute(select(func.count(Activity.id))).scalar_one())


def test_an_outlook_file_is_read_with_its_series_exceptions_and_time_zones(
    tenant: Tenant,
) -> None:
    org = OrganisationFactory(kind=OrganisationKind.visiting)
    done = importing.import_calendar(importing.parse(SAMPLE.read_bytes()), org.id)
    assert (done.created, done.skipped) == (4, 1)  # the cancelled outing is left out
    april = service.listing(service.Filters(), date(2026, 4, 1), 30).occurrences
    meals = [o for o in april if o.activity.title.startswith("Samen eten")]
    # 6 April is off (EXDATE), 27 April moved to the 28th (RECURRENCE-ID), summer time kept
    assert [(o.starts.date(), o.starts.time()) for o in meals] == [
        (date(2026, 4, 13), time(17, 30)),
        (date(2026, 4, 20), time(17, 30)),
        (date(2026, 4, 28), time(17, 30)),
    ]
    evening = next(o for o in service.listing(service.Filters(), date(2026, 9, 15), 1).occurrences)
    assert evening.starts.time() == time(19, 30)  # 17:30 UTC on the Dutch wall clock
    coffee = [o for o in april if o.activity.title == "Koffie met de bezoekdienst"]
    assert [o.starts.date() for o in coffee] == [date(2026, 4, 1)]  # first Wednesday


def test_reading_the_same_file_again_changes_rows_instead_of_adding_them(
    tenant: Tenant,
) -> None:
    org = OrganisationFactory()
    data = SAMPLE.read_bytes()
    importing.import_calendar(importing.parse(data), org.id)
    again = importing.import_calendar(
        importing.parse(data.replace(b"Samen eten in het wijkcentrum", b"Samen eten")), org.id
    )
    assert (again.created, again.updated) == (0, 4)
    assert _count() == 4
    titles = db.session.execute(select(Activity.title)).scalars()
    assert "Samen eten" in set(titles)


@pytest.mark.parametrize(
    "data",
    [b"", b"hello world", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense", b"x" * 3_000_000],
)
def test_a_file_that_is_no_calendar_gives_a_sentence(data: bytes) -> None:
    with pytest.raises(importing.FeedError) as refused:
        importing.parse(data)
    assert str(refused.value)


class _Feed(BaseHTTPRequestHandler):
    body = b""
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *_args: Any) -> None:
        return


@pytest.fixture
def feed_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Feed]]:
    """A calendar served on loopback (no internet in tests); the handler's ``body`` and
    ``status`` say what it answers."""
    monkeypatch.setattr(importing, "ALLOW_PRIVATE_HOSTS", True)
    handler = type("Feed", (_Feed,), {"body": SAMPLE.read_bytes(), "status": 200})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{server.server_port}/agenda.ics"  # type: ignore[attr-defined]
    yield handler
    server.shutdown()
    server.server_close()


def test_the_nightly_job_reads_feeds_and_removes_what_left_them(
    tenant: Tenant, feed_server: Any
) -> None:
    org = OrganisationFactory()
    feed = importing.add_feed(org.id, feed_server.url, None, ("seniors_75",), None)
    assert read_all_feeds() == (1, 0)
    assert _count() == 4 and feed.last_count == 4 and feed.last_error is None
    assert all(
        a.audiences == ["seniors_75"] for a in db.session.execute(select(Activity)).scalars()
    )
    feed_server.body = SAMPLE.read_bytes().replace(b"UID:koffie-", b"UID:koffie-nieuw-")
    read_all_feeds()
    assert _count() == 4  # the old coffee left, the new one came


def test_a_broken_feed_says_why_and_keeps_the_calendar(tenant: Tenant, feed_server: Any) -> None:
    org = OrganisationFactory()
    feed = importing.add_feed(org.id, feed_server.url, None, (), None)
    importing.read_feed(feed)
    feed_server.status = 404
    assert importing.read_feed(feed) is None
    assert "404" in (feed.last_error or "") and _count() == 4
    feed_server.status, feed_server.body = 200, b"<html>not a calendar</html>"
    assert importing.read_feed(feed) is None and "BEGIN:VCALENDAR" in (feed.last_error or "")


def test_a_feed_on_a_private_address_is_refused_outside_tests(tenant: Tenant) -> None:
    for url in ("http://127.0.0.1/agenda.ics", "http://10.0.0.1/x.ics", "ftp://example.org/x"):
        with pytest.raises(importing.FeedError):
            importing.add_feed(OrganisationFactory().id, url, None, (), None)


def test_an_organiser_uploads_a_file_and_adds_a_feed_on_the_import_page(
    client: Any, tenant: Tenant, make_user: Any, feed_server: Any
) -> None:
    church = OrganisationFactory(name="Kerk")
    user = make_user(tenant, email="kerk@example.org")
    RoleGrantFactory(user=user, role=Role.contributor, organisation_id=church.id)
    client.login(tenant, user.email, DEFAULT_PASSWORD)
    page = f"/t/{tenant.slug}/activities/manage/import"
    with SAMPLE.open("rb") as upload:
        done = client.post(
            page,
            data={
                "organisation_id": church.id,
                "file": (upload, "agenda.ics"),
                "csrf_token": client.csrf_token(page),
            },
            content_type="multipart/form-data",
        )
    assert done.status_code == 302
    assert "4 new" in client.get(page).get_data(as_text=True)
    bad = client.post(
        page,
        data={
            "organisation_id": church.id,
            "file": (__import__("io").BytesIO(b"nope"), "x.ics"),
            "csrf_token": client.csrf_token(page),
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "not an iCal calendar" in bad.get_data(as_text=True)
    feed_server.status = 500
    added = client.form(page, {"organisation_id": church.id, "url": feed_server.url})
    assert added.status_code == 422 and "code 500" in added.get_data(as_text=True)
    feed = db.session.execute(select(ActivityFeed)).scalar_one()
    feed_server.status = 200
    read = client.form(f"/t/{tenant.slug}/activities/manage/feeds/{feed.id}/read", {}, page=page)
    assert read.status_code == 302
    nothing = client.form(page, {"organisation_id": church.id})
    assert nothing.status_code == 422 and "Choose a file" in nothing.get_data(as_text=True)


UTC_EVENT = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:tea-morning@example.org
DTSTAMP:20260101T000000Z
DTSTART:20260915T090000Z
DTEND:20260915T100000Z
SUMMARY:Tea morning
END:VEVENT
END:VCALENDAR
"""


def test_a_british_tenant_s_calendar_keeps_british_time(tenant: Tenant) -> None:
    tenant.locale = "en"
    db.session.flush()
    org = OrganisationFactory()
    importing.import_calendar(importing.parse(UTC_EVENT), org.id)
    activity = db.session.execute(select(Activity)).scalar_one()
    assert activity.timezone == "Europe/London"
    [tea] = service.listing(service.Filters(), date(2026, 9, 15), 1).occurrences
    assert tea.starts.time() == time(10, 0)  # 09:00 UTC is 10:00 in London in September
    assert service.home_zone() == "Europe/London"

"""Browser tests: Playwright drives Debian's Chromium against a live Kring on loopback.

The live server has a database of its own (committed data, unlike the rolled-back request
tests), seeded through the same tenant files mechanism the demo uses.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "browser-test-secret"
# Chromium flags for a closed, headless machine (no background connections, no sandbox as root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

TENANT_FILE = f"""
slug: browserdorp
name: Gemeente Browserdorp
kind: municipality
locale: nl
status: active
organisations:
  - name: Welzijn Browserdorp
    kind: welfare
    methodologies: [buurtcirkel_nl, verbonden_nl]
neighbourhoods:
  - {{name: Dorpskern, postcodes: ["1234"]}}
  - {{name: Molenwijk, postcodes: ["1235"]}}
people:
  - name: Pim Projectleider
    postcode: 1234 AA
    trainings: [{{training: projectleider_training, completed_on: 2025-05-01}}]
  - name: Cor Coach
    postcode: 1234 AB
    trainings:
      - {{training: coach_training, completed_on: 2025-05-01}}
      - {{training: terugkomdag, completed_on: 2024-01-10}}
  - {{name: Nieuwe Deelnemer, postcode: 1234 AC}}
  - {{name: Bea Bewoner, postcode: 1235 AA, birth_date: 1944-04-04}}
  - {{name: Vera Vrijwilliger, postcode: 1234 AD}}
  - {{name: Dirk Deelnemer, postcode: 1234 AE}}
  - name: Wout Wijk
    postcode: 1235 AB
    trainings: [{{training: vrijwilligerstraining, completed_on: 2025-06-01}}]
circles:
  - methodology: buurtcirkel_nl
    organisation: Welzijn Browserdorp
    neighbourhood: Dorpskern
    members:
      - {{person: Pim Projectleider, role: projectleider}}
      - {{person: Cor Coach, role: coach}}
      - {{person: Vera Vrijwilliger, role: volunteer}}
      - {{person: Dirk Deelnemer, role: participant}}
    phases: [opstart]
  - methodology: verbonden_nl
    organisation: Welzijn Browserdorp
    neighbourhood: Molenwijk
    members:
      - {{person: Bea Bewoner, role: bewoner}}
      - {{person: Wout Wijk, role: vrijwilliger}}
users:
  - email: beheer@browserdorp.example.org
    name: Bea Beheer
    password: {PASSWORD}
    roles: [tenant_admin, project_leader]
  - email: coach@browserdorp.example.org
    name: Cor Coach
    person: Cor Coach
    password: {PASSWORD}
    organisation: Welzijn Browserdorp
    roles: [coach]
  - email: vrijwilliger@browserdorp.example.org
    name: Vera Vrijwilliger
    person: Vera Vrijwilliger
    password: {PASSWORD}
    organisation: Welzijn Browserdorp
    roles: [volunteer]
  - email: melder@browserdorp.example.org
    name: Mila Melder
    password: {PASSWORD}
    roles: [signaler]
  - email: wout@browserdorp.example.org
    name: Wout Wijk
    person: Wout Wijk
    password: {PASSWORD}
    organisation: Welzijn Browserdorp
    roles: [volunteer]
"""
COACH = "coach@browserdorp.example.org"
VOLUNTEER = "vrijwilliger@browserdorp.example.org"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if shutil.which("chromium") or Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason="needs Debian's chromium: make test installs it")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(skip)


def _give_dirk_a_phone() -> None:
    """Tenant files hold no phone numbers; Dirk has one, so his sign-in link can go by SMS."""
    from sqlalchemy import select

    from kring.core.tenancy import tenant_by_slug, tenant_scope
    from kring.extensions import db
    from kring.people.models import Person

    with tenant_scope(tenant_by_slug("browserdorp")):
        dirk = db.session.execute(
            select(Person).where(Person.name == "Dirk Deelnemer")
        ).scalar_one()
        dirk.phone = "0612340000"
        db.session.commit()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The live server's application, for a journey that needs a record no page makes (a
    message the outbox would have written); its database is the server's own."""
    from kring.app import create_app
    from kring.core.db import today
    from kring.tenants import files, sync
    from kring.testing.plugin import config_for_tests, migrate

    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'browser.sqlite'}"
    # Every journey signs in; the rate limit has tests of its own.
    app = create_app(
        config_for_tests(
            folder, database_url=url, migration_database_url=url, login_rate_limit="1000 per minute"
        )
    )
    migrate(app)
    tenants = folder / "tenants"
    tenants.mkdir()
    (tenants / "browserdorp.yaml").write_text(TENANT_FILE)
    with app.app_context():
        host = app.extensions["kring.plugins"]
        sync.apply(files.load_directory(tenants, host, True), host, today())
        _give_dirk_a_phone()
    _LIVE["app"] = app
    return app


@pytest.fixture(scope="session")
def live_server(live_app: Any) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def assert_accessible(page: Any) -> None:
    """Fail on any WCAG 2.1 A or AA violation axe-core finds on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.violations_count == 0, results.generate_report()


def sign_in(
    page: Any, base: str, password: str = PASSWORD, email: str = "beheer@browserdorp.example.org"
) -> None:
    page.goto(f"{base}/t/browserdorp/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    second_step(page, email)


_LIVE: dict[str, Any] = {}


def second_step(page: Any, email: str) -> None:
    """After the password: staff set up their authenticator the first time (the secret read
    from the page, the code made with pyotp) and later give the code it shows; anyone else is
    signed in already. Journeys sign the same person in within half a minute, so codes after
    the first come from ``kring.testing.second_factor.code_for`` on the live database."""
    import pyotp

    page.wait_for_load_state()
    if page.url.endswith("/login/second-factor"):
        secret = page.locator("#totp-secret").inner_text()
        page.locator("#code").fill(pyotp.TOTP(secret).now())
        page.locator('form[action$="/login/second-factor"] button').click()
        page.locator(".recovery-codes").wait_for()
        page.locator("main a.button").click()
        page.wait_for_load_state()
    elif page.url.endswith("/login/code"):
        from kring.core.accounts import find_user_by_email
        from kring.extensions import db
        from kring.testing.second_factor import code_for

        # Journeys on other workers may sign the same person in within the same step, and a
        # code is spent once: a refused code is followed by the next one, as a person would.
        for _attempt in range(3):
            with _LIVE["app"].app_context():
                user = find_user_by_email(email)
                assert user is not None
                code = code_for(user)
                db.session.commit()
            page.locator("#code").fill(code)
            page.locator('form[action$="/login/code"] button').click()
            page.wait_for_load_state()
            if not page.url.endswith("/login/code"):
                break


@pytest.fixture
def small_phone(browser: Any) -> Iterator[Any]:
    """A 375 px phone in Dutch: the smallest screen a participant's pages are held to."""
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )
    tab = context.new_page()
    yield tab
    context.close()


def card_link(page: Any, base: str) -> str:
    """The coach prints Dirk a new sign-in card; its link, for Dirk's phone."""
    sign_in(page, base, email=COACH)
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Dirk Deelnemer").click()
    page.get_by_role("link", name="Sign-in card").click()
    page.get_by_role("button", name="Make a new card").click()
    card = page.get_by_role("region", name="Your Kring card")
    return str(card.locator(".sign-in-card-link a").inner_text())

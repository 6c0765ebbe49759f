"""The README's "Production on one machine" block, run as it stands: real PostgreSQL and Redis
on loopback, ``kring db upgrade``, the demo, Gunicorn, a worker and the scheduler, and a real
SMTP server receiving what they send.

The block is read from README.md, so the commands a person copies are the commands tested. Its
``export`` lines name the settings; the test gives each one its own value (the throwaway
database ``kring_stack`` of ``make test``, a Redis database no other test uses, the SMTP sink's
port). Lines ending in ``&`` are the long-running processes; the others must succeed in turn.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kring.testing.crash import KringProcess, wait_for
from kring.testing.smtp import SmtpSink, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## Production on one machine"
BIN = Path(sys.executable).parent
METRICS_TOKEN = "stack-test-metrics-token"
PATIENCE = 120.0
"""Seconds to wait for the stack to answer, and for its mail to arrive."""


@dataclass(frozen=True)
class Step:
    """One line of the block: its own variables, its words, and whether it runs in the
    background (``&``)."""

    assignments: dict[str, str]
    words: list[str]
    background: bool


def readme_block() -> tuple[set[str], list[Step]]:
    """The exported names and the steps of the README's production block."""
    section = README.read_text(encoding="utf-8").split(SECTION, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, f"README.md's {SECTION!r} has no ```sh block"
    exported: set[str] = set()
    steps = []
    for line in block.group(1).splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] == "export":
            exported |= {word.split("=", 1)[0] for word in words[1:]}
            continue
        background = words[-1] == "&"
        words = words[:-1] if background else words
        assignments = {}
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, value = words.pop(0).split("=", 1)
            assignments[name] = value
        steps.append(Step(assignments, words, background))
    return exported, steps


def stack_urls() -> tuple[str, str]:
    """The app role's and the owner's URLs of ``kring_stack``, the database of its own that
    ``scripts/test-services.sh`` makes beside ``kring_test``."""
    app_url = make_url(os.environ["KRING_TEST_DATABASE_URL"]).set(database="kring_stack")
    owner_url = make_url(os.environ["KRING_TEST_MIGRATION_DATABASE_URL"]).set(
        database="kring_stack"
    )
    return (
        app_url.render_as_string(hide_password=False),
        owner_url.render_as_string(hide_password=False),
    )


@pytest.fixture(scope="module")
def sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack(sink: SmtpSink, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Run the README's block; yields the web address, the demo's output and the owner URL."""
    exported, steps = readme_block()
    folder = tmp_path_factory.mktemp("stack")
    app_url, owner_url = stack_urls()
    redis_url = re.sub(r"/\d+$", "/7", os.environ["KRING_TEST_REDIS_URL"])
    settings = {
        "KRING_ENV": "production",
        "KRING_SECRET_KEY": "stack-test-secret-key-that-is-long-enough-0123",
        "KRING_DATABASE_URL": app_url,
        "KRING_MIGRATION_DATABASE_URL": owner_url,
        "KRING_REDIS_URL": redis_url,
        "KRING_MAIL_SERVER": "127.0.0.1",
        "KRING_MAIL_PORT": str(sink.port),
        "KRING_MAIL_USE_TLS": "false",
        "KRING_METRICS_TOKEN": METRICS_TOKEN,
    }
    assert exported == set(settings), "the README exports other settings than this test gives"
    port = free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("KRING_")}
    env = {
        **base,
        **settings,
        "PATH": f"{BIN}{os.pathsep}{base.get('PATH', '')}",
        "KRING_INSTANCE_PATH": str(folder / "instance"),
        "KRING_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    started: list[KringProcess] = []
    outputs: dict[str, str] = {}
    try:
        for number, step in enumerate(steps):
            words = [word.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for word in step.words]
            step_env = {**env, **step.assignments}
            if step.background:
                started.append(_background(words, step_env, folder / f"{number}-{words[0]}.log"))
                continue
            done = subprocess.run(
                words, env=step_env, capture_output=True, text=True, timeout=600, check=False
            )
            assert done.returncode == 0, f"{shlex.join(words)} failed:\n{done.stderr[-3000:]}"
            outputs[" ".join(words[:2])] = done.stdout
        web = f"http://127.0.0.1:{port}"
        wait_for(lambda: _ready(web), PATIENCE, "the web process to be ready", every=0.5)
        yield {"web": web, "outputs": outputs, "owner_url": owner_url, "processes": started}
    finally:
        for process in started:
            process.stop(30)
        for process in started:
            # Each process must stop warmly on SIGTERM, and must not have crashed before it.
            assert process.process is not None and process.process.returncode in (0, -15), (
                f"{process.log.name} ended badly:\n{process.output()[-3000:]}"
            )


def _background(words: list[str], env: dict[str, str], log: Path) -> KringProcess:
    """A process of the block, started as KringProcess starts ``kring`` commands."""
    process = KringProcess(env, log, command=tuple(words[1:]))
    with log.open("ab") as out:
        process.process = subprocess.Popen(
            [str(BIN / words[0]), *words[1:]],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return process


def _ready(web: str) -> bool:
    try:
        return requests.get(f"{web}/readyz", timeout=5).status_code == 200
    except requests.RequestException:  # not up yet, or too busy starting to answer
        return False


def demo_login(output: str, role: str) -> tuple[str, str, str]:
    """(slug, e-mail, password) of a demo login with ``role``, from ``kring demo``'s output."""
    for match in re.finditer(r"^\s+/t/([\w-]+)/\s+(\S+@\S+)\s+(\S+)\s+\((.*)\)$", output, re.M):
        if role in match.group(4).split(", "):
            return match.group(1), match.group(2), match.group(3)
    raise AssertionError(f"kring demo printed no {role} login")


class Browser:
    """Just enough of a browser for plain HTTP: Kring's cookies are ``Secure`` in production,
    which ``requests`` keeps back from an ``http://`` address, so this sends them itself (as the
    TLS proxy in front of port 8000 would let a real browser do)."""

    def __init__(self, web: str) -> None:
        self.web = web
        self.cookies: dict[str, str] = {}

    def _remember(self, response: requests.Response) -> requests.Response:
        for cookie in response.cookies:
            if cookie.value:
                self.cookies[cookie.name] = cookie.value
        return response

    def _cookie_header(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def get(self, path: str) -> requests.Response:
        response = requests.get(
            self.web + path, headers=self._cookie_header(), allow_redirects=False, timeout=30
        )
        return self._remember(response)

    def post(self, path: str, data: dict[str, str]) -> requests.Response:
        page = self.get(path)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text)
        assert token, f"no form on {path}"
        response = requests.post(
            self.web + path,
            data={"csrf_token": token.group(1), **data},
            headers=self._cookie_header(),
            allow_redirects=False,
            timeout=30,
        )
        return self._remember(response)


def test_the_block_is_what_the_readme_says_runs_kring() -> None:
    _exported, steps = readme_block()
    commands = [" ".join(step.words[:2]) for step in steps]
    assert "kring db" in commands[0]
    assert [c for c in commands if c.startswith("gunicorn")], "no web process in the block"
    background = [" ".join(step.words[:2]) for step in steps if step.background]
    assert background[1:] == ["kring worker", "kring scheduler"]


def test_the_stack_serves_the_demo(stack: dict[str, Any]) -> None:
    slug, email, password = demo_login(stack["outputs"]["kring demo"], "volunteer")
    browser = Browser(stack["web"])
    assert browser.get(f"/t/{slug}/login").status_code == 200
    signed_in = browser.post(f"/t/{slug}/login", {"email": email, "password": password})
    assert signed_in.status_code == 302, signed_in.text[:2000]
    home = browser.get(f"/t/{slug}/")
    assert home.status_code == 200
    assert 'name="password"' not in home.text  # the volunteer's home, not the sign-in page
    assert home.headers["X-Content-Type-Options"] == "nosniff"


def test_the_stack_delivers_its_reminders_and_mail(stack: dict[str, Any], sink: SmtpSink) -> None:
    """What the demo's reminder rules made due now goes out through scheduler, worker and SMTP,
    and so does a password-reset link asked for on the page."""
    engine = create_engine(stack["owner_url"])
    due_now = text(
        "SELECT count(*) FROM outbox_message WHERE channel = 'email' AND sent_at IS NULL "
        "AND failed_at IS NULL AND cancelled_at IS NULL AND due_at <= now() at time zone 'utc'"
    )
    sent = text(
        "SELECT count(*) FROM outbox_message WHERE channel = 'email' AND sent_at IS NOT NULL"
    )

    def count(query: Any) -> int:
        with engine.begin() as connection:
            connection.execute(text("SELECT set_config('kring.system', 'on', true)"))
            return int(connection.execute(query).scalar_one())

    slug, email, _password = demo_login(stack["outputs"]["kring demo"], "volunteer")
    browser = Browser(stack["web"])
    asked = browser.post(f"/t/{slug}/password/forgot", {"email": email})
    assert asked.status_code == 302
    wait_for(lambda: count(due_now) == 0, PATIENCE, "every due e-mail to be sent", every=1)
    sent_rows = count(sent)
    engine.dispose()
    received = sink.received()
    assert len(received) >= max(sent_rows, 1)
    reset = [m for m in received if email in str(m["To"]) and "/password/reset/" in _text(m)]
    assert reset, f"no reset link reached {email}"
    reminders = [m for m in received if "/password/reset/" not in _text(m)]
    assert reminders, "none of the demo's due reminders arrived"


def _text(mail: Any) -> str:
    body = mail.get_body(("plain",))
    return str(body.get_content()) if body is not None else ""


def test_the_stack_is_watched(stack: dict[str, Any]) -> None:
    """Prometheus's scrape with the token sees the requests of both Gunicorn workers and the
    outbox; without the token, nothing."""
    for _ in range(4):
        requests.get(f"{stack['web']}/healthz", timeout=10)
    assert requests.get(f"{stack['web']}/metrics", timeout=10).status_code == 401
    scrape = requests.get(
        f"{stack['web']}/metrics",
        headers={"Authorization": f"Bearer {METRICS_TOKEN}"},
        timeout=30,
    )
    assert scrape.status_code == 200
    assert 'kring_http_request_duration_seconds_count{endpoint="site.healthz"' in scrape.text
    assert "kring_outbox_due_messages" in scrape.text
    assert 'kring_metrics_source_up{source="redis"} 1.0' in scrape.text

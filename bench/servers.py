"""Gunicorn processes for Kring and the ceiling, and the HTTP client side: sign in, fetch JSON.

Both apps run under the same Gunicorn settings, so the ratio between them is about the work
each request does. Servers are context managers and always stop, also when the bench fails.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pyotp

# Sync workers, as production runs (helm/kring/values.yaml), one per core of this 2-core
# machine: the load generator and PostgreSQL share the same cores.
GUNICORN_SETTINGS = ("--workers", "2", "--worker-class", "sync", "--timeout", "120")
# Sent on every request, by the sign-in, wrk and the query count alike: Flask-Login's "strong"
# session protection ties a session to the client's address and User-Agent.
HEADERS = {"User-Agent": "kring-bench/1", "Accept-Language": "en"}
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@dataclass(frozen=True)
class Server:
    name: str
    base_url: str
    pid: int = 0
    """Gunicorn's master process (its workers are its children)."""


def free_port() -> int:
    """A loopback port nobody listens on now (the kernel picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(
    name: str, app: str, env: dict[str, str], ready_path: str, log: Path, pythonpath: str = ""
) -> Iterator[Server]:
    """Serve ``app`` with ``GUNICORN_SETTINGS`` on a free port until the block ends.

    Gunicorn runs in a process group of its own, so a stuck worker can be killed with its
    master by group id (never by name); its output goes to ``log``, shown if it fails to start.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", *GUNICORN_SETTINGS]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    command += ["--pythonpath", pythonpath] if pythonpath else []
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, app], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(name, f"http://127.0.0.1:{port}", process.pid)
    try:
        _wait_until_ready(server, ready_path, process, log)
        yield server
    finally:
        _stop(process)


def _wait_until_ready(
    server: Server, path: str, process: subprocess.Popen[bytes], log: Path
) -> None:
    """Poll ``path`` until it answers 200; a server that exits or stays silent stops the bench."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: {server.name} exited at start:\n{log.read_text()[-3000:]}")
        try:
            if request(server.base_url, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"bench: {server.name} not ready after 60 s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets Gunicorn stop its workers; if that hangs, kill its whole process group."""
    if process.poll() is None:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=20)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def request(
    base_url: str,
    path: str,
    cookie: str = "",
    form: dict[str, str] | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET (or form POST) with the bench's headers; redirects are not followed, so a lost
    session shows as a 302 rather than as the login page."""
    host, port = base_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = dict(HEADERS)
    if cookie:
        headers["Cookie"] = f"session={cookie}"
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request("POST" if form is not None else "GET", path, body, headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _session_cookie(headers: http.client.HTTPMessage) -> str:
    """The ``session`` cookie a response sets. Read by hand because production marks it
    Secure, and a cookie jar would then never send it back over plain http."""
    for header in headers.get_all("Set-Cookie") or []:
        cookie = SimpleCookie()
        cookie.load(header)
        if "session" in cookie:
            return cookie["session"].value
    return ""


def sign_in(base_url: str, slug: str, email: str, password: str) -> str:
    """Sign in through a tenant's real login form and return the ``session`` cookie's value."""
    return sign_in_at(base_url, f"/t/{slug}/login", email, password)


def sign_in_at(base_url: str, login_path: str, email: str, password: str) -> str:
    """Sign in through the login form at ``login_path`` (a tenant's, or the central trainers'
    ``/trainer/login``) and return the ``session`` cookie's value."""
    status, headers, body = request(base_url, login_path)
    match = _CSRF.search(body.decode())
    if status != 200 or match is None:
        raise SystemExit(f"bench: no login form at {login_path} (HTTP {status})")
    form = {"email": email, "password": password, "csrf_token": match.group(1)}
    status, headers, _ = request(base_url, login_path, _session_cookie(headers), form)
    cookie = _session_cookie(headers)
    if status != 302 or not cookie:
        raise SystemExit(f"bench: signing in as {email} failed (HTTP {status})")
    step = urlsplit(headers.get("Location", "")).path
    if step.endswith("/second-factor") or step.endswith("/code"):
        return _second_factor(base_url, step, cookie, email)
    return cookie


SECRET_KEY = secrets.token_urlsafe(48)
"""Kring's secret key for every server of one bench process. Authenticator secrets are sealed
with it, so a part that signs in an account another part enrolled (the trainer's pages after
the tenant's) must run under the same key, or the second factor cannot be read and is refused."""

_SECRETS: dict[str, str] = {}
"""Each account's authenticator secret, from its enrolment: staff must have a second factor
(tenant admins, project leaders, trainers), so the bench enrols them as a person would."""
_SECRET = re.compile(r'id="totp-secret">([A-Z2-7]+)<')


def _second_factor(base_url: str, path: str, cookie: str, email: str) -> str:
    """The second step of signing in: set up the authenticator on the first sign-in (the
    secret is on the page), then type the code it shows; returns the signed-in cookie."""
    for _attempt in range(2):
        status, headers, body = request(base_url, path, cookie)
        cookie = _session_cookie(headers) or cookie
        page = body.decode()
        found = _SECRET.search(page)
        if found:
            _SECRETS[email] = found.group(1)
        token = _CSRF.search(page)
        if status != 200 or token is None or email not in _SECRETS:
            raise SystemExit(f"bench: no second-factor form for {email} at {path} (HTTP {status})")
        if time.time() % 30 > 27:  # a code about to change may be stale when it arrives
            time.sleep(31 - time.time() % 30)
        form = {"code": pyotp.TOTP(_SECRETS[email]).now(), "csrf_token": token.group(1)}
        status, headers, body = request(base_url, path, cookie, form)
        cookie = _session_cookie(headers) or cookie
        back_to_login = urlsplit(headers.get("Location", "")).path.endswith("/login")
        if (status == 302 and not back_to_login) or (status == 200 and b'name="code"' not in body):
            return cookie  # signed in: on to the page asked for, or the recovery codes shown
        if back_to_login:
            raise SystemExit(f"bench: signing in as {email} was sent back to the login page")
        time.sleep(31 - time.time() % 30)  # that code was spent already: wait for the next
    raise SystemExit(f"bench: the second factor of {email} was refused")


def api_items(base_url: str, path: str, cookie: str) -> Iterator[dict[str, Any]]:
    """The items of a JSON API list as the signed-in user, page after page: lists may be paged,
    with a ``Link: <...>; rel="next"`` header naming the next page. Anything but 200 stops
    the bench."""
    next_path: str | None = path
    while next_path:
        status, headers, body = request(base_url, next_path, cookie)
        if status != 200:
            raise SystemExit(f"bench: GET {next_path} answered {status}, expected 200")
        yield from json.loads(body)
        found = _NEXT.search(headers.get("Link", ""))
        next_path = (
            urlsplit(found.group(1))._replace(scheme="", netloc="").geturl() if found else None
        )

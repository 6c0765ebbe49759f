"""Security headers on every answer (kring.http.headers): a strict policy with nothing inline, no
framing, no type guessing, and no browser cache for anything but static files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

TEMPLATES = Path(__file__).parents[2]


@pytest.mark.parametrize("path", ["/", "/healthz", "/t/{slug}/login", "/t/{slug}/"])
def test_every_answer_carries_the_security_headers(signed_in: Any, tenant: Any, path: str) -> None:
    response = signed_in.get(path.format(slug=tenant.slug))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client: Any) -> None:
    response = client.get("/static/kring.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


def test_hsts_is_sent_over_https_in_production_only(client: Any, tmp_path: Path) -> None:
    from kring.app import create_app
    from kring.testing.plugin import config_for_tests

    https = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in client.get("/healthz", headers=https).headers
    production = create_app(config_for_tests(tmp_path, env="production")).test_client()
    hsts = production.get("/healthz", headers=https).headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts


def test_no_template_holds_inline_script_or_style() -> None:
    """Pages load their scripts and styles from files (the CSP refuses inline ones). E-mail
    templates (``notify/templates/notify/``) are the exception: mail readers ignore style
    sheets, so an e-mail carries its styles inline, and never a script. So are printed reports
    (``reports/templates/reports/print/``): WeasyPrint renders them on the server, loading
    nothing, and no browser ever runs them."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    mail = TEMPLATES / "platform/kring/notify/templates/notify"
    printed = TEMPLATES / "platform/kring/reports/templates/reports/print"
    offenders = [
        str(path)
        for root in (TEMPLATES / "platform", TEMPLATES / "plugins")
        for path in root.rglob("templates/**/*.html")
        if inline.search(path.read_text(encoding="utf-8")) and path.parent not in (mail, printed)
    ]
    scripts = [
        p.name
        for folder in (mail, printed)
        for p in folder.glob("*.html")
        if "<script" in p.read_text().lower()
    ]
    assert not scripts, scripts
    assert not offenders, offenders

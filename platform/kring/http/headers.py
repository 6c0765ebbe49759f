"""Security headers on every answer, set in one place with flask-talisman.

The pages carry no inline script or style (all of it lives in ``static/``), so the Content
Security Policy can refuse everything inline: an injected ``<script>`` in a resident's name would
not run. No page may be framed (clickjacking), browsers may not guess types, links leave no path
behind, and production asks for HTTPS (HSTS). Pages hold personal data, so no answer but a static
file may be kept by a browser or proxy cache (``no-store``): the back button on a shared
computer must not show the last user's residents.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_talisman import Talisman

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def init_headers(app: Flask, *, production: bool) -> None:
    Talisman(
        app,
        content_security_policy=POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
        # TLS ends at the ingress (helm/kring), which also redirects plain HTTP; Talisman reads
        # X-Forwarded-Proto to send HSTS on the answers that came in over HTTPS.
        force_https=False,
        strict_transport_security=production,
        strict_transport_security_max_age=31536000,
        # Talisman sets the session cookie's flags itself; hand it the app's own settings.
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=app.config["SESSION_COOKIE_HTTPONLY"],
    )

    @app.after_request
    def _no_store(response: Response) -> Response:
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

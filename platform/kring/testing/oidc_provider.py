"""A real OpenID provider on loopback, for tests of signing in with a tenant's own provider.

It speaks the authorization-code flow over real HTTP (discovery, authorize, token, JWKS) and
signs ID tokens with its own RSA key, so Kring's client fetches, verifies and refuses exactly
as it would against a municipality's provider. A test says who signs in next and, to prove a
refusal, how the next ID token misbehaves (another issuer or audience, expired, a wrong nonce).
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

from kring.testing.smtp import free_port


@dataclass
class NextLogin:
    """Who the provider signs in at the next authorize request, and what it claims."""

    subject: str = "medewerker-1"
    email: str = "medewerker@zorg.example.org"
    name: str = "Mia Medewerker"
    amr: list[str] = field(default_factory=lambda: ["pwd", "otp"])
    """A password and a code by default, as a municipality's provider asks of its staff."""
    tamper: dict[str, Any] = field(default_factory=dict)
    """Claims that overwrite the honest ones: ``{"iss": ...}``, ``{"exp": 0}``, a nonce."""


class OpenIdProvider:
    """An OpenID Connect provider on ``http://127.0.0.1:<port>``, issuer its own base URL."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(4)})
        self.clients: dict[str, str] = {}
        self.next = NextLogin()
        self.codes: dict[str, dict[str, Any]] = {}
        self.token_requests = 0
        self._server = make_server("127.0.0.1", self.port, self._app(), threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> OpenIdProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    def register(self, client_id: str, secret: str) -> None:
        self.clients[client_id] = secret

    def _client(self) -> str:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        else:
            client_id = request.form.get("client_id", "")
            secret = request.form.get("client_secret", "")
        if self.clients.get(client_id) != secret:
            abort(401)
        return client_id

    def id_token(self, client_id: str, nonce: str | None, login: NextLogin) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": login.subject,
            "aud": client_id,
            "iat": now,
            "exp": now + 300,
            "email": login.email,
            "name": login.name,
            "amr": login.amr,
        }
        if nonce:
            claims["nonce"] = nonce
        claims.update(login.tamper)
        header = {"alg": "RS256", "kid": self.key.kid}
        return jwt.encode(header, claims, self.key)

    def _app(self) -> Flask:
        app = Flask(__name__)

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                jwks_uri=f"{self.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
            )

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify(keys=[self.key.as_dict(private=False)])

        @app.get("/authorize")
        def authorize() -> Any:
            args = request.args
            if args.get("client_id") not in self.clients or args.get("response_type") != "code":
                abort(400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = {
                "client_id": args["client_id"],
                "redirect_uri": args["redirect_uri"],
                "nonce": args.get("nonce"),
                "login": self.next,
            }
            query = urlencode({"code": code, "state": args.get("state", "")})
            return redirect(f"{args['redirect_uri']}?{query}")

        @app.post("/token")
        def token() -> Any:
            client_id = self._client()
            self.token_requests += 1
            grant = self.codes.pop(request.form.get("code", ""), None)
            if grant is None or grant["client_id"] != client_id:
                return jsonify(error="invalid_grant"), 400
            if grant["redirect_uri"] != request.form.get("redirect_uri"):
                return jsonify(error="invalid_grant"), 400
            return jsonify(
                access_token=secrets.token_urlsafe(16),
                token_type="Bearer",
                expires_in=300,
                id_token=self.id_token(client_id, grant["nonce"], grant["login"]),
            )

        return app

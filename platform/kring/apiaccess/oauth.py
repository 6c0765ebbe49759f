"""OAuth2 client credentials (RFC 6749 §4.4) for integrations, with authlib's server.

An integration posts its client id and secret to its tenant's token endpoint and gets a bearer
token for an hour. Clients are looked up in the tenant the URL names, so a client of one
tenant gets nothing at another's endpoint. Revocation (RFC 7009) lets it end a token early.
"""

from __future__ import annotations

import hmac
from typing import Any

from apispec import APISpec
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7009 import RevocationEndpoint
from flask import Blueprint, Flask

from kring.apiaccess import scopes, service
from kring.apiaccess.models import ApiClient, ApiToken
from kring.core.db import utcnow
from kring.core.secrets import digest, new_secret
from kring.extensions import api, csrf, db, limiter, sign_in_limit
from kring.http.access import public

AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


class Client(ClientMixin):  # type: ignore[misc]
    """What authlib asks of a client, answered from an ``ApiClient`` row."""

    def __init__(self, record: ApiClient) -> None:
        self.record = record

    def get_client_id(self) -> str:
        return self.record.client_id

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(self.record.secret_hash, digest(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == grants.ClientCredentialsGrant.GRANT_TYPE

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """All of the client's scopes when it names none; what it names when it holds all of
        that; otherwise None, which authlib answers with ``invalid_scope``."""
        held = self.record.scopes.split()
        if not scope:
            return " ".join(held)
        asked = scope.split()
        return " ".join(asked) if set(asked) <= set(held) else None

    def get_default_redirect_uri(self) -> None:
        return None

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_response_type(self, response_type: str) -> bool:
        return False


class ClientCredentials(grants.ClientCredentialsGrant):  # type: ignore[misc]
    """The grant, accepting the secret in the Basic header or in the form (both are common)."""

    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS


class IssuedToken:
    """What authlib asks of a token it revokes: whether it was issued to the asking client."""

    def __init__(self, record: ApiToken) -> None:
        self.record = record

    def check_client(self, client: Client) -> bool:
        return self.record.client_id == client.record.id


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    """RFC 7009: a client ends a token it holds, and only one it holds."""

    CLIENT_AUTH_METHODS = AUTH_METHODS

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        record = service.token_for(token_string, utcnow())
        return IssuedToken(record) if record is not None else None

    def revoke_token(self, token: IssuedToken, request: Any) -> None:
        service.revoke(token.record, token.record.user_id)
        db.session.commit()


def _query_client(client_id: str) -> Client | None:
    record = service.client_by_client_id(client_id)
    return Client(record) if record is not None else None


def _save_token(token: dict[str, Any], request: Any) -> None:
    service.issue_to_client(request.client.record, token["access_token"], token["scope"].split())


server = AuthorizationServer()
bp = Blueprint("oauth", __name__, url_prefix="/t/<tenant>/api/v1/oauth")


@bp.post("/token")
@public
@limiter.limit(sign_in_limit)
def token() -> Any:
    """Client credentials in, a bearer token out (form-encoded, as OAuth2 prescribes)."""
    response = server.create_token_response()
    db.session.commit()
    return response


@bp.post("/revoke")
@public
@limiter.limit(sign_in_limit)
def revoke() -> Any:
    """A client ends one of its tokens before it expires."""
    return server.create_endpoint_response(Revocation.ENDPOINT_NAME)


csrf.exempt(bp)  # authenticated by the client's secret, never by a cookie


def init(app: Flask) -> None:
    """Bind the OAuth2 server to the app: short-lived, prefixed tokens for client credentials."""
    app.config.setdefault(
        "OAUTH2_ACCESS_TOKEN_GENERATOR", lambda **_: new_secret(service.CLIENT_TOKEN_PREFIX)
    )
    app.config.setdefault(
        "OAUTH2_TOKEN_EXPIRES_IN", {"client_credentials": service.CLIENT_TOKEN_SECONDS}
    )
    server.init_app(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(ClientCredentials)
    server.register_endpoint(Revocation)
    describe_security(api.spec)


def describe_security(spec: APISpec) -> None:
    """Tell the OpenAPI description's readers the two ways in besides the session cookie."""
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme(
        "clientCredentials",
        {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/t/{tenant}/api/v1/oauth/token",
                    "scopes": {
                        # Plain English for developers: the description is built before any
                        # request, and with it any reader's language, exists.
                        scope: f"{scope.replace(':', ' area: ')}"
                        for scope in scopes.all_scopes()
                    },
                }
            },
        },
    )
    spec.options["security"] = [{"session": []}, {"bearer": []}, {"clientCredentials": []}]

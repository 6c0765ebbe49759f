"""The OpenID Connect client of one tenant, built for each sign-in from that tenant's settings.

authlib does the protocol: discovery, the authorization-code flow with ``state`` and ``nonce``
kept in the session under the tenant's own name, the code exchanged with the tenant's secret,
and the ID token verified against the provider's keys (signature, issuer, audience, expiry and
nonce). Any failure is one ``SignInFailed``; the page says so without the technical details.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask_babel import lazy_gettext as _l
from joserfc.errors import JoseError

from kring.sso.models import IdentityProvider
from kring.sso.service import unseal

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
SCOPE = "openid email profile"


PROBLEMS = {
    "https": _l("Enter a full address, starting with https://."),
    "unreachable": _l("The provider's settings could not be read at this address."),
    "issuer": _l("The provider at this address names another issuer."),
}
"""Why a provider's address cannot be used, in words (``check_discovery``)."""


class SignInFailed(Exception):
    """The provider's answer did not prove who signed in (the reason is in the log)."""


def client_for(found: IdentityProvider) -> FlaskOAuth2App:
    """A client for ``found``; its name keeps one tenant's state apart from another's."""
    name = f"kring-tenant-{found.tenant_id}"
    return FlaskOAuth2App(
        FlaskIntegration(name),
        name=name,
        client_id=found.client_id,
        client_secret=unseal(found.client_secret_sealed),
        server_metadata_url=discovery_url(found.issuer),
        client_kwargs={"scope": SCOPE, "default_timeout": TIMEOUT_SECONDS},
    )


def discovery_url(issuer: str) -> str:
    """Where OpenID Connect Discovery says an issuer publishes its endpoints and keys."""
    return f"{issuer.rstrip('/')}/.well-known/openid-configuration"


def claims_of_callback(client: FlaskOAuth2App, issuer: str) -> dict[str, Any]:
    """The verified ID token's claims from the request the provider sent the browser back
    with; ``SignInFailed`` for a wrong or replayed state, a refused code, or an ID token that
    is not from ``issuer``, not for this client, expired, or not for this sign-in's nonce."""
    try:
        token = client.authorize_access_token(
            claims_options={"iss": {"essential": True, "values": [issuer]}}
        )
    except (AuthlibBaseError, JoseError, requests.RequestException, KeyError, ValueError) as error:
        log.info("sign-in with %s failed: %s", issuer, type(error).__name__)  # not its claims
        raise SignInFailed from error
    claims = token.get("userinfo")
    if not claims or not claims.get("sub"):
        log.info("sign-in with %s failed: no ID token", issuer)
        raise SignInFailed
    return dict(claims)


def check_discovery(issuer: str, production: bool) -> str | None:
    """Why the provider at ``issuer`` cannot be used, or None when its discovery document
    answers and names the same issuer. In production only ``https`` is asked for: a secret
    and an identity never travel in the clear (tests run a provider on loopback over http)."""
    if production and not issuer.startswith("https://"):
        return "https"
    try:
        response = requests.get(discovery_url(issuer), timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError):
        return "unreachable"
    if str(document.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        return "issuer"
    return None

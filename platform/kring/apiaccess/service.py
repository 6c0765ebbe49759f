"""Making, finding and revoking API tokens and integration clients.

Secrets are returned once, to be shown once; only their digests are kept. Every change is in
the journal, so an admin can tell who gave an integration its access and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from kring.apiaccess.models import ApiClient, ApiToken, TokenKind
from kring.core import journal
from kring.core.accounts import User
from kring.core.db import utcnow
from kring.core.secrets import digest, new_secret
from kring.extensions import db

PERSONAL_PREFIX = "kr_pat_"
CLIENT_TOKEN_PREFIX = "kr_cat_"
CLIENT_ID_PREFIX = "kr_client_"
CLIENT_SECRET_PREFIX = "kr_cs_"

EXPIRY_DAYS = (7, 30, 90, 365)
"""What a person may choose for a personal token; a token that never expires is not offered."""
MAX_EXPIRY_DAYS = max(EXPIRY_DAYS)
CLIENT_TOKEN_SECONDS = 3600
"""Tokens issued to clients live an hour: an integration asks for a new one, a leaked one dies."""


@dataclass(frozen=True, slots=True)
class Issued:
    """A token or client just made, with the secret that is shown this once."""

    record: ApiToken | ApiClient
    secret: str


def create_personal(user: User, name: str, scopes: Iterable[str], days: int) -> Issued:
    """A personal token for ``user`` in the tenant in scope, expiring after ``days``."""
    if not 1 <= days <= MAX_EXPIRY_DAYS:
        raise ValueError(f"a personal token lives 1 to {MAX_EXPIRY_DAYS} days")
    secret = new_secret(PERSONAL_PREFIX)
    token = _token(TokenKind.personal, name, secret, scopes, user.id, timedelta(days=days))
    journal.record("apitoken.created", token, user.id)
    return Issued(token, secret)


def _token(
    kind: TokenKind,
    name: str,
    secret: str,
    scopes: Iterable[str],
    user_id: int,
    lifetime: timedelta,
    client_id: int | None = None,
) -> ApiToken:
    now = utcnow()
    token = ApiToken(
        kind=kind,
        name=name.strip(),
        token_hash=digest(secret),
        hint=secret[-4:],
        scopes=" ".join(sorted(set(scopes))),
        user_id=user_id,
        client_id=client_id,
        created_at=now,
        expires_at=now + lifetime,
    )
    db.session.add(token)
    db.session.flush()
    return token


def personal_tokens(user: User) -> list[ApiToken]:
    """The user's personal tokens in this tenant, newest first, revoked ones included."""
    return list(
        db.session.execute(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.kind == TokenKind.personal)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        ).scalars()
    )


def owns(user: User, token: ApiToken | None) -> bool:
    """Whether ``token`` is ``user``'s personal token: nobody revokes another's token."""
    return token is not None and token.user_id == user.id and token.kind is TokenKind.personal


def revoke(token: ApiToken, actor_id: int) -> None:
    """The token stops working at once. Revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        journal.record("apitoken.revoked", token, actor_id)


def register_client(owner: User, name: str, scopes: Iterable[str]) -> Issued:
    """An integration acting with ``owner``'s reach, narrowed by ``scopes``."""
    secret = new_secret(CLIENT_SECRET_PREFIX)
    client = ApiClient(
        name=name.strip(),
        client_id=new_secret(CLIENT_ID_PREFIX)[:48],
        secret_hash=digest(secret),
        scopes=" ".join(sorted(set(scopes))),
        user_id=owner.id,
    )
    db.session.add(client)
    db.session.flush()
    journal.record("apiclient.registered", client, owner.id)
    return Issued(client, secret)


def name_taken(name: str) -> bool:
    """Whether an integration in this tenant already has this name."""
    return (
        db.session.execute(select(ApiClient.id).where(ApiClient.name == name.strip())).first()
        is not None
    )


def clients() -> list[ApiClient]:
    """The tenant's integrations by name, revoked ones included."""
    return list(db.session.execute(select(ApiClient).order_by(ApiClient.name)).scalars())


def revoke_client(client: ApiClient, actor_id: int) -> None:
    """The client can get no new token, and every token it holds stops working at once."""
    if client.revoked_at is not None:
        return
    now = utcnow()
    client.revoked_at = now
    db.session.execute(
        update(ApiToken)
        .where(ApiToken.client_id == client.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    journal.record("apiclient.revoked", client, actor_id)


def client_by_client_id(client_id: str) -> ApiClient | None:
    """The working client with this id in the tenant in scope."""
    return db.session.execute(
        select(ApiClient).where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None))
    ).scalar_one_or_none()


def issue_to_client(client: ApiClient, secret: str, scopes: Iterable[str]) -> ApiToken:
    """A short-lived token for ``client``, holding ``secret`` (made by the OAuth2 server)."""
    return _token(
        TokenKind.client,
        client.name,
        secret,
        scopes,
        client.user_id,
        timedelta(seconds=CLIENT_TOKEN_SECONDS),
        client_id=client.id,
    )


def token_for(secret: str, now: datetime) -> ApiToken | None:
    """The usable token in the tenant in scope that ``secret`` names, or None when it is
    unknown, belongs to another tenant, has expired or was revoked."""
    token = db.session.execute(
        select(ApiToken).where(ApiToken.token_hash == digest(secret))
    ).scalar_one_or_none()
    if token is None or not token.is_usable(now):
        return None
    return token

"""Rotating ``KRING_SECRET_KEY``: the earlier key in ``KRING_SECRET_KEY_FALLBACKS`` keeps
sign-ins, e-mailed links and sealed secrets working, nothing new is made with it, and
``kring secrets reseal`` frees it so it can go."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp
import pytest
from flask import Flask

from kring.auth.tokens import make_reset_token, user_for_reset_token
from kring.config import Config, ConfigError
from kring.core import keys
from kring.core.accounts import Role
from kring.core.db import utcnow
from kring.core.tenancy import Tenant, tenant_scope
from kring.extensions import db
from kring.identity import service as factors
from kring.sso import service as sso
from kring.sso.cli import secrets_group
from kring.testing import second_factor
from kring.testing.factories import DEFAULT_PASSWORD
from kring.testing.keys import keys_replaced

OLD = "the-key-kring-ran-with-until-today-0123456789"
NEW = "the-key-kring-runs-with-from-today-0123456789"


def test_a_sign_in_made_with_the_old_key_lasts_while_the_old_key_is_a_fallback(
    app: Flask, client: Any, tenant: Tenant, make_user: Any
) -> None:
    volunteer = make_user(tenant, Role.volunteer)
    with keys_replaced(app, OLD):
        assert client.login(tenant, volunteer.email, DEFAULT_PASSWORD).status_code == 302
        assert client.get(f"/t/{tenant.slug}/").status_code == 200
    with keys_replaced(app, NEW, fallbacks=(OLD,)):
        assert client.get(f"/t/{tenant.slug}/").status_code == 200
    with keys_replaced(app, NEW):
        assert client.get(f"/t/{tenant.slug}/").status_code == 302  # signed out: to the login


def test_a_reset_link_signed_with_the_old_key_opens_with_it_as_fallback(
    app: Flask, tenant: Tenant, make_user: Any
) -> None:
    user = make_user(tenant, Role.volunteer)
    with keys_replaced(app, OLD):
        token = make_reset_token(keys.signing_keys(), user)
    with keys_replaced(app, NEW, fallbacks=(OLD,)):
        assert user_for_reset_token(keys.signing_keys(), token) is user
        fresh = make_reset_token(keys.signing_keys(), user)
    with keys_replaced(app, NEW):
        assert user_for_reset_token(keys.signing_keys(), token) is None
        assert user_for_reset_token(keys.signing_keys(), fresh) is user  # signed with the new


def test_an_authenticator_survives_a_rotation_and_the_reseal_frees_the_old_key(
    app: Flask, tenant: Tenant, make_user: Any
) -> None:
    coach = make_user(tenant, Role.coach)
    with keys_replaced(app, OLD):
        secret = second_factor.enrol(coach)
    factor = factors.factor_of(coach)
    assert factor is not None
    with keys_replaced(app, NEW):
        assert factors.totp_for(factor) is None  # without the old key, no code is right
        with pytest.raises(factors.CodeRefused):
            factors.verify(coach, pyotp.TOTP(secret).now())
    with keys_replaced(app, NEW, fallbacks=(OLD,)):
        assert getattr(factors.totp_for(factor), "secret", None) == secret
        assert factors.reseal_second_factors() == (1, 0)
    with keys_replaced(app, NEW):
        assert getattr(factors.totp_for(factor), "secret", None) == secret
        later = utcnow() + timedelta(minutes=1)  # the enrolment spent this half minute's code
        assert factors.verify(coach, pyotp.TOTP(secret).at(later), later) == "code"


def test_a_client_secret_survives_a_rotation_and_the_command_reseals_it(
    app: Flask, tenant: Tenant
) -> None:
    with keys_replaced(app, OLD), tenant_scope(tenant):
        sso.configure(
            sso.ProviderSettings(
                issuer="https://login.example.org",
                client_id="kring",
                client_secret="geheim-en-lang",
                label="Gemeente-account",
                trusts_mfa=True,
                is_enabled=True,
            ),
            None,
        )
        db.session.flush()
    with keys_replaced(app, NEW, fallbacks=(OLD,)):
        done = app.test_cli_runner().invoke(secrets_group, ["reseal"])
        assert done.exit_code == 0, done.output
        assert "1 OpenID client secret(s)" in done.output
    with keys_replaced(app, NEW), tenant_scope(tenant):
        found = sso.provider()
        assert found is not None and sso.unseal(found.client_secret_sealed) == "geheim-en-lang"


def test_the_command_names_what_no_key_given_can_open(
    app: Flask, tenant: Tenant, make_user: Any
) -> None:
    with keys_replaced(app, OLD):
        second_factor.enrol(make_user(tenant, Role.coach))
    with keys_replaced(app, NEW):
        done = app.test_cli_runner().invoke(secrets_group, ["reseal"])
    assert done.exit_code == 0, done.output
    assert "Not readable with any key given: 1 authenticator(s)" in done.output


def test_fallbacks_are_read_from_the_environment_and_checked() -> None:
    config = Config.from_env(
        {
            "KRING_ENV": "production",
            "KRING_SECRET_KEY": NEW,
            "KRING_SECRET_KEY_FALLBACKS": f"{OLD}, another-earlier-key-0123456789-abcdef",
            "KRING_DATABASE_URL": "postgresql+psycopg://kring_app@127.0.0.1/kring",
        }
    )
    assert config.secret_key_fallbacks == (OLD, "another-earlier-key-0123456789-abcdef")
    with pytest.raises(ConfigError, match="at least 32"):
        Config.from_env(
            {
                "KRING_ENV": "production",
                "KRING_SECRET_KEY": NEW,
                "KRING_SECRET_KEY_FALLBACKS": "short",
                "KRING_DATABASE_URL": "postgresql+psycopg://kring_app@127.0.0.1/kring",
            }
        )
    with pytest.raises(ConfigError, match="current secret key"):
        Config.from_env({"KRING_SECRET_KEY": NEW, "KRING_SECRET_KEY_FALLBACKS": NEW})

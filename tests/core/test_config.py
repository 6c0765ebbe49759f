from __future__ import annotations

import pytest

from kring.config import Config, ConfigError


def test_embedded_mode_when_no_database_url() -> None:
    config = Config.from_env({})
    assert config.is_embedded
    assert config.sqlalchemy_url.startswith("sqlite:///")
    assert config.sqlalchemy_url.endswith("instance/kring.sqlite")


def test_production_refuses_to_start_when_secret_key_is_the_default() -> None:
    with pytest.raises(ConfigError, match="KRING_SECRET_KEY"):
        Config.from_env({"KRING_ENV": "production", "KRING_DATABASE_URL": "postgresql://db/kring"})


def test_production_refuses_embedded_database() -> None:
    with pytest.raises(ConfigError, match="KRING_DATABASE_URL"):
        Config.from_env({"KRING_ENV": "production", "KRING_SECRET_KEY": "x" * 40})


def test_unknown_setting_is_refused_when_misspelt() -> None:
    with pytest.raises(ConfigError, match="KRING_DATABSE_URL"):
        Config.from_env({"KRING_DATABSE_URL": "sqlite://"})


def test_typed_settings_are_parsed_and_checked() -> None:
    config = Config.from_env(
        {"KRING_MAIL_PORT": "2525", "KRING_MAIL_USE_TLS": "no", "KRING_DISABLED_PLUGINS": "a, b"}
    )
    assert (config.mail_port, config.mail_use_tls, config.disabled_plugins) == (
        2525,
        False,
        ("a", "b"),
    )
    with pytest.raises(ConfigError, match="KRING_MAIL_PORT"):
        Config.from_env({"KRING_MAIL_PORT": "many"})
    with pytest.raises(ConfigError, match="KRING_MAIL_USE_TLS"):
        Config.from_env({"KRING_MAIL_USE_TLS": "perhaps"})


def test_production_starts_with_a_real_secret_and_database() -> None:
    config = Config.from_env(
        {
            "KRING_ENV": "production",
            "KRING_SECRET_KEY": "s" * 40,
            "KRING_DATABASE_URL": "postgresql://db/k",
        }
    )
    assert config.is_production and not config.is_embedded

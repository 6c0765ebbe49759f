"""One frozen configuration, read from ``KRING_*`` environment variables and validated at start.

Every setting is declared once here with its type, default and meaning, so that operators have
one place to look and a typo in a variable fails loudly instead of silently using a default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_SECRET_KEY = "kring-embedded-insecure-secret"


class ConfigError(ValueError):
    """A setting is missing or wrong; the message names the variable."""


def _bool(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"KRING_{name.upper()} must be true or false, not {value!r}")


def _int(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"KRING_{name.upper()} must be a whole number, not {value!r}") from None


def _list(value: str, name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in value.split(",") if item.strip())


@dataclass(frozen=True)
class Config:
    """Settings of one Kring process. ``from_env`` builds it; tests build it directly."""

    env: str = field(default="development", metadata={"doc": "development, production or test"})
    secret_key: str = field(
        default=DEFAULT_SECRET_KEY,
        metadata={"doc": "signs sessions and tokens; required in production"},
    )
    secret_key_fallbacks: tuple[str, ...] = field(
        default=(),
        metadata={
            "doc": "comma-separated earlier secret keys, still accepted (never used for anything "
            "new) while sign-ins, links and sealed secrets made with them are replaced"
        },
    )
    database_url: str = field(
        default="",
        metadata={"doc": "SQLAlchemy URL the app connects with; empty means embedded SQLite"},
    )
    migration_database_url: str = field(
        default="",
        metadata={"doc": "URL of the schema owner, used by migrations; defaults to database_url"},
    )
    redis_url: str = field(
        default="", metadata={"doc": "Redis for jobs and rate limits; empty means in-process"}
    )
    base_domain: str = field(
        default="", metadata={"doc": "tenants are served at <slug>.<base_domain> when set"}
    )
    public_url: str = field(
        default="http://localhost:5000",
        metadata={"doc": "where people reach Kring, for links in e-mails and SMS"},
    )
    sms_provider: str = field(
        default="log",
        metadata={"doc": "SMS provider: log (writes instance/sms.log) or messagebird"},
    )
    sms_api_key: str = field(
        default="", metadata={"doc": "the SMS provider's access key (MessageBird: a live key)"}
    )
    sms_api_url: str = field(
        default="https://rest.messagebird.com/messages",
        metadata={"doc": "the SMS provider's endpoint (a test points it at a local server)"},
    )
    sms_sender: str = field(
        default="Kring",
        metadata={"doc": "sender shown on an SMS: a phone number or at most 11 letters/digits"},
    )
    instance_path: str = field(
        default="instance", metadata={"doc": "folder of the embedded database and mail"}
    )
    mail_server: str = field(
        default="", metadata={"doc": "SMTP host; empty writes mail to instance/mail"}
    )
    mail_port: int = field(default=587, metadata={"doc": "SMTP port"})
    mail_username: str = field(default="", metadata={"doc": "SMTP user"})
    mail_password: str = field(default="", metadata={"doc": "SMTP password"})
    mail_use_tls: bool = field(default=True, metadata={"doc": "STARTTLS towards the SMTP host"})
    mail_sender: str = field(
        default="Kring <noreply@kring.local>", metadata={"doc": "From address"}
    )
    disabled_plugins: tuple[str, ...] = field(
        default=(), metadata={"doc": "comma-separated entry-point names of plugins not to load"}
    )
    login_rate_limit: str = field(
        default="10 per minute", metadata={"doc": "login attempts allowed per client address"}
    )
    api_token_rate_limit: str = field(
        default="600 per minute",
        metadata={"doc": "API requests allowed per bearer token (personal or an integration's)"},
    )
    session_idle_minutes_staff: int = field(
        default=30,
        metadata={
            "doc": "minutes without a request before a staff sign-in ends (second factor's people)"
        },
    )
    session_absolute_hours_staff: int = field(
        default=12, metadata={"doc": "hours after signing in that a staff sign-in ends anyway"}
    )
    session_idle_minutes_member: int = field(
        default=120,
        metadata={
            "doc": "minutes without a request before a volunteer's or care worker's sign-in ends"
        },
    )
    session_absolute_hours_member: int = field(
        default=24,
        metadata={"doc": "hours after signing in that a volunteer's sign-in ends anyway"},
    )
    session_idle_minutes_participant: int = field(
        default=14 * 24 * 60,
        metadata={"doc": "minutes without a request before a participant's card sign-in ends"},
    )
    session_absolute_hours_participant: int = field(
        default=30 * 24,
        metadata={"doc": "hours after scanning their card that a participant's sign-in ends"},
    )
    access_log_retention_months: int = field(
        default=60,
        metadata={"doc": "months the access log keeps its rows (NEN 7513: at least five years)"},
    )
    default_locale: str = field(
        default="nl", metadata={"doc": "language when nothing else decides"}
    )
    list_tenants: bool = field(
        default=False,
        metadata={"doc": "the public start page lists every tenant's sign-in (the demo sets it)"},
    )
    log_format: str = field(
        default="",
        metadata={
            "doc": "json (one JSON object per line on stderr) or text; empty means json in "
            "production, text otherwise"
        },
    )
    metrics_token: str = field(
        default="",
        metadata={
            "doc": "secret a Prometheus scrape of /metrics sends as 'Authorization: Bearer "
            "<token>'; unset, /metrics answers 404 in production and is open otherwise"
        },
    )
    sentry_dsn: str = field(
        default="",
        metadata={
            "doc": "secret DSN to report errors to Sentry (no personal data is sent); "
            "empty means no Sentry"
        },
    )

    @property
    def is_embedded(self) -> bool:
        """Embedded mode: SQLite under the instance folder and jobs in this process."""
        return not self.database_url

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def logs_as_json(self) -> bool:
        """Machines read production's logs (one JSON object a line); people read the rest."""
        return self.log_format == "json" or (not self.log_format and self.is_production)

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{Path(self.instance_path).resolve() / 'kring.sqlite'}"

    @property
    def owner_sqlalchemy_url(self) -> str:
        return self.migration_database_url or self.sqlalchemy_url

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
        """Read every ``KRING_<NAME>`` variable; unknown ``KRING_`` variables are refused."""
        environ = os.environ if environ is None else environ
        known = {f"KRING_{f.name.upper()}": f for f in fields(cls)}
        ignored = {
            "KRING_TEST_DATABASE_URL",
            "KRING_TEST_MIGRATION_DATABASE_URL",
            "KRING_TEST_REDIS_URL",
        }
        unknown = sorted(
            k for k in environ if k.startswith("KRING_") and k not in known.keys() | ignored
        )
        if unknown:
            raise ConfigError(f"Unknown setting(s): {', '.join(unknown)}")
        values: dict[str, Any] = {}
        for var, f in known.items():
            if var not in environ:
                continue
            raw = environ[var]
            if f.type == "bool":
                values[f.name] = _bool(raw, f.name)
            elif f.type == "int":
                values[f.name] = _int(raw, f.name)
            elif f.type == "tuple[str, ...]":
                values[f.name] = _list(raw, f.name)
            else:
                values[f.name] = raw
        config = replace(cls(**values), **overrides)
        config.validate()
        return config

    def validate(self) -> None:
        if self.env not in {"development", "production", "test"}:
            raise ConfigError(
                f"KRING_ENV must be development, production or test, not {self.env!r}"
            )
        if self.is_production and self.secret_key == DEFAULT_SECRET_KEY:
            raise ConfigError("KRING_SECRET_KEY must be set to a secret value in production")
        if self.is_production and len(self.secret_key) < 32:
            raise ConfigError("KRING_SECRET_KEY must be at least 32 characters in production")
        if self.is_production and any(len(key) < 32 for key in self.secret_key_fallbacks):
            raise ConfigError(
                "KRING_SECRET_KEY_FALLBACKS: each earlier key has at least 32 characters"
            )
        if self.secret_key in self.secret_key_fallbacks:
            raise ConfigError("KRING_SECRET_KEY_FALLBACKS must not hold the current secret key")
        if self.is_production and self.is_embedded:
            raise ConfigError(
                "KRING_DATABASE_URL is required in production (embedded mode is for trying out)"
            )
        if self.access_log_retention_months < 1:
            raise ConfigError("KRING_ACCESS_LOG_RETENTION_MONTHS must be at least 1")
        if self.sms_provider not in {"log", "messagebird"}:
            raise ConfigError("KRING_SMS_PROVIDER must be log or messagebird")
        if self.sms_provider != "log" and not self.sms_api_key:
            raise ConfigError("KRING_SMS_API_KEY is required for the SMS provider")
        if not re.fullmatch(r"\+?[0-9]{5,16}|[A-Za-z0-9 ]{1,11}", self.sms_sender):
            raise ConfigError(
                "KRING_SMS_SENDER must be a phone number or at most 11 letters and digits"
            )
        for f in fields(self):
            if f.name.startswith("session_") and getattr(self, f.name) < 1:
                raise ConfigError(f"KRING_{f.name.upper()} must be at least 1")
        if self.default_locale not in {"nl", "en"}:
            raise ConfigError("KRING_DEFAULT_LOCALE must be nl or en")
        if self.log_format not in {"", "json", "text"}:
            raise ConfigError("KRING_LOG_FORMAT must be json or text")
        if self.metrics_token and len(self.metrics_token) < 16:
            raise ConfigError("KRING_METRICS_TOKEN must be at least 16 characters")


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, meaning) for every setting: used by the docs and ``kring --help``."""
    return [
        (
            f"KRING_{f.name.upper()}",
            repr(f.default) if f.name != "secret_key" else "(insecure)",
            f.metadata["doc"],
        )
        for f in fields(Config)
    ]

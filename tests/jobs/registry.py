"""Every job of the code base, found by importing every module and reading the registry."""

from __future__ import annotations

import importlib
import pkgutil
from importlib.metadata import entry_points

import kring
from kring.jobs import JobSpec, registered

SKIPPED = ("kring.wsgi", "kring.migrations", "kring.testing")


def import_everything() -> None:
    packages = [kring]
    for plugin in entry_points(group="kring.plugins"):
        packages.append(importlib.import_module(plugin.module.split(".")[0]))
    for package in packages:
        for found in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not found.name.startswith(SKIPPED):
                importlib.import_module(found.name)


def all_jobs() -> dict[str, JobSpec]:
    import_everything()
    return registered()


def committed_emails(tenant_id: int, count: int, key: str) -> list[int]:
    """``count`` due e-mails committed in the tenant without enqueueing their delivery (the
    test decides what is queued); their ids. Needs an app context."""
    from kring.core.tenancy import tenant_scope
    from kring.extensions import db
    from kring.notify import service as notify

    with tenant_scope(tenant_id):
        ids = [
            notify.queue_email(f"p{n}@example.org", "Morgen", "Tekst", f"{key}-{n}").id
            for n in range(count)
        ]
        db.session.info.pop("kring_outbox_ids", None)
        db.session.commit()
    return ids

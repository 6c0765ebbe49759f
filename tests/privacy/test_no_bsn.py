"""Kring keeps no citizen service number (BSN) or other national identity number: no column,
no form field and no API field may be named like one. Circles work with names and postcodes;
a BSN would make every leak worse and is not needed for the work (AVG article 87, UAVG 46)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import marshmallow
from flask_wtf import FlaskForm

import kring
from kring.app import CORE_MODELS, MODULES
from kring.extensions import db
from kring.module import load

FORBIDDEN = re.compile(
    r"bsn|burger_?service|social_?security|national_?insurance|\bnino\b|ni_?number|\bssn\b",
    re.IGNORECASE,
)


def _modules() -> list[object]:
    found = []
    for info in pkgutil.walk_packages(kring.__path__, "kring."):
        if ".migrations" in info.name or info.name.endswith(("wsgi", "testing.plugin")):
            continue
        found.append(importlib.import_module(info.name))
    return found


def forbidden(names: list[str]) -> list[str]:
    return [name for name in names if FORBIDDEN.search(name)]


def test_no_column_is_named_like_a_bsn() -> None:
    for path in (*CORE_MODELS, *(m for module in MODULES for m in module.models)):
        load(path)
    names = [f"{t.name}.{c.name}" for t in db.metadata.tables.values() for c in t.columns]
    assert len(names) > 100
    assert forbidden(names) == []


def test_no_form_or_api_field_is_named_like_a_bsn() -> None:
    fields: list[str] = []
    for module in _modules():
        for name, value in vars(module).items():
            if not inspect.isclass(value) or value.__module__ != module.__name__:  # type: ignore[attr-defined]
                continue
            if issubclass(value, FlaskForm):
                fields += [f"{name}.{f}" for f in dir(value) if not f.startswith("_")]
            elif issubclass(value, marshmallow.Schema):
                fields += [f"{name}.{f}" for f in value._declared_fields]
    assert len(fields) > 100
    assert forbidden(fields) == []


def test_the_check_finds_a_bsn_field() -> None:
    assert forbidden(["Person.bsn", "intake.burgerservicenummer", "Resident.ni_number"]) == [
        "Person.bsn",
        "intake.burgerservicenummer",
        "Resident.ni_number",
    ]
    assert forbidden(["person.name", "signal.postcode", "absent"]) == []

"""Property-based: every write a page or the API accepts answers hostile input with a refusal,
never a server error. Routes are read from the URL map, so a new write is covered the day it is
added. Bodies hold what people and scripts send by mistake or on purpose: NUL bytes, lone
surrogates, ids past any column, deep nesting, wrong types, very long text."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELDS = [
    "name", "email", "phone", "postcode", "birth_date", "person_id", "circle_id", "member_id",
    "phase", "reason", "role", "kind", "note", "date", "title", "score", "answers", "locale",
    "completed_on", "organisation_id", "neighbourhood_id", "methodology", "q", "page",
]  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\x00", "An\x00na", "\ud800", "x" * 5000, "9" * 40, "-1", "", " "]),
)
SCALAR = st.one_of(
    TEXT,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True),
)
JSON = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner),
    max_leaves=8,
)
BODY = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6)
FORM_TEXT = st.one_of(  # a form arrives as bytes: a lone surrogate cannot be sent in one
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["\x00", "An\x00na", "x" * 5000, "9" * 40, "-1", "", " "]),
)
FORM = st.dictionaries(st.sampled_from(FIELDS), FORM_TEXT, max_size=6)
ARGUMENT = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
LENIENT = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _write_routes(app: Any) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & WRITES):
            if rule.rule.startswith("/t/<tenant>/") and "logout" not in rule.rule:
                found.append((method, rule.rule))
    return sorted(found)


def _path(rule: str, slug: str) -> str:
    return ARGUMENT.sub(lambda m: slug if m.group(1) == "tenant" else "1", rule)


def test_there_are_writes_to_try(app: Any) -> None:
    routes = _write_routes(app)
    assert any("/api/v1/" in rule for _method, rule in routes)
    assert any("/api/v1/" not in rule for _method, rule in routes)


@pytest.fixture(params=["api", "pages"])
def kind(request: Any) -> str:
    return str(request.param)


def test_no_write_answers_a_server_error(app: Any, signed_in: Any, tenant: Any, kind: str) -> None:
    token = signed_in.csrf_token(f"/t/{tenant.slug}/")
    routes = [
        (method, _path(rule, tenant.slug))
        for method, rule in _write_routes(app)
        if ("/api/v1/" in rule) == (kind == "api")
    ]

    @LENIENT
    @given(body=BODY if kind == "api" else FORM, which=st.sampled_from(routes))
    def attempt(body: dict[str, Any], which: tuple[str, str]) -> None:
        method, path = which
        if kind == "api":
            response = signed_in.open(
                path, method=method, json=body, headers={"X-CSRFToken": token}
            )
        else:
            response = signed_in.open(path, method=method, data={**body, "csrf_token": token})
        assert response.status_code < 500, (method, path, body, response.get_data(as_text=True))

    attempt()

"""The pages the benchmark measures (``bench/run.py``): add a page with one line in ``PAGES``.

A path is formatted with ``slug`` (the tenant) and the ids in ``run.find_ids``: ``circle_id``
(the circle "Netwerk 001") and ``person_id`` ("Bewoner 0003", a member of that circle), both
found through the JSON API. Every page is fetched with GET, signed in as the tenant admin who
is also its project leader, so that need-to-know lets every page show every record; a page
with ``who`` set is fetched as that login instead (the volunteer and the coach of "Netwerk
001", whose homes show their own circle).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One page to measure: its name in the report and its path."""

    name: str
    path: str
    who: str = "admin"
    """Whose page it is: ``admin``, ``volunteer`` or ``coach`` (``seeding.LOGINS``)."""


PAGES = (
    # The least a signed-in request does (its tenant, the sign-in, the roles, answered as JSON):
    # what every page pays before its own work, so a page's ratio can be read against it.
    Page("signed-in floor", "/t/{slug}/api/v1/me"),
    Page("home", "/t/{slug}/"),
    Page("volunteer home", "/t/{slug}/", who="volunteer"),
    Page("coach home", "/t/{slug}/", who="coach"),
    Page("circles overview", "/t/{slug}/circles/"),
    Page("circle page", "/t/{slug}/circles/{circle_id}"),
    Page("circle API", "/t/{slug}/api/v1/circles/{circle_id}"),
    Page("people list", "/t/{slug}/people"),
    Page("person page", "/t/{slug}/people/{person_id}"),
    Page("people API", "/t/{slug}/api/v1/people"),
    Page("printed week", "/t/{slug}/week"),
    Page("circle meetings", "/t/{slug}/circles/{circle_id}/meetings"),
    Page("help board", "/t/{slug}/circles/{circle_id}/help"),
    Page("network picture", "/t/{slug}/circles/{circle_id}/network"),
    Page("contact log", "/t/{slug}/circles/{circle_id}/contacts"),
    Page("development plan", "/t/{slug}/people/{person_id}/plan"),
    Page("sign-in cards of a circle", "/t/{slug}/circles/{circle_id}/sign-in-cards"),
)

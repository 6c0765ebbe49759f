"""The kernel every area builds on: database base, tenancy's three walls, accounts and roles,
the methodology dataclasses, the rules judge, the plugins' view of a circle, domain events and
the journal. Nothing in here knows a request or a domain area."""

"""``kring bench seed``: a whole country's worth of invented tenants on PostgreSQL, in minutes.

Why a seeder of its own: ``kring tenants sync`` goes through the services, a row at a time,
which is right for real tenant files and far too slow for 600,000 members and 10,000,000
outbox rows. Here every table is written with ``COPY`` (rows generated while they stream, never
held in a list), the outbox with one ``INSERT ... SELECT generate_series`` a tenant (the outbox
benchmark's own statement, ``outbox_insert``), all in one transaction as the schema owner.

The parts, one job each:

- ``bulk``: the machinery: ``COPY``, ids in blocks from the sequences, keys, indexes and
  row-level security set aside and made again (the only module that speaks raw SQL);
- ``plan``: the scales, the invented names, each methodology's circle, the rows per table;
- ``structure`` and ``activity``: the table writers, who is where and what happened;
- ``load``: ``seed`` (the tables in order) and ``seed_outbox``.

**Pages render real data**: every tenant is active with one organisation and one of the four
methodologies (spread evenly), neighbourhoods, circles in their established phase with the
methodology's own roles, a coach and a volunteer who sign in, meetings of the last three months
in the methodology's rhythm with attendance, help asked and given, development plans, survey
answers scored by the methodology, audits, access-log rows and outbox rows; the trainer's facts
are written by the trainer's own refresh afterwards (``kring bench seed``).

Names are invented: a first name and a surname from short fixed lists and a number.
"""

from kring.tenants.benchseed.bulk import SeedError
from kring.tenants.benchseed.load import outbox_insert, seed, seed_outbox
from kring.tenants.benchseed.plan import (
    MEMBERS_PER_CIRCLE,
    METHODOLOGIES,
    PASSWORD,
    SCALES,
    SLUG_PREFIX,
    Scale,
    circle_name,
    email_of,
    methodology_of,
    person_name,
    planned_counts,
    slug_of,
)

__all__ = [
    "MEMBERS_PER_CIRCLE",
    "METHODOLOGIES",
    "PASSWORD",
    "SCALES",
    "SLUG_PREFIX",
    "Scale",
    "SeedError",
    "circle_name",
    "email_of",
    "methodology_of",
    "outbox_insert",
    "person_name",
    "planned_counts",
    "seed",
    "seed_outbox",
    "slug_of",
]

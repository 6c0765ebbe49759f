"""Alembic migrations of Kring's schema; ``env.py`` runs them as the schema owner."""


def upgrade_to_head() -> None:
    """Migrate the application's database to the newest schema (inside an app context)."""
    from flask_migrate import upgrade

    upgrade()

"""WSGI entry point for production servers: ``gunicorn kring.wsgi:app``."""

from kring import create_app

app = create_app()

"""Recorded facts read as words: a flag as yes or no, an ISO date in the reader's language."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from kring.http.methodology import recorded_value


def test_flags_and_dates_read_in_the_readers_language(app: Flask) -> None:
    with app.test_request_context(), force_locale("nl"):
        assert recorded_value(True) == "Ja"
        assert recorded_value(False) == "Nee"
        assert recorded_value("2029-01-12") == "12 januari 2029"
        assert recorded_value(12) == "12"
        assert recorded_value("Basiscursus") == "Basiscursus"
    with app.test_request_context(), force_locale("en"):
        assert recorded_value(True) == "Yes"
        assert recorded_value("2029-01-12") == "January 12, 2029"

"""A chart's numbers are written as the reader's language writes them (2,5 in Dutch)."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale

from kring.charts import bars


def test_a_chart_writes_numbers_in_the_page_language(app: Flask) -> None:
    chart = bars([("Noord", 2.5)], top=10)
    with app.test_request_context("/"):
        template = app.jinja_env.from_string(
            '{% from "_charts.html" import bar_chart %}{{ bar_chart(chart, "t", "title") }}'
        )
        with force_locale("nl"):
            assert ">2,5</text>" in template.render(chart=chart)
        with force_locale("en"):
            assert ">2.5</text>" in template.render(chart=chart)

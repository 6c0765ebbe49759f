"""Forms of the neighbourhood pages: the statistics file to import, with its year."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField
from wtforms.validators import DataRequired

from kring.http.forms import Form


class ImportForm(Form):
    file = FileField(
        _l("CBS file (CSV, separated by semicolons)"),
        validators=[FileRequired(_l("Choose the file to import."))],
    )
    year = IntegerField(
        _l("Year of the figures"),
        validators=[DataRequired(_l("Enter the year the figures are about, such as 2024."))],
    )

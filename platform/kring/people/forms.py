"""Forms for neighbourhoods, people and trainings, validated at the edge."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from kring.http.forms import Form
from kring.people.models import is_postcode_area
from kring.people.validators import form_not_in_future as _not_in_future
from kring.people.validators import form_postcode as _postcode


class NeighbourhoodForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the neighbourhood's name.")), Length(max=200)],
    )
    cbs_code = StringField(_l("CBS code (optional)"), validators=[Optional(), Length(max=20)])
    postcodes = TextAreaField(
        _l("Postcodes"),
        description=_l("Postcode areas in this neighbourhood, separated by commas: 6041, 6042 AB."),
        validators=[Length(max=2000)],
    )

    def validate_postcodes(self, field: TextAreaField) -> None:
        wrong = [p for p in self.postcode_list() if not is_postcode_area(p)]
        if wrong:
            raise ValidationError(_l("These are not postcodes: %(codes)s", codes=", ".join(wrong)))

    def postcode_list(self) -> list[str]:
        return [p.strip() for p in (self.postcodes.data or "").split(",") if p.strip()]


class PersonForm(Form):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=200)]
    )
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10), _postcode])
    email = EmailField(
        _l("E-mail address (optional)"),
        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)],
    )
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)])
    birth_date = DateField(
        _l("Date of birth (optional)"),
        validators=[Optional(), _not_in_future],
        render_kw={"autocomplete": "off"},
    )


class TrainingForm(Form):
    training = SelectField(_l("Training"), validators=[DataRequired(_l("Choose a training."))])
    completed_on = DateField(
        _l("Completed on"),
        validators=[
            DataRequired(_l("Enter the date the training was completed.")),
            _not_in_future,
        ],
    )

"""Forms of the circle pages. Choices are filled per request from the tenant's data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from kring.http.forms import Form


class CircleForm(Form):
    setting = SelectField(
        _l("Organisation and methodology"),
        validators=[DataRequired(_l("Choose an organisation and its methodology."))],
    )
    neighbourhood = SelectField(
        _l("Neighbourhood"), validators=[DataRequired(_l("Choose a neighbourhood."))]
    )
    name = StringField(
        _l("Name"),
        description=_l(
            "Some methodologies name it after the neighbourhood; a name given here then tells a"
            " second one there apart."
        ),
        validators=[Optional(), Length(max=200)],
    )


class MemberForm(Form):
    person = SelectField(_l("Person"), validators=[DataRequired(_l("Choose a person."))])
    role = SelectField(_l("Role"), validators=[DataRequired(_l("Choose a role."))])


class PhaseForm(Form):
    target = SelectField(_l("Next phase"), validators=[DataRequired(_l("Choose a phase."))])
    reason = TextAreaField(_l("Why now? (optional)"), validators=[Optional(), Length(max=2000)])


class IntakeForm(Form):
    interviewer = SelectField(_l("Intake held by"), validators=[DataRequired()])
    fits = RadioField(
        _l("Does this person fit the group?"),
        choices=[
            SelectChoice("yes", _l("Yes, they join")),
            SelectChoice("no", _l("No, not this group")),
        ],
        validators=[DataRequired(_l("Say whether the person fits the group."))],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class EndForm(Form):
    reason = RadioField(
        _l("Why does this person stop?"), validators=[DataRequired(_l("Choose a reason."))]
    )

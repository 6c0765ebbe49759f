from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from kring.http.forms import Form
from kring.organisations.models import OrganisationKind

KIND_LABELS = {
    OrganisationKind.care: _l("Care"),
    OrganisationKind.welfare: _l("Welfare"),
    OrganisationKind.housing: _l("Housing"),
    OrganisationKind.municipality: _l("Municipality"),
    OrganisationKind.church: _l("Church or faith community"),
    OrganisationKind.sports: _l("Sports club"),
    OrganisationKind.school: _l("School"),
    OrganisationKind.visiting: _l("Visiting service"),
    OrganisationKind.other: _l("Other"),
}


class OrganisationForm(Form):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter the organisation's name.")), Length(max=200)],
    )
    kind = SelectField(
        _l("Kind"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=[DataRequired()],
    )


class EnableMethodologyForm(Form):
    methodology = SelectField(
        _l("Methodology"), validators=[DataRequired(_l("Choose a methodology."))]
    )


class DisableMethodologyForm(Form):
    methodology = SelectField(
        _l("Methodology"), validators=[DataRequired(_l("Choose a methodology."))]
    )

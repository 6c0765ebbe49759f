"""The plan's forms: few fields, plain words (B1), one thing at a time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from kring.http.forms import Form
from kring.plans.words import DOMAIN_LABELS, STATUS_LABELS


class GoalForm(Form):
    domain = SelectField(
        _l("What is it about?"),
        choices=[SelectChoice(d.value, label) for d, label in DOMAIN_LABELS.items()],
        validators=[DataRequired(_l("Choose what the goal is about."))],
    )
    title = StringField(
        _l("What do you want to reach?"),
        validators=[DataRequired(_l("Write your goal in a few words.")), Length(max=200)],
    )


class GoalStatusForm(Form):
    status = SelectField(
        _l("How is it going?"),
        choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()],
        validators=[DataRequired()],
    )
    title = StringField(_l("Your goal in your own words"), validators=[Optional(), Length(max=200)])


class StepForm(Form):
    title = StringField(
        _l("Small step"),
        validators=[DataRequired(_l("Write the step in a few words.")), Length(max=200)],
    )
    supporter = SelectField(_l("Who helps?"), choices=[], validators=[Optional()])


class StepDoneForm(Form):
    is_done = HiddenField(validators=[DataRequired()])


class NoteForm(Form):
    text = TextAreaField(
        _l("How is it going?"),
        validators=[DataRequired(_l("Write a few words.")), Length(max=4000)],
    )
    is_sensitive = BooleanField(_l("This note is sensitive"))


class CommentForm(Form):
    text = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write a few words.")), Length(max=4000)],
    )
    is_sensitive = BooleanField(_l("This note is sensitive"))


class ReviewForm(Form):
    review_on = DateField(_l("Talk about the plan again on"), validators=[Optional()])

"""The trainer's review form: a score, a verdict on each criterion where the trainer judges
otherwise than the finding, and up to three follow-up actions with a due date.

The criteria differ per methodology, so the form is made per audit (``review_form``); the
audits service checks the whole review again, so a form that slips is still refused there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from kring.audits.review import PlannedAction
from kring.audits.service import TEXT_MAX
from kring.http.forms import Form, SubForm

ACTIONS = 3
"""Follow-up actions one review may set: enough for an audit, few enough for one screen."""

AS_FOUND = ""
VERDICTS = {AS_FOUND: None, "met": True, "not_met": False}


class ActionForm(SubForm):
    """One follow-up action; a row left empty sets none."""

    text = StringField(_l("What is to be done"), validators=[Optional(), Length(max=TEXT_MAX)])
    due_on = DateField(_l("Done by"), validators=[Optional()])
    criterion = SelectField(_l("For the criterion"), choices=[], validate_choice=True)

    def validate(self, extra_validators: Any = None) -> bool:
        """A row says both what and by when, or nothing."""
        valid = super().validate(extra_validators)
        said = bool((self.text.data or "").strip())
        if said and self.due_on.data is None and not self.due_on.errors:
            self.due_on.errors = [_l("Say by when the action is done.")]
            valid = False
        if self.due_on.data is not None and not said:
            self.text.errors = [_l("Say what is to be done.")]
            valid = False
        return valid


class ReviewForm(Form):
    score = IntegerField(
        _l("Your score (0 to 100)"),
        validators=[
            InputRequired(_l("Give a score from 0 to 100.")),
            NumberRange(0, 100, _l("Give a score from 0 to 100.")),
        ],
    )
    actions = FieldList(FormField(ActionForm), min_entries=ACTIONS, max_entries=ACTIONS)

    verdict_keys: tuple[str, ...] = ()

    def verdict_fields(self) -> list[RadioField]:
        return [self[f"verdict_{key}"] for key in self.verdict_keys]

    def verdicts(self) -> dict[str, bool | None]:
        """The verdicts given, by criterion; "as found" gives none."""
        return {
            key: VERDICTS[self[f"verdict_{key}"].data]
            for key in self.verdict_keys
            if self[f"verdict_{key}"].data != AS_FOUND
        }

    def planned(self) -> list[PlannedAction]:
        """The rows that say something (a valid form has a date on each of them)."""
        return [
            PlannedAction(
                text=row.text.data or "",
                due_on=row.due_on.data,
                criterion_key=row.criterion.data or None,
            )
            for row in self.actions
            if (row.text.data or "").strip() and row.due_on.data is not None
        ]


def review_form(criteria: Sequence[tuple[str, str]], circle_word: str) -> ReviewForm:
    """The review form of one audit, with a verdict for each of its ``(key, title)`` criteria."""

    class AuditReviewForm(ReviewForm):
        verdict_keys = tuple(key for key, _title in criteria)

    for key, title in criteria:
        setattr(
            AuditReviewForm,
            f"verdict_{key}",
            RadioField(
                title,
                choices=[
                    SelectChoice(AS_FOUND, _l("As found")),
                    SelectChoice("met", _l("Met")),
                    SelectChoice("not_met", _l("Not met")),
                ],
                default=AS_FOUND,
            ),
        )
    form = AuditReviewForm()
    choices = [SelectChoice("", circle_word), *(SelectChoice(k, t) for k, t in criteria)]
    for row in form.actions:
        row.criterion.choices = choices
    return form

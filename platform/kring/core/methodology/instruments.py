"""Outcome instruments several methodologies share, described once so their answers compare.

A plugin names an instrument from here in its ``surveys`` (Buurtcirkel, KeyRing and Buurtkring
all ask the self-reliance scale), with the roles of its own that answer it.
"""

from __future__ import annotations

from kring.core.methodology.quality import ScoreBand, Survey, SurveyItem
from kring.core.methodology.words import Phrase

SELF_RELIANCE = "self_reliance_5"

_FOUR_STEPS: tuple[tuple[str, Phrase], ...] = (
    ("1", Phrase(en="no", nl="nee")),
    ("2", Phrase(en="a little", nl="een beetje")),
    ("3", Phrase(en="mostly", nl="grotendeels")),
    ("4", Phrase(en="yes", nl="ja")),
)

_STATEMENTS = (
    (
        "daily_life",
        Phrase(
            en="I manage my daily things myself: shopping, cooking, cleaning",
            nl="Ik regel mijn dagelijkse dingen zelf: boodschappen, eten, schoonmaken",
        ),
    ),
    ("money", Phrase(en="I manage my money and my post", nl="Ik regel mijn geld en mijn post")),
    (
        "ask_help",
        Phrase(
            en="I know whom I can ask for help when I need it",
            nl="Ik weet wie ik om hulp kan vragen als dat nodig is",
        ),
    ),
    (
        "take_part",
        Phrase(en="I take part in things I enjoy", nl="Ik doe mee met dingen die ik leuk vind"),
    ),
    ("own_choices", Phrase(en="I make my own choices", nl="Ik maak zelf keuzes over mijn leven")),
)

_MUCH_SUPPORT = Phrase(en="needs a lot of support", nl="heeft veel steun nodig")
_SOME_SUPPORT = Phrase(en="manages with some support", nl="redt zich met wat steun")


def self_reliance(for_roles: tuple[str, ...]) -> Survey:
    """Kring's short self-reliance scale: five plain statements on the life domains the
    methodologies work on (daily life, money, asking for help, taking part, own direction),
    each answered no / a little / mostly / yes (1 to 4), so the total runs from 5 to 20.

    It is not a validated instrument such as the Zelfredzaamheid-Matrix, which a professional
    fills in about someone: this one the participant answers about themself, on a phone, at
    intake, every six months and when they leave, so a change shows in their own words.
    """
    return Survey(
        key=SELF_RELIANCE,
        title=Phrase(en="Self-reliance (5 questions)", nl="Zelfredzaamheid (5 vragen)"),
        for_roles=for_roles,
        items=tuple(
            SurveyItem(key=key, question=text, answers=_FOUR_STEPS) for key, text in _STATEMENTS
        ),
        at_intake=True,
        every_months=6,
        at_exit=True,
        introduction=Phrase(
            en="Five short questions about how you manage. There are no wrong answers.",
            nl="Vijf korte vragen over hoe het met je gaat. Er zijn geen foute antwoorden.",
        ),
        scoring="sum",
        bands=(
            ScoreBand(
                low=5,
                high=9,
                words=Phrase(en="needs a lot of support", nl="heeft veel steun nodig"),
            ),
            ScoreBand(
                low=10,
                high=15,
                words=Phrase(en="manages with some support", nl="redt zich met wat steun"),
            ),
            ScoreBand(low=16, high=20, words=Phrase(en="manages well", nl="redt zich goed")),
        ),
        higher_is_better=True,
    )

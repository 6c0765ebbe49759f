"""What people read of a methodology: its words in both languages, refusals, menu entries.

Words shown to people come in two forms. ``Terms`` hold a methodology's vocabulary (what the core
calls a "circle" is a "Buurtcirkel" there); role and phase keys double as term keys. ``Phrase``
holds a whole sentence in both languages Kring speaks, with ``{placeholders}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

FALLBACK_LOCALE = "en"
NAME_TERM = "methodology"
"""The term key under which a methodology's ``Terms`` hold its own name."""

Params: TypeAlias = Mapping[str, str | int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Phrase:
    """A sentence or title in Dutch and English; both are required, so none is left untranslated.

    ``{name}`` placeholders are filled from params when rendered, which keeps the numbers
    available as data (for the API) next to the sentence (for people).
    """

    en: str
    nl: str

    def render(self, locale: str, params: Params | None = None) -> str:
        """This phrase in ``locale`` (English for any locale but Dutch), placeholders filled."""
        template = self.nl if locale == "nl" else self.en
        return template.format_map(params or {})


DEFAULT_WORDS: Mapping[str, Phrase] = {
    "support_no_longer_needed": Phrase(
        nl="geen ondersteuning meer nodig", en="support no longer needed"
    ),
    "moved_away": Phrase(nl="verhuisd", en="moved away"),
    "own_choice": Phrase(nl="eigen keuze", en="own choice"),
    "deceased": Phrase(nl="overleden", en="deceased"),
    "urgent": Phrase(nl="dringend", en="urgent"),
    "soon": Phrase(nl="binnenkort", en="soon"),
    "routine": Phrase(nl="gewoon", en="routine"),
    "plan": Phrase(nl="ontwikkelplan", en="development plan"),
}
"""The core's words for what it defines itself (the default leave reasons); a methodology
gives only the words it says differently."""


@dataclass(frozen=True, slots=True)
class Terms:
    """A methodology's words for the core's generic nouns, per locale.

    Write them with ``Terms.of({"circle": Phrase(nl="Buurtcirkel", en="Neighbourhood Circle")})``:
    each word names its languages, so no plugin depends on an order of columns. Templates ask
    for ``terms.term("circle", locale)`` so no template names a methodology.
    """

    by_locale: Mapping[str, Mapping[str, str]]

    @classmethod
    def of(cls, words: Mapping[str, Phrase]) -> Terms:
        """A methodology's words, each in Dutch and English; the core's ``DEFAULT_WORDS`` fill
        in the words the methodology does not give."""
        merged = {**DEFAULT_WORDS, **words}
        return cls(
            {"nl": {k: w.nl for k, w in merged.items()}, "en": {k: w.en for k, w in merged.items()}}
        )

    def term(self, key: str, locale: str) -> str:
        """The word for ``key`` in ``locale``, else in English, else the key itself.

        A missing word shows up as its key rather than failing the page; the methodology
        contract test is where missing words are caught.
        """
        for candidate in (locale, FALLBACK_LOCALE):
            word = self.by_locale.get(candidate, {}).get(key)
            if word is not None:
                return word
        return key


@dataclass(frozen=True, slots=True, kw_only=True)
class Unmet:
    """One reason a circle may not do what was asked, explainable to whoever asked.

    ``rule`` is stable for code and tests (``"size.start_minimum"``); ``message`` and ``params``
    are for people: ``Phrase(en="{phase} needs at least {minimum} participants (now {count})",
    nl=...)`` with ``{"phase": "Realisatie", "minimum": 5, "count": 4}``.
    """

    rule: str
    message: Phrase
    params: Params = field(default_factory=dict)
    is_input: bool = False
    """The request itself is wrong (an unknown role, a malformed date), as opposed to the state
    of the circle not allowing it. An API answers 422 for input, 409 for state."""

    def explain(self, locale: str) -> str:
        return self.message.render(locale, self.params)


@dataclass(frozen=True, slots=True, kw_only=True)
class NavItem:
    """A menu entry a plugin adds; ``endpoint`` is a Flask endpoint in the plugin's blueprint."""

    label: Phrase
    endpoint: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardWidget:
    """A dashboard tile; ``template`` is rendered with the user and the tenant."""

    key: str
    title: Phrase
    template: str

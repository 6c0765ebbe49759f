"""Fill Dutch translations into the catalogue from a JSON file of ``{"English": "Nederlands"}``.

Why: translations written by hand in a .po file are lost whenever two branches touch the
catalogue and one side is taken; kept as a small words file beside the work, they are applied again
after ``make messages`` in one step. A plural message is written ``"singular|plural"`` on both
sides. Texts the catalogue does not hold (yet) are listed, not added: ``make messages`` adds them.

    .venv/bin/python scripts/translate.py words.json [more.json ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = (
    Path(__file__).resolve().parents[1] / "platform/kring/translations/nl/LC_MESSAGES/messages.po"
)


def main(paths: list[str]) -> int:
    words: dict[str, str] = {}
    for path in paths:
        words.update(json.loads(Path(path).read_text(encoding="utf-8")))
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po, locale="nl")
    unknown = []
    for english, dutch in words.items():
        singular, _, plural = english.partition("|")
        message = catalogue.get(singular)
        if message is None:
            unknown.append(english)
            continue
        message.string = tuple(dutch.split("|")) if plural else dutch
        message.flags.discard("fuzzy")
    with CATALOGUE.open("wb") as po:
        write_po(po, catalogue, width=100, sort_output=True, omit_header=False)
    for english in unknown:
        print(f"not in the catalogue (run make messages first): {english}", file=sys.stderr)
    untranslated = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    for message_id in untranslated:
        print(f"untranslated: {message_id!r}")
    return 1 if untranslated else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Fill Dutch translations into the catalogue from a JSON file of {"English": "Nederlands"}.

Used after ``make messages``: ``.venv/bin/python scripts/translate.py words.json``. Existing
translations are replaced only when the file gives a new one; fuzzy marks are cleared for the
messages it translates. Prints what is still untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = (
    Path(__file__).resolve().parents[1] / "platform/kring/translations/nl/LC_MESSAGES/messages.po"
)


def main(words_file: str) -> int:
    words = json.loads(Path(words_file).read_text(encoding="utf-8"))
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    for message in catalogue:
        if message.id and message.id in words:
            message.string = words[message.id]
            message.flags.discard("fuzzy")
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalogue, width=100, sort_output=True, omit_header=False)
    missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    for message_id in missing:
        print(f"untranslated: {message_id!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

"""Every text the interface shows has a Dutch translation: a new string without one fails here
(``make messages`` updates the catalogue; then translate what it adds)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[2]
PACKAGE = ROOT / "platform" / "kring"
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/templates/**.txt", "jinja2"),
]


def _used() -> set[str]:
    keywords = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), METHODS, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_interface_text_has_a_dutch_translation() -> None:
    with (PACKAGE / "translations" / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    used = _used()
    assert len(used) > 200  # the extraction itself works
    missing = sorted(used - translated)
    assert not missing, f"untranslated (run make messages, then translate): {missing}"

"""Where a page may send the browser next: only a path on this site.

``//host``, ``/\\host`` (which browsers read as ``//host``), a scheme and control characters (a
CR/LF would split the Location header) are refused, so a link cannot send a resident on to a
look-alike site after signing in or switching language."""

from __future__ import annotations


def safe_next(target: str, default: str) -> str:
    if (
        not target.startswith("/")
        or target.startswith(("//", "/\\"))
        or any(ord(character) < 32 or ord(character) == 127 for character in target)
    ):
        return default
    return target

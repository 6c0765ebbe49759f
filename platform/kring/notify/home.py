"""The unread count beside "My messages" in the menu, and the participant's messages on their
simple home."""

from __future__ import annotations

from typing import Any

from flask_babel import ngettext
from flask_login import current_user

from kring.core.access import Viewer
from kring.core.accounts import Role
from kring.module import NavCount
from kring.notify import inbox


def unread() -> NavCount | None:
    """The signed-in user's unread messages in the app, or nothing when there are none."""
    if not current_user.is_authenticated:
        return None
    count = inbox.unread_count(current_user.id)
    if not count:
        return None
    label = ngettext("%(num)d unread message", "%(num)d unread messages", count)
    return NavCount(count, label)


def my_messages(who: Viewer) -> dict[str, Any] | None:
    """A participant's newest unread messages, in large type on their home."""
    if not who.has(Role.participant) or who.user_id is None:
        return None
    return {
        "count": inbox.unread_count(who.user_id),
        "latest": inbox.latest_unread(who.user_id),
    }

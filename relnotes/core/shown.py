"""How a due item is written out for the day it is shown: its bucket, its "3 days late", and
the dates in its reason.

The rules write the dates of a reason as tokens (:func:`when`, :func:`ago`), so a stored
candidate does not depend on the day; :func:`render_reason` writes them out for the day the
list is shown ("Nov 19" this year, "Nov 19, 2025" otherwise; "3 days ago"). Light on purpose:
a warm ``due`` prints its list with this module, the cache and little else.
"""

from __future__ import annotations

import re
from datetime import date

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    class Dated(Protocol):  # a DueItem, or the warm answer's row
        @property
        def due(self) -> date: ...

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # strftime's %b, C locale

_TOKEN = re.compile("\ue000([ha])(\\d{4}-\\d{2}-\\d{2})\ue001")


def when(d: date) -> str:
    """A date in a reason, written out as ``humane`` for the day shown."""
    return f"\ue000h{d.isoformat()}\ue001"


def ago(d: date) -> str:
    """How long before the day shown a date was ("3 days ago")."""
    return f"\ue000a{d.isoformat()}\ue001"


def render_reason(reason: str, today: date, memo: dict[str, str] | None = None) -> str:
    """The reason with its date tokens written out for ``today`` (``memo``: tokens already
    written out for the same day, for a caller rendering thousands)."""
    if "\ue000" not in reason:
        return reason
    if memo is None:
        memo = {}
    return _TOKEN.sub(lambda m: memo.get(m[0]) or memo.setdefault(m[0], _token_text(m[1], m[2], today)), reason)


def _token_text(kind: str, iso: str, today: date) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:  # not one of ours: only relnotes writes tokens, and note text cannot hold them
        return iso
    if kind == "h":
        return humane(d, today)
    days = (today - d).days
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago" if days > 0 else "in the future"


def humane(d: date, today: date | None = None) -> str:
    """``Nov 19`` (with the year when it is not today's year)."""
    text = f"{MONTHS[d.month - 1]} {d.day}"
    if today is not None and d.year != today.year:
        text += f", {d.year}"
    return text


def days_phrase(days_overdue: int) -> str:
    if days_overdue == 0:
        return "today"
    if days_overdue > 0:
        return f"{days_overdue} day{'s' if days_overdue != 1 else ''} late"
    return f"in {-days_overdue} day{'s' if days_overdue != -1 else ''}"


def bucket(item: Dated, today: date) -> str:
    if item.due < today:
        return "overdue"
    if item.due == today:
        return "today"
    return "upcoming"

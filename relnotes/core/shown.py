"""How a due item is written out for the day it is shown: its bucket, its "3 days late", and
the dates in its reason.

The rules write the dates of a reason as tokens (:func:`when`, :func:`ago`), so a stored
candidate does not depend on the day; :func:`render_reason` writes them out for the day the
list is shown ("Nov 19" this year, "Nov 19, 2025" otherwise; "3 days ago"). Light on purpose:
a warm ``due`` prints its list with this module, the cache and little else.
"""

from __future__ import annotations

from datetime import date

try:  # the C encoder json.dumps(ensure_ascii=False) uses, without importing json (and re) at start
    from _json import encode_basestring as _text
except ImportError:  # an interpreter without it
    from json.encoder import encode_basestring as _text  # type: ignore[attr-defined,no-redef]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    class Dated(Protocol):  # a DueItem, or the warm answer's row
        @property
        def due(self) -> date: ...

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # strftime's %b, C locale

# A date token: OPEN, the kind (h: humane, a: ago), the ISO date, CLOSE. Read without ``re``
# (importing it is a tenth of a warm run's own work).
OPEN, CLOSE = "\ue000", "\ue001"
_TOKEN_LENGTH = 13
# What json.dumps leaves raw and a terminal acts on (it escapes the C0 controls itself): DEL, the
# C1 controls, the bidi embeddings, overrides and isolates (relnotes.cli.output.UNSAFE's rest).
_JSON_UNSAFE = "[\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def when(d: date) -> str:
    """A date in a reason, written out as ``humane`` for the day shown."""
    return f"\ue000h{d.isoformat()}\ue001"


def ago(d: date) -> str:
    """How long before the day shown a date was ("3 days ago")."""
    return f"\ue000a{d.isoformat()}\ue001"


def render_reason(reason: str, today: date, memo: dict[str, str] | None = None) -> str:
    """The reason with its date tokens written out for ``today`` (``memo``: tokens already
    written out for the same day, for a caller rendering thousands)."""
    if OPEN not in reason:
        return reason
    if memo is None:
        memo = {}
    parts = reason.split(OPEN)  # each part after the first starts where a token may
    out = [parts[0]]
    for part in parts[1:]:
        body = part[:_TOKEN_LENGTH - 1]
        text = memo.get(body)
        if text is None:
            token = OPEN + body
            text = memo[body] = _token_text(body[0], body[1:11], today) if _is_token(token) else ""
        out.append(text + part[_TOKEN_LENGTH - 1:] if text else OPEN + part)
    return "".join(out)


def _is_token(token: str) -> bool:
    """OPEN, h or a, four digits, a dash, two digits, a dash, two digits, CLOSE (a digit as the
    ``\\d`` of a regular expression takes it: any Unicode decimal digit)."""
    return (len(token) == _TOKEN_LENGTH and token[12] == CLOSE and token[1] in "ha" and token[6] == "-"
            and token[9] == "-" and (token[2:6] + token[7:9] + token[10:12]).isdecimal())


def _token_text(kind: str, iso: str, today: date) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:  # not one of ours: only relnotes writes tokens, and note text cannot hold them
        return iso
    if kind == "h":
        return humane(d, today)
    days = (today - d).days
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago" if days > 0 else "in the future"


def json_parts(contact: str, due: str, email: str | None, file: str, kind: str, reason: str,
               tier: str | None) -> tuple[str, str]:
    """An item of ``due --json`` (``DueItem.to_dict`` as ``dumps`` writes it in a list: sorted
    keys, two-space indent) as the text before its ``days_overdue`` and the text after it: the
    only part that depends on the day besides the reason's tokens. The cache stores the two
    parts with the reason's tokens in (JSON leaves them as they are), and a warm ``due`` writes
    them out (tests/test_output.py proves the bytes equal to ``dumps``'). Control and bidi
    characters are escaped here (:func:`json_safe`): the text can be printed as it is."""
    return (json_safe(f'  {{\n    "contact": {_text(contact)},\n    "days_overdue": '),
            json_safe(f',\n    "due": "{due}",\n    "email": {_maybe(email)},\n    "file": {_text(file)},\n'
                      f'    "kind": {_text(kind)},\n    "reason": {_text(reason)},\n    "tier": {_maybe(tier)}\n  }}'))


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as ``\\u009b``: the same value, nothing raw."""
    if text.isascii() and "\x7f" not in text:  # the usual case, and much quicker to see than a search
        return text
    import re  # only for text that is not ASCII: most never gets here

    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def _maybe(value: str | None) -> str:
    return "null" if value is None else _text(value)


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

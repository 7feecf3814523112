"""Writing single YAML values as text for front matter lines, the way a person would."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

_PLAIN = re.compile(r"^[A-Za-z][\w .,@'()+/&-]*$")
_AMBIGUOUS = {"yes", "no", "on", "off", "true", "false", "null", "none", "~", "y", "n"}


def scalar(value: Any, flow: bool = False) -> str:
    """``Jane Doe``, ``2026-12-01``, ``"[[Mixer]]"``, ``"yes"``: plain when safe, quoted otherwise.

    ``flow``: for an item of a ``[a, b]`` list, where a comma ends the item (``"Doe, Jane"``)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = " ".join(str(value).split())
    if _PLAIN.match(text) and text.lower() not in _AMBIGUOUS and not text.endswith(":") and ": " not in text \
            and " #" not in text and not (flow and "," in text):
        return text
    return double_quoted(text)


# YAML's escapes for the characters a double-quoted scalar cannot hold as themselves
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": "\\0",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def double_quoted(text: str) -> str:
    """``"Sudhir 🔸 Example"``: every printable character as itself, emoji included.

    PyYAML escapes characters beyond the Basic Multilingual Plane (``\\U0001F538``) even with
    ``allow_unicode``; a person editing the note should see the emoji they typed.
    """
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch < " " or "\x7f" <= ch < "\xa0" or "\ud800" <= ch <= "\udfff" or ch in "\ufffe\uffff":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def flow_list(values: list[Any]) -> str:
    return "[" + ", ".join(scalar(v, flow=True) for v in values) + "]"

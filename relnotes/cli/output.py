"""Plain, aligned text for people; colour only on a terminal. No Click here."""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relnotes.core.model import DueItem

CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36"}


@dataclass
class Style:
    color: bool = False

    @classmethod
    def for_stdout(cls) -> Style:
        return cls(color=sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb")

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        codes = ";".join(CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


def width(text: str) -> int:
    """Display width: wide (CJK, emoji) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Left-aligned columns; the last column is not padded."""
    if not rows:
        return []
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    out = []
    for row in rows:
        cells = [pad(cell, widths[i]) for i, cell in enumerate(row[:-1])] + [row[-1]]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def dumps(data: Any) -> str:
    """The JSON every --json flag prints: sorted keys, two-space indent, UTF-8."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def dumps_due(items: list[DueItem], today: date) -> str:
    """``dumps([item.to_dict(today) for item in items])``, written out field by field: a
    morning's list can be ten thousand items, and json's indenting encoder is pure Python.
    tests/test_output.py proves the bytes equal."""
    return "".join(due_json_chunks(items, today))


def due_json_chunks(items: list[DueItem], today: date, size: int = 2000) -> Iterator[str]:
    """``dumps_due`` in pieces of ``size`` items, to print without holding it all at once."""
    if not items:
        yield "[]"
        return
    text = _text
    yield "[\n"
    for start in range(0, len(items), size):
        yield (",\n" if start else "") + ",\n".join(
            f'  {{\n    "contact": {text(i.contact)},\n    "days_overdue": {(today - i.due).days},\n'
            f'    "due": "{i.due.isoformat()}",\n    "email": {_maybe(i.email)},\n    "file": {text(i.file)},\n'
            f'    "kind": {text(i.kind)},\n    "reason": {text(i.reason)},\n    "tier": {_maybe(i.tier)}\n  }}'
            for i in items[start : start + size]
        )
    yield "\n]"


_text = json.encoder.encode_basestring  # type: ignore[attr-defined]  # the C one, as ensure_ascii=False uses


def _maybe(value: str | None) -> str:
    return "null" if value is None else _text(value)



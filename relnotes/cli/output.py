"""Plain, aligned text for people; colour only on a terminal. No Click here.

Everything printed goes through :class:`VisibleStream` (the CLI puts one over stdout and
stderr), so no character a terminal would act on (ESC, BEL, C1 controls, bidi overrides)
arrives raw from a note, a name or a file name: :func:`visible` shows it as ``\\x1b``.
The JSON is made the same way (:func:`dumps`), with JSON's own ``\\u009b``.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
import unicodedata

from relnotes.core.shown import json_parts, json_safe

# Light on purpose (a warm ``due`` prints through this module): no typing or dataclasses.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections.abc import Iterator, Sequence
    from datetime import date
    from typing import Any, NoReturn, TextIO

    from relnotes.core.model import DueItem
    from relnotes.vault.warm import Item

CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34", "cyan": "36"}

# What a terminal acts on instead of showing: C0 controls but tab and newline (so CR and ESC
# too), DEL, C1 controls (U+009B is a CSI on its own), and the bidi embeddings, overrides and
# isolates that reorder the text around them. ASCII text is checked without it (``re`` is
# imported for the first text that is not: a warm ``due`` prints ASCII, and importing ``re``
# would be a tenth of its own work).
UNSAFE_CHARACTERS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


@functools.cache
def unsafe() -> re.Pattern[str]:
    """:data:`UNSAFE_CHARACTERS`, compiled."""
    import re

    return re.compile(UNSAFE_CHARACTERS)


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`UNSAFE_CHARACTERS`."""
    if text.isascii():  # printable ASCII, tab and newline are safe; the other 33 ASCII characters are not
        return not (text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable())
    return unsafe().search(text) is not None
# Style writes this instead of ESC, and VisibleStream turns it into ESC after escaping the rest:
# so its own colour codes are the only escape sequences printed. Random per run, a note cannot
# hold it.
_ESC = f"\ufdd0{os.urandom(8).hex()}"


def visible(text: str) -> str:
    """``text`` with each character of :data:`UNSAFE` shown as ``\\x1b`` (``\\u202e`` above U+00FF)."""
    return unsafe().sub(_shown, text) if has_unsafe(text) else text


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class OutputClosed(BrokenPipeError):
    """The reader of stdout or stderr went away (``relnotes due | head``).

    Its ``errno`` is None on purpose: click's ``main`` turns an EPIPE ``OSError`` into exit
    status 1; this one it lets through to the CLI's error boundary, which exits 0 quietly.
    Code that stops on ``BrokenPipeError`` (watch) still stops on it.
    """


class VisibleStream:
    """A text stream that writes :func:`visible` text to the stream it wraps; Style's codes pass."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str | bytes) -> int:
        if isinstance(text, bytes):  # click.echo writes bytes here when it finds no binary buffer (completion)
            text = text.decode("utf-8", "replace")
        shown = visible(text)
        if _ESC in shown:
            shown = shown.replace(_ESC, "\x1b")
        try:
            try:
                self.inner.write(shown)
            except UnicodeEncodeError:  # PYTHONIOENCODING=ascii and the like: "?" rather than a crash
                encoding = self.inner.encoding or "ascii"
                self.inner.write(shown.encode(encoding, "replace").decode(encoding))
        except OSError as exc:
            _closed(exc)
        return len(text)

    def write_shown(self, text: str) -> int:
        """``write`` for text that holds nothing :func:`visible` would change (JSON made safe by
        ``json_safe``): the same bytes, without looking through megabytes of it again."""
        try:
            self.inner.write(text)
        except UnicodeEncodeError:
            return self.write(text)
        except OSError as exc:
            _closed(exc)
        return len(text)

    def flush(self) -> None:
        try:
            self.inner.flush()
        except OSError as exc:
            _closed(exc)

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, errors…
        if name == "buffer":  # click would write to it, past the escaping, when the encoding is ascii
            raise AttributeError(name)
        return getattr(self.inner, name)


def _closed(exc: OSError) -> NoReturn:
    if exc.errno == errno.EPIPE or isinstance(exc, BrokenPipeError):
        raise OutputClosed(f"the output was closed: {exc.strerror or exc}") from None
    raise exc


def unescaped(stream: TextIO | VisibleStream) -> TextIO:
    """The stream under a VisibleStream: for relnotes' own control characters (a progress ``\\r``)."""
    return stream.inner if isinstance(stream, VisibleStream) else stream


class Style:
    """Colour for a terminal; its codes reach the terminal only through a VisibleStream."""

    __slots__ = ("color",)

    def __init__(self, color: bool = False) -> None:
        self.color = color

    @classmethod
    def for_stdout(cls) -> Style:
        tty = sys.stdout is not None and sys.stdout.isatty()  # None: started with stdout closed
        return cls(color=tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb")

    def __call__(self, text: str, *styles: str) -> str:
        if not self.color or not styles:
            return text
        codes = ";".join(CODES[s] for s in styles)
        return f"{_ESC}[{codes}m{text}{_ESC}[0m"


def width(text: str) -> int:
    """Display width: wide (CJK, emoji) characters take two columns, a control its escape's."""
    if text.isascii() and text.isprintable():  # one column each: most names, every kind
        return len(text)
    if has_unsafe(text):
        return width(visible(text))
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def table(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Left-aligned columns; the last column is not padded."""
    if not rows:
        return []
    padded = range(len(rows[0]) - 1)
    measured = [[width(row[i]) for i in padded] for row in rows]  # each cell measured once
    widths = [max(cells[i] for cells in measured) for i in padded]
    out = []
    for row, cells in zip(rows, measured, strict=True):
        out.append((indent + "  ".join([*(row[i] + " " * (widths[i] - cells[i]) for i in padded), row[-1]])).rstrip())
    return out


def dumps(data: Any) -> str:
    """The JSON every --json flag prints: sorted keys, two-space indent, UTF-8."""
    import json  # here: a warm ``due --json`` writes its stored texts without it

    return json_safe(json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False))


def dumps_due(items: list[DueItem], today: date) -> str:
    """``dumps([item.to_dict(today) for item in items])``, written out field by field: a
    morning's list can be ten thousand items, and json's indenting encoder is pure Python.
    tests/test_output.py proves the bytes equal."""
    return "".join(due_json_chunks(items, today))


def due_json_chunks(items: list[DueItem] | list[Item], today: date, size: int = 2000) -> Iterator[str]:
    """``dumps_due`` in pieces of ``size`` items, to print without holding it all at once."""
    return json_list_chunks([f"{head}{(today - i.due).days}{rest}" for i in items for head, rest in
                             (json_parts(i.contact, i.due.isoformat(), i.email, i.file, i.kind, i.reason, i.tier),)],
                            size)


def json_list_chunks(texts: list[str], size: int = 2000) -> Iterator[str]:
    """A list of items written out (:func:`relnotes.core.shown.json_parts`, whose text has its
    control characters escaped already) as ``dumps`` writes the list, in pieces of ``size`` items."""
    if not texts:
        yield "[]"
        return
    yield "[\n"
    for start in range(0, len(texts), size):
        yield (",\n" if start else "") + ",\n".join(texts[start : start + size])
    yield "\n]"


def terminal_columns() -> int | None:
    """The terminal's width when stdout is one (``$COLUMNS`` first, as shutil reads it); None when
    piped or redirected, where lines are printed whole."""
    if not sys.stdout.isatty():
        return None
    import shutil  # here: it imports re

    return shutil.get_terminal_size().columns


def fit(line: str, columns: int | None) -> str:
    """``line`` cut to ``columns`` display columns, ending in ``…`` when cut; None: as it is.

    Only the end of the line is cut (the last column: a reason, a next item), never wrapped."""
    if columns is None or width(line) <= columns:
        return line
    kept, used = [], 0
    for ch in line:
        used += width(ch)
        if used > columns - 1:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"

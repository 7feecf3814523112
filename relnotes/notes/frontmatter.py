"""Front matter: where it starts and ends, which lines hold which top-level key, and edits to those keys.

Reading (``key_lines``) and writing (``set_key`` and friends) use one grammar of a key line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

import yaml

from relnotes.errors import NoteError

KEY_LINE = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"?:,\[\]{}&*!|>%@`-](?:[^:]|:(?=\S))*?)"""
    r"""[ \t]*:(?P<sep>[ \t]*)(?P<rest>.*)"""
)


BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*")


SEQ_ITEM = re.compile(r"-(?:[ \t]|$)")


ITEM_LINE = re.compile(r"(?P<prefix>[ \t]*-[ \t]+)(?P<rest>.*)")


PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*")


@dataclass
class _Key:
    """A top-level key's lines: ``lines[start:end]`` is the key line and its continuation."""

    start: int
    end: int
    head: str  # the key as written, through the colon
    sep: str  # whitespace after the colon
    value: str  # the value on the key line, without comment or trailing whitespace
    tail: str  # what follows the value: whitespace and ``# comment``

    def with_value(self, value: str) -> str:
        if self.value:
            return f"{self.head}{self.sep}{value}{self.tail}"
        gap = self.sep + self.tail if self.tail.strip() else ""
        return f"{self.head} {value}{gap}"


def front_matter_span(text: str) -> tuple[int, int] | None:
    """(index of the first line after the opening ``---``, index of the closing line), or None.

    NoteError when a ``---`` first line is never closed.
    """
    try:
        yaml_text, _, body_line = split_front_matter(text)
    except ValueError as exc:
        raise NoteError(f"{exc}; add a closing --- line", line=1) from None
    return None if yaml_text is None else (1, body_line - 2)


def set_key(text: str, key: str, value: str) -> str:
    """Set a top-level key to ``value`` (serialised YAML scalar text), changing only its lines."""
    check_one_line(value)
    lines = text.split("\n")
    span = front_matter_span(text)
    if span is None:
        return "\n".join(["---", f"{_key_text(key)}: {value}", "---", *lines])
    found = _find_keys(lines, span, key)
    if not found:
        lines.insert(span[1], f"{_key_text(key)}: {value}")
    else:
        k = found[-1]  # with duplicate keys, YAML readers use the last one
        lines[k.start:k.end] = [k.with_value(_same_quotes(k.value, value))]
    return "\n".join(lines)


def _same_quotes(old: str, new: str) -> str:
    """``new`` in the quote style of ``old``: ``"active"`` → ``"ally"``, ``'2026-01-01'`` → ``'2026-02-01'``.

    Only a string or date value is requoted (quoting ``null``, ``true`` or ``1`` would change
    its type); an unquoted old value leaves ``new`` as it is.
    """
    style = old[:1]
    if style not in ("'", '"') or len(old) < 2 or old[-1:] != style or new[:1] == style:
        return new
    try:
        parsed = yaml.safe_load(new)
    except yaml.YAMLError:
        return new
    if isinstance(parsed, (date, datetime)):
        parsed = new
    if not isinstance(parsed, str) or not parsed.isprintable():
        return new
    if style == "'":
        return "'" + parsed.replace("'", "''") + "'"
    return json.dumps(parsed, ensure_ascii=False)


def set_key_list(text: str, key: str, items: list[str]) -> str:
    """Set a top-level key to a list of serialised YAML scalars, keeping flow or block style."""
    for item in items:
        check_one_line(item)
    if not items:
        return set_key(text, key, "[]")
    lines = text.split("\n")
    span = front_matter_span(text)
    found = _find_keys(lines, span, key) if span else []
    if not found:
        block = [f"{_key_text(key)}:", *(f"  - {item}" for item in items)]
        if span is None:
            return "\n".join(["---", *block, "---", *lines])
        lines[span[1]:span[1]] = block
        return "\n".join(lines)
    k = found[-1]
    if k.value:
        lines[k.start:k.end] = [k.with_value("[" + ", ".join(items) + "]")]
    else:
        lines[k.start + 1:k.end] = _block_items(lines[k.start + 1:k.end], items)
    return "\n".join(lines)


def _block_items(old: list[str], items: list[str]) -> list[str]:
    """Item lines for ``items``; an item already present keeps its line (and comment)."""
    matches = [m for m in map(ITEM_LINE.fullmatch, old) if m]
    prefix = matches[0]["prefix"] if matches else "  - "
    existing: dict[str, str] = {}
    for m in matches:
        existing.setdefault(_split_value(m["rest"])[0], m.string)
    return [existing.pop(item, f"{prefix}{item}") for item in items]


def remove_key(text: str, key: str) -> str:
    """Delete every occurrence of a top-level key with its continuation lines; no-op if absent."""
    span = front_matter_span(text)
    if span is None:
        return text
    lines = text.split("\n")
    found = _find_keys(lines, span, key)
    if not found:
        return text
    for k in reversed(found):
        del lines[k.start:k.end]
    return "\n".join(lines)


def _key_text(key: str) -> str:
    return key if PLAIN_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _unquote(key: str) -> str:
    if key[:1] == '"':
        return re.sub(r"\\(.)", r"\1", key[1:-1])
    if key[:1] == "'":
        return key[1:-1].replace("''", "'")
    return key


def _find_keys(lines: list[str], span: tuple[int, int], key: str) -> list[_Key]:
    found: list[_Key] = []
    for i in range(span[0], span[1]):
        m = KEY_LINE.fullmatch(lines[i])
        if not m or _unquote(m["key"]) != key:
            continue
        value, tail = _split_value(m["rest"])
        head = lines[i][: m.start("sep")]
        end = _block_end(lines, i, span[1], bool(BLOCK_SCALAR.fullmatch(value)))
        found.append(_Key(i, end, head, m["sep"], value, tail))
    return found


def _block_end(lines: list[str], start: int, stop: int, block_scalar: bool) -> int:
    """Index after the key's last continuation line: indented lines or ``- `` items.

    Blank and comment-only lines belong to the value only when more of it follows them.
    """
    end = start + 1
    for i in range(start + 1, stop):
        line = lines[i]
        stripped = line.strip()
        comment = stripped.startswith("#") and not (block_scalar and line[:1] in " \t")
        if not stripped or comment:
            continue
        if line[:1] in " \t" or (not block_scalar and SEQ_ITEM.match(line)):
            end = i + 1
            continue
        break
    return end


def _split_value(rest: str) -> tuple[str, str]:
    """``'"a # b"  # note'`` -> (``'"a # b"'``, ``'  # note'``): the value and what follows it."""
    cut = _comment_at(rest)
    value = rest[:cut].rstrip(" \t")
    return value, rest[len(value):]


def _comment_at(rest: str) -> int:
    """Where a ``# comment`` starts in a value (quotes and flow collections respected)."""
    depth, prev, i = 0, " ", 0
    while i < len(rest):
        ch = rest[i]
        if ch in "'\"" and (i == 0 or (depth and prev in "[{,:")):
            i = _quote_end(rest, i)
        elif ch == "#" and rest[i - 1:i] in ("", " ", "\t"):
            return i
        elif ch in "[{" and (i == 0 or depth):
            depth += 1
        elif ch in "]}" and depth:
            depth -= 1
        if not ch.isspace():
            prev = ch
        i += 1
    return len(rest)


def _quote_end(rest: str, i: int) -> int:
    """Index of the quote closing the one at ``i`` (or the end): ``\\"`` and ``''`` are escapes."""
    quote = rest[i]
    i += 1
    while i < len(rest):
        if (rest[i] == "\\" and quote == '"') or (rest.startswith("''", i) and quote == "'"):
            i += 2
        elif rest[i] == quote:
            return i
        else:
            i += 1
    return len(rest)


def check_one_line(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{value!r} must be a single line")


def split_front_matter(text: str) -> tuple[str | None, int, int]:
    """(yaml text or None, line number of its first line, line number where the body starts).

    Front matter is a first line of ``---`` and a closing ``---`` or ``...`` line.
    Returns yaml None with body line 1 when there is none; raises ValueError when unclosed.
    """
    if not text.startswith("---"):
        return None, 0, 1
    first_end = text.find("\n")
    first = text[: first_end if first_end >= 0 else len(text)]
    if first.rstrip() != "---":
        return None, 0, 1
    if first_end < 0:
        raise ValueError("front matter opened with --- is never closed")
    pos = first_end + 1
    line_no = 2
    while pos <= len(text):
        end = text.find("\n", pos)
        line = text[pos : end if end >= 0 else len(text)]
        stripped = line.rstrip()
        if stripped in ("---", "..."):
            return text[first_end + 1 : pos], 2, line_no + 1
        if end < 0:
            break
        pos = end + 1
        line_no += 1
    raise ValueError("front matter opened with --- is never closed")


READ_KEY_LINE = re.compile(r"""^(["']?)([^\s"'#:][^:]*?)\1[ \t]*:(?:[ \t]|$)""")


def key_lines(yaml_text: str, first_line: int) -> dict[str, int]:
    """Top-level key → file line number (first occurrence)."""
    lines: dict[str, int] = {}
    for offset, line in enumerate(yaml_text.split("\n")):
        m = READ_KEY_LINE.match(line)
        if m and m[2] not in lines:
            lines[m[2]] = first_line + offset
    return lines

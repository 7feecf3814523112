"""Front matter: where it starts and ends, which lines hold which top-level key, and edits to those keys.

Reading (``key_lines``) and writing (``set_key`` and friends) use one grammar of a key line,
:func:`key_line`: what YAML reads as a top-level key of a block mapping (docs/vault-format.md,
"The grammar of a note"). Every edit is checked before it is returned: the edited front matter
must load, with the project's YAML loader, to the old mapping with just the intended change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from relnotes.errors import NoteError
from relnotes.notes.yamlload import load_yaml, note_loader, yaml_error, yaml_problem

# A plain (unquoted) key: it cannot start with a YAML indicator, except "-", "?" or ":" followed
# by a non-blank; ": " (or ":" at the end) ends it, and so does " #" (a comment: no key then).
# Every quantifier is possessive and the alternatives start with different characters, so
# matching is linear in the line's length (no backtracking on long runs of blanks).
_PLAIN = (r"(?!(?:---|\.\.\.)(?:[ \t]|$))"
          r"""(?:[^ \t\-?:,\[\]{}#&*!|>'"%@`]|[-?:](?=[^ \t]))"""
          r"(?:[^ \t:]++|:(?=[^ \t])|[ \t]++(?=[^ \t#:]|:[^ \t]))*+")
KEY_LINE = re.compile(
    r"(?:&[0-9A-Za-z_-]++[ \t]++)?+"  # an anchor on the key (``&a name: x``) is allowed
    r"""(?P<key>"(?:[^"\\]++|\\.)*+"|'(?:[^']++|'')*+'|""" + _PLAIN + ")"
    r"[ \t]*+:(?=[ \t]|$)(?P<sep>[ \t]*+)(?P<rest>.*+)"
)


BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*+")


SEQ_ITEM = re.compile(r"-(?:[ \t]|$)")


ITEM_LINE = re.compile(r"(?P<prefix>[ \t]*+-[ \t]++)(?P<rest>.*+)")


PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*+")


ANCHOR = re.compile(r"&[0-9A-Za-z_-]++(?:[ \t]++|$)")


def top_indent(lines: list[str]) -> str:
    """The spaces before the top-level keys: those of the first line that is not blank or a comment."""
    for line in lines:
        content = line.strip(" \t")
        if content and not content.startswith("#"):
            return line[: len(line) - len(line.lstrip(" "))]
    return ""


def key_line(line: str, indent: str) -> re.Match[str] | None:
    """The match when ``line`` is a top-level key line of front matter indented by ``indent``."""
    if indent and not line.startswith(indent):
        return None
    return KEY_LINE.fullmatch(line, len(indent))


def key_name(m: re.Match[str]) -> str:
    """The key a :func:`key_line` match holds, unquoted: ``'it''s'`` → ``it's``."""
    key = m["key"]
    if key[:1] == "'":
        return key[1:-1].replace("''", "'")
    if key[:1] == '"':
        if "\\" not in key:
            return key[1:-1]
        import yaml

        try:
            return str(yaml.load(key, Loader=note_loader()))
        except yaml.YAMLError:
            return key[1:-1]
    return key


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
    """Set a top-level key to ``value`` (serialised YAML scalar text), changing only its lines.

    NoteError, and no change, when the edited front matter would not read as intended.
    """
    check_one_line(value)
    lines = text.split("\n")
    span = front_matter_span(text)
    if span is None:
        new = "\n".join(["---", f"{_key_text(key)}: {value}", "---", *lines])
        return _checked(text, new, key, _loads(value), 2, seen=False)
    indent = top_indent(lines[span[0]:span[1]])
    found = _find_keys(lines, span, key, indent)
    if not found:
        at, written = span[1], value
        lines.insert(at, f"{indent}{_key_text(key)}: {value}")
    else:
        k = found[-1]  # with duplicate keys, YAML readers use the last one
        at, written = k.start, _keep_anchor(k.value, value)
        lines[k.start:k.end] = [k.with_value(written)]
    return _checked(text, "\n".join(lines), key, _loads(written), at + 1, seen=bool(found))


def _split_anchor(value: str) -> tuple[str, str]:
    """``"&t ally"`` → (``"&t "``, ``"ally"``): a value's anchor (with one space) and the rest."""
    m = ANCHOR.match(value)
    return (m[0].rstrip(" \t") + " ", value[m.end():]) if m else ("", value)


def _keep_anchor(old: str, new: str) -> str:
    """``new`` as the value replacing ``old``: old's anchor kept, and its quote style."""
    anchor, rest = _split_anchor(old)
    return anchor + _same_quotes(rest, new)


def _same_quotes(old: str, new: str) -> str:
    """``new`` in the quote style of ``old``: ``"active"`` → ``"ally"``, ``'2026-01-01'`` → ``'2026-02-01'``.

    Only a string or date value is requoted (quoting ``null``, ``true`` or ``1`` would change
    its type); an unquoted old value leaves ``new`` as it is.
    """
    style = old[:1]
    if style not in ("'", '"') or len(old) < 2 or old[-1:] != style or new[:1] == style:
        return new
    import yaml

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
    want = [_loads(item) for item in items]
    lines = text.split("\n")
    span = front_matter_span(text)
    indent = top_indent(lines[span[0]:span[1]]) if span else ""
    found = _find_keys(lines, span, key, indent) if span else []
    if not found:
        block = [f"{indent}{_key_text(key)}:", *(f"{indent}  - {item}" for item in items)]
        if span is None:
            return _checked(text, "\n".join(["---", *block, "---", *lines]), key, want, 2, seen=False)
        lines[span[1]:span[1]] = block
        return _checked(text, "\n".join(lines), key, want, span[1] + 1, seen=False)
    k = found[-1]
    anchor, value = _split_anchor(k.value)
    if value:
        lines[k.start:k.end] = [k.with_value(anchor + _flow_items(value, items, want))]
    else:
        lines[k.start + 1:k.end] = _block_items(lines[k.start + 1:k.end], items, want)
    return _checked(text, "\n".join(lines), key, want, k.start + 1, seen=True)


def _flow_items(value: str, items: list[str], want: list[Any]) -> str:
    """``[a, b]`` with ``items``: when the list only grows at its end, the new items are written
    before its ``]`` and the rest stays as written (quotes, spacing); otherwise it is written anew."""
    old = _loads(value)
    body = value.rstrip(" \t")
    if isinstance(old, list) and body.endswith("]") and _same(old, want[:len(old)]):
        added = items[len(old):]
        if not added:
            return value
        inside = body[:-1].rstrip(" \t")
        if old and inside.endswith(","):  # [a, b, ]: YAML allows the trailing comma
            inside = inside[:-1].rstrip(" \t")
        return inside + (", " if old else "") + ", ".join(added) + "]"
    return "[" + ", ".join(items) + "]"


def _block_items(old: list[str], items: list[str], want: list[Any]) -> list[str]:
    """The block's lines for ``items``. Every line that is not an item (a comment, a blank line)
    stays, and so does every item still wanted, as written (its quotes and comment); an item no
    longer wanted loses its line; new items are added after the last item. When the wanted
    order is not the old items' order with new ones after them, the item lines are written anew
    (an item already present keeping its line)."""
    matches = [(i, m) for i, m in enumerate(map(ITEM_LINE.fullmatch, old)) if m]
    prefix = matches[0][1]["prefix"] if matches else "  - "
    values = [_loads(_split_value(m["rest"])[0]) for _, m in matches]
    kept = [n for n, v in enumerate(values) if any(_same(v, w) for w in want)]
    kept_values = [values[n] for n in kept]
    if len(kept_values) <= len(want) and all(_same(a, b) for a, b in zip(kept_values, want, strict=False)) \
            and len({repr(v) for v in kept_values}) == len(kept_values):
        dropped = {matches[n][0] for n in range(len(matches)) if n not in kept}
        out = [line for i, line in enumerate(old) if i not in dropped]
        last = max((matches[n][0] for n in kept), default=matches[-1][0] if matches else -1)
        at = last + 1 - sum(1 for i in dropped if i <= last) if last >= 0 else len(out)
        out[at:at] = [f"{prefix}{item}" for item in items[len(kept_values):]]
        return out
    # another order: the item lines are written anew in place, one per wanted item, each keeping
    # its comment when it holds the same text (a number now quoted); every other line stays
    out = list(old)
    slots = [i for i, _ in matches]
    for n, item in enumerate(items[:len(slots)]):
        m = matches[n][1]
        written, tail = _split_value(m["rest"])
        if written != item:
            same_text = str(values[n]) == str(_loads(item))
            out[slots[n]] = f"{m['prefix']}{item}{tail if same_text else ''}"
    for i in reversed(slots[len(items):]):
        del out[i]
    if len(items) > len(slots):
        at = slots[-1] + 1 if slots else len(out)
        out[at:at] = [f"{prefix}{item}" for item in items[len(slots):]]
    return out


def remove_key(text: str, key: str) -> str:
    """Delete every occurrence of a top-level key with its continuation lines; no-op if absent."""
    span = front_matter_span(text)
    if span is None:
        return text
    lines = text.split("\n")
    found = _find_keys(lines, span, key, top_indent(lines[span[0]:span[1]]))
    for k in reversed(found):
        del lines[k.start:k.end]
    return _checked(text, "\n".join(lines), key, _ABSENT, found[0].start + 1 if found else 2, seen=bool(found))


def _key_text(key: str) -> str:
    return key if PLAIN_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _find_keys(lines: list[str], span: tuple[int, int], key: str, indent: str) -> list[_Key]:
    found: list[_Key] = []
    for i in range(span[0], span[1]):
        m = key_line(lines[i], indent)
        if not m or key_name(m) != key:
            continue
        value, tail = _split_value(m["rest"])
        head = lines[i][: m.start("sep")]
        block_scalar = bool(BLOCK_SCALAR.fullmatch(_split_anchor(value)[1]))
        found.append(_Key(i, _block_end(lines, i, span[1], block_scalar, indent), head, m["sep"], value, tail))
    return found


def _block_end(lines: list[str], start: int, stop: int, block_scalar: bool, indent: str) -> int:
    """Index after the key's last continuation line: lines indented deeper, or ``- `` items.

    Blank and comment-only lines belong to the value only when more of it follows them.
    """
    end = start + 1
    n = len(indent)
    for i in range(start + 1, stop):
        line = lines[i]
        stripped = line.strip()
        deeper = line[:n] == indent and line[n:n + 1] in (" ", "\t")
        comment = stripped.startswith("#") and not (block_scalar and deeper)
        if not stripped or comment:
            continue
        if deeper or (not block_scalar and line[:n] == indent and SEQ_ITEM.match(line, n)):
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


def key_lines(yaml_text: str, first_line: int) -> dict[str, int]:
    """Top-level key → file line number of its last occurrence (the one YAML reads, and edits change)."""
    lines = yaml_text.split("\n")
    indent = top_indent(lines)
    found: dict[str, int] = {}
    for offset, line in enumerate(lines):
        m = key_line(line, indent)
        if m:
            found[key_name(m)] = first_line + offset
    return found


# --- checking an edit ----------------------------------------------------------------------

_ABSENT: Any = object()  # the value of a removed key
_INVALID: Any = object()  # what a value that is not valid YAML reads as


class _Unreadable(Exception):
    def __init__(self, line: int, problem: str):
        super().__init__(problem)
        self.line, self.problem = line, problem


def _front_mapping(text: str) -> dict[Any, Any]:
    """The note's front matter as relnotes reads it ({} when there is none); _Unreadable when it cannot."""
    yaml_text, yaml_line, _ = split_front_matter(text)
    if yaml_text is None:
        return {}
    try:
        data = load_yaml(yaml_text)
    except yaml_error() as exc:
        raise _Unreadable(*yaml_problem(exc, yaml_text, yaml_line)) from None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        raise _Unreadable(yaml_line, f"{type(exc).__name__}: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _Unreadable(yaml_line, "it is not a set of 'key: value' lines")
    return data


def key_items(text: str, key: str) -> list[Any] | None:
    """The values of the list at ``key`` as YAML reads them (a single value as a list of one, []
    when the key is missing); None when the front matter cannot be read."""
    try:
        value = _front_mapping(text).get(key)
    except _Unreadable:
        return None
    return value if isinstance(value, list) else [] if value is None else [value]


def _loads(value: str) -> Any:
    """What YAML reads ``value`` (one value's text) as; _INVALID when it is no valid value."""
    import yaml

    try:
        return yaml.load(value, Loader=note_loader())
    except yaml.YAMLError:
        return _INVALID


def _same(a: Any, b: Any) -> bool:
    """Equal YAML values: same types, lists and mappings element by element, NaN equal to NaN."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and bool(a == b)


def _node_line(text: str, key: str) -> int | None:
    """The file line where YAML sees the top-level key ``key`` (for keys no key line holds)."""
    import yaml

    yaml_text, yaml_line, _ = split_front_matter(text)
    try:
        node = yaml.compose(yaml_text or "", Loader=note_loader())
    except yaml.YAMLError:
        return None
    pairs = node.value if isinstance(node, yaml.MappingNode) else []
    return next((yaml_line + k.start_mark.line for k, _ in pairs
                 if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _checked(old: str, new: str, key: str, want: Any, line: int, *, seen: bool) -> str:
    """``new``, once its front matter reads as ``old``'s with only ``key`` changed to ``want``.

    ``want`` is _ABSENT for a removal; ``seen`` says whether the key's lines were found.
    NoteError (at file line ``line``) when the edit would read otherwise: nothing is written.
    """
    action = f"remove {key}" if want is _ABSENT else f"set {key}"

    def refuse(why: str) -> NoteError:
        return NoteError(f"cannot {action}: {why}; nothing was written — edit the note by hand", line=line)

    try:
        before = _front_mapping(old)
    except _Unreadable as exc:
        raise NoteError(f"front matter is not valid YAML ({exc.problem}); fix it, then run the command again",
                        line=exc.line) from None
    if not seen and key in before:
        line = _node_line(old, key) or line
        raise refuse(f"the front matter does not write {key} on a '{key}: value' line of its own "
                     "(flow style, a '?' key or a tag)")
    try:
        after = _front_mapping(new)
    except _Unreadable as exc:
        raise refuse(f"the front matter would no longer be valid YAML ({exc.problem})") from None
    try:
        changed = sorted(str(k) for k in before.keys() | after.keys()
                         if k != key and not _same(before.get(k, _ABSENT), after.get(k, _ABSENT)))
        right = _same(after.get(key, _ABSENT), want)
    except RecursionError:
        raise refuse("its values refer to themselves") from None
    if changed:
        raise refuse(f"it would also change {', '.join(changed)} (an anchor or alias ties them to {key})")
    if not right:
        got = after.get(key, _ABSENT)
        raise refuse(f"the front matter would read {key} as {'nothing' if got is _ABSENT else repr(got)}")
    return new

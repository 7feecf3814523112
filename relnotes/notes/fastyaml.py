"""A fast reader for the front matter people actually write, with PyYAML's meaning.

Most notes hold only ``key: value`` lines, flow lists (``tags: [a, b]``) and block lists
(``- item``). For exactly that subset this module returns what ``yaml.load`` with relnotes'
loader would, 3-4 times faster than PyYAML's C parser (whose constructors run in Python);
for anything else (nested mappings, anchors, escapes, multi-line scalars, floats, tabs...)
it returns :data:`UNSUPPORTED` and the caller uses PyYAML. Plain scalars are resolved with
PyYAML's own YAML 1.1 rules, so ``yes`` is True and ``2026-11-19`` a date here too.
tests/test_fastyaml.py checks it against PyYAML on generated and real front matter.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any

UNSUPPORTED: Any = object()

# PyYAML's implicit resolvers (``yaml.resolver.Resolver``, YAML 1.1: the tag a plain scalar
# gets, looked up by its first character, the first pattern that matches winning), in the order
# PyYAML adds them, as (tag, first characters, verbose, pattern); and ``SafeConstructor``'s
# ``bool_values``. Copied, so that reading a note does not import PyYAML (a tenth of a ``due``
# that reads one changed note); tests/test_fastyaml.py holds them equal to PyYAML's own.
# The null tag's first characters include "" in PyYAML, which an empty scalar never looks up here.
IMPLICIT = (
    ("tag:yaml.org,2002:bool", "yYnNtTfFoO", True,
     "^(?:yes|Yes|YES|no|No|NO\n"
     "                    |true|True|TRUE|false|False|FALSE\n"
     "                    |on|On|ON|off|Off|OFF)$"),
    ("tag:yaml.org,2002:null", "nN~", True,
     "^(?: ~\n"
     "                    |null|Null|NULL\n"
     "                    | )$"),
    ("tag:yaml.org,2002:float", "-+0123456789.", True,
     "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?\n"
     "                    |\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?\n"
     "                    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*\n"
     "                    |[-+]?\\.(?:inf|Inf|INF)\n"
     "                    |\\.(?:nan|NaN|NAN))$"),
    ("tag:yaml.org,2002:int", "-+0123456789", True,
     "^(?:[-+]?0b[0-1_]+\n"
     "                    |[-+]?0[0-7_]+\n"
     "                    |[-+]?(?:0|[1-9][0-9_]*)\n"
     "                    |[-+]?0x[0-9a-fA-F_]+\n"
     "                    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"),
    ("tag:yaml.org,2002:timestamp", "0123456789", True,
     "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\n"
     "                    |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?\n"
     "                     (?:[Tt]|[ \\t]+)[0-9][0-9]?\n"
     "                     :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?\n"
     "                     (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"),
    ("tag:yaml.org,2002:merge", "<", False,
     "^(?:<<)$"),
    ("tag:yaml.org,2002:value", "=", False,
     "^(?:=)$"),
    ("tag:yaml.org,2002:yaml", "!&*", False,
     "^(?:!|&|\\*)$"),
)
BOOL_VALUES = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _firsts, _verbose, _pattern in IMPLICIT:
    _compiled = re.compile(_pattern, re.X if _verbose else 0)
    for _first in _firsts:
        _RESOLVERS.setdefault(_first, []).append((_tag, _compiled))
_STR = "tag:yaml.org,2002:str"
_KEY = re.compile(r"([A-Za-z_](?:[\w.-]++|[ ]++(?=[\w.-]))*+)[ ]*+:(?: ++|$)")  # linear: no lazy group before blanks
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_PLAIN_START_BAD = set("[]{},#&*!|>'\"%@`")
_FLOW_ITEM_BAD = set("[]{},")
# What PyYAML refuses (its reader's non-printable set), YAML's other line breaks, and every
# space that is not " " (str.strip would eat them; YAML keeps them): left to PyYAML. As the
# characters that are, not those that are not (quicker to compile), and compiled on first use:
# ASCII text, most front matter, is looked at without it.
UNUSUAL = ("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xa0\ud800-\udfff\ufffe\uffff"
           "\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")


@functools.cache
def _unusual() -> re.Pattern[str]:
    return re.compile(UNUSUAL)


def unusual(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`UNUSUAL`."""
    if text.isascii():  # then only the C0 controls (tab too) and DEL are: all that is not printable
        return not text.replace("\n", "").replace("\r", "").replace("\t", "x").isprintable()
    return _unusual().search(text) is not None
_MAX_KEY = 1024  # PyYAML's limit on a simple key's length


class _Unsupported(Exception):
    pass


def load(text: str) -> Any:
    """The front matter's value, as relnotes' PyYAML loader gives it; or UNSUPPORTED."""
    if "\t" in text or "\\" in text or unusual(text):
        return UNSUPPORTED
    try:
        return _load(text.split("\n"))
    except _Unsupported:
        return UNSUPPORTED


def _load(lines: list[str]) -> Any:
    out: dict[Any, Any] = {}
    seen_key = False
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        stripped = line.strip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] == " ":
            raise _Unsupported  # indented text that is not a list under a key
        m = _KEY.match(line)
        if m is None:
            raise _Unsupported
        key = _plain(m[1])
        if not isinstance(key, str) or len(m[0]) > _MAX_KEY:
            raise _Unsupported
        rest = line[m.end():]
        seen_key = True
        if rest.strip(" ") == "" or rest.lstrip(" ").startswith("#"):
            items, i = _block_list(lines, i)
            out[key] = items
        else:
            out[key] = _value(rest)
    return out if seen_key else None


def _block_list(lines: list[str], i: int) -> tuple[Any, int]:
    """The ``- item`` lines after a bare ``key:`` (None when there are none)."""
    items: list[Any] = []
    indent: int | None = None
    n = len(lines)
    while i < n:
        line = lines[i]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        if not stripped.startswith("-") or not (len(stripped) == 1 or stripped[1] == " "):
            if line[0] == " ":
                raise _Unsupported  # a nested mapping or a continued scalar
            break
        here = len(line) - len(stripped)
        if indent is None:
            indent = here
        elif here != indent:
            raise _Unsupported
        item = stripped[1:].strip(" ")
        items.append(None if item == "" or item.startswith("#") else _value(item))
        i += 1
    # lines after a list at its own indent that are not items would be a YAML error: let PyYAML say so
    return (items if indent is not None else None), i


def _value(text: str) -> Any:
    text = text.strip(" ")
    first = text[0]
    if first == '"' or first == "'":
        return _quoted(text)
    if first == "[":
        return _flow_list(text)
    value = _strip_comment(text)
    if ": " in value or value.endswith(":"):
        raise _Unsupported
    return _plain(value)


def _strip_comment(text: str) -> str:
    cut = text.find(" #")
    return text[:cut].rstrip(" ") if cut >= 0 else text


def _quoted(text: str) -> str:
    body, end = _quoted_at(text, 0)
    _only_comment(text[end:])
    return body


def _quoted_at(text: str, start: int) -> tuple[str, int]:
    """The quoted scalar starting at ``text[start]`` and the index just after it."""
    quote = text[start]
    if quote == '"':
        close = text.find('"', start + 1)
        if close < 0:
            raise _Unsupported
        return text[start + 1:close], close + 1
    parts, pos = [], start + 1
    while True:
        close = text.find("'", pos)
        if close < 0:
            raise _Unsupported
        parts.append(text[pos:close])
        if text.startswith("''", close):
            parts.append("'")
            pos = close + 2
            continue
        return "".join(parts), close + 1


def _only_comment(rest: str) -> None:
    """What follows a value may only be blanks and a comment."""
    if rest and (rest[0] != " " or not (rest.strip(" ") == "" or rest.lstrip(" ").startswith("#"))):
        raise _Unsupported


def _flow_list(text: str) -> list[Any]:
    """``[a, "b c", 'd']`` on one line, of scalars only."""
    items: list[Any] = []
    pos, n = 1, len(text)
    expect_item = True
    while True:
        while pos < n and text[pos] == " ":
            pos += 1
        if pos >= n:
            raise _Unsupported  # continues on the next line
        ch = text[pos]
        if ch == "]":
            if expect_item and items:
                raise _Unsupported  # a trailing comma
            break
        if not expect_item:
            if ch != ",":
                raise _Unsupported
            pos += 1
            expect_item = True
            continue
        if ch in "\"'":
            body, pos = _quoted_at(text, pos)
            items.append(body)
        else:
            end = pos
            while end < n and text[end] not in ",]":
                end += 1
            item = text[pos:end].rstrip(" ")
            if not item or item[0] in "?-" or "#" in item or ":" in item or set(item) & _FLOW_ITEM_BAD:
                raise _Unsupported
            items.append(_plain(item))
            pos = end
        expect_item = False
    _only_comment(text[pos + 1:])
    return items


def _plain(text: str) -> Any:
    """A plain scalar resolved as PyYAML's SafeLoader would (the subset that is cheap to be sure of)."""
    if not text:
        return None
    first = text[0]
    if first in _PLAIN_START_BAD or (first in "-?:" and (len(text) == 1 or text[1] == " ")):
        raise _Unsupported
    resolvers = _RESOLVERS.get(first)
    if resolvers is None:
        return text
    tag = _STR
    for candidate, regexp in resolvers:
        if regexp.match(text):
            tag = candidate
            break
    if tag == _STR:
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return BOOL_VALUES[text.lower()]
    if tag == "tag:yaml.org,2002:int" and _INT.fullmatch(text):
        return int(text)
    if tag == "tag:yaml.org,2002:float" and _FLOAT.fullmatch(text):
        return float(text)
    if tag == "tag:yaml.org,2002:timestamp":
        m = _DATE.fullmatch(text)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return text  # relnotes' loader keeps a malformed date as text for the field check
    raise _Unsupported

"""Rewrite references to a renamed note: wikilinks (keeping ``|alias``, ``#heading``, a folder)
and plain names in ``people:``/``met_at:``. Pure text in, text out; every other byte kept."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from relnotes.core.links import WIKILINK
from relnotes.core.names import lookup_key
from relnotes.notes.body import FENCE, BodyWalk
from relnotes.notes.frontmatter import ITEM_LINE, front_matter_span
from relnotes.notes.yamlscalar import scalar

PLAIN_KEYS = ("people", "met_at")  # front-matter keys whose values may be plain names
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)[ \t]*:(?P<rest>.*)$")
_FLOW_ITEM = re.compile(r"(?<=[\[,])(?P<space>[ \t]*)(?P<item>[^,\[\]]*?)(?=[ \t]*[,\]])")


def _target_split(inner: str) -> tuple[str, str]:
    """``contacts/Ann Lee#Log|Ann`` → (``contacts/Ann Lee``, ``#Log|Ann``)."""
    cut = min((i for i in (inner.find("|"), inner.find("#"), inner.find("^")) if i >= 0), default=len(inner))
    return inner[:cut], inner[cut:]


def _relinker(old: set[str], new: str) -> Callable[[re.Match[str]], str]:
    def swap(m: re.Match[str]) -> str:
        target, rest = _target_split(m[2])
        stripped = target.strip()
        folder, _, stem = stripped.rpartition("/")
        suffix = ".md" if stem.lower().endswith(".md") else ""
        base = stem[:-3] if suffix else stem
        if lookup_key(base) not in old:
            return m[0]
        lead = target[: len(target) - len(target.lstrip())]
        trail = target[len(target.rstrip()):]
        written = f"{folder}/{new}{suffix}" if folder else f"{new}{suffix}"
        return f"{m[1]}[[{lead}{written}{trail}{rest}]]"

    return swap


_COMMENT = re.compile(r"[ \t]+#.*$")


def _plain(item: str, old: set[str], new: str) -> str:
    """A plain or quoted YAML scalar naming the old note, written for the new one; else as it was.
    Its spacing and a trailing ``# comment`` are kept."""
    comment = _COMMENT.search(item)
    text = (item[: comment.start()] if comment else item).strip()
    quote = text[:1] if text[:1] in ("'", '"') and text[-1:] == text[:1] and len(text) > 1 else ""
    inner = text[1:-1] if quote else text
    if not text or lookup_key(inner) not in old or WIKILINK.search(inner):
        return item
    if (quote == '"' and '"' not in new and "\\" not in new) or (quote == "'" and "'" not in new):
        value = f"{quote}{new}{quote}"
    else:
        value = scalar(new)
    return item.replace(text, value, 1)


def _front_line(line: str, key: str | None, old: set[str], new: str) -> tuple[str, str | None]:
    """One front-matter line rewritten; returns it and the top-level key it is under."""
    m = _KEY.match(line)
    if m:
        key = m["key"]
        rest = m["rest"]
        if key in PLAIN_KEYS:
            value = _COMMENT.sub("", rest).strip()
            if value.startswith("[") and value.endswith("]"):
                rest = _FLOW_ITEM.sub(lambda f: f["space"] + _plain(f["item"], old, new), rest)
            elif value and not value.startswith(("|", ">", "#")):
                rest = _plain(rest, old, new)
            line = line[: m.start("rest")] + rest
    elif key in PLAIN_KEYS:
        item = ITEM_LINE.fullmatch(line)
        if item:
            line = item["prefix"] + _plain(item["rest"], old, new)
    return line, key


def relink(text: str, old_names: list[str], new: str) -> str:
    """``text`` with every reference to any of ``old_names`` (letter case aside) pointing at ``new``.

    Links inside fenced code are left alone, as are names in other front-matter keys and prose.
    """
    old = {lookup_key(name) for name in old_names if name.strip()}
    swap = _relinker(old, new)
    lines = text.split("\n")
    span = front_matter_span(text)
    start, end = span if span else (0, 0)
    body = end + 1 if span else 0
    # code blocks as the reader sees them (BodyWalk: a fence of up to three spaces, closed only by
    # the same character): the lines it gives as text; fences and what they hold are left alone
    text_lines = {i for i, _, level in BodyWalk(lines, body) if level != FENCE}
    key: str | None = None
    for i, line in enumerate(lines):
        if start <= i < end and span:
            line, key = _front_line(line, key, old, new)
        elif i < body or i not in text_lines:
            continue
        lines[i] = WIKILINK.sub(swap, line)
    return "\n".join(lines)


def changed_lines(before: str, after: str) -> list[tuple[int, str, str]]:
    """The lines that differ, as (line number, ``-`` or ``+``, line): a removed line numbered as
    it was, an added one as it is now."""
    a, b = before.split("\n"), after.split("\n")
    out: list[tuple[int, str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out += [(i + 1, "-", a[i]) for i in range(i1, i2)]
            out += [(j + 1, "+", b[j]) for j in range(j1, j2)]
    return out

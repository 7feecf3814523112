"""Merging two notes of one person, as text: KEEP's front-matter values win, new keys and list
items come from OTHER, disagreements are listed; OTHER's Log entries join KEEP's in date order
(no duplicates) and its tasks are added to the same sections. Pure."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from relnotes.errors import NoteError
from relnotes.notes.body import LOG_LINE, TASK_LINE, BodyWalk, append_to_section, strip_comments
from relnotes.notes.frontmatter import set_key, set_key_list, split_front_matter
from relnotes.notes.yamlscalar import scalar

SKIP = {"name", "aliases"}  # OTHER's name goes to aliases; aliases are joined apart
# What a key KEEP leaves out means: OTHER's value is a disagreement, not news (a duplicate note
# is often archived to hide it; merging it must not archive the person)
IMPLIED = {"status": "active"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _front(text: str, path: str) -> dict[str, Any]:
    try:
        yaml_text, _, _ = split_front_matter(text)
        data = yaml.safe_load(yaml_text) if yaml_text else {}
    except (ValueError, yaml.YAMLError) as exc:
        raise NoteError(f"front matter cannot be read for a merge ({exc})", path=path) from None
    return data if isinstance(data, dict) else {}


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [] if value is None else [value]


def _same(a: Any, b: Any) -> bool:
    return str(a).strip().casefold() == str(b).strip().casefold()


def _plain(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, date)) and not isinstance(value, dict)


def merge_front(keep: str, other: str, other_names: list[str], keep_path: str = "", other_path: str = "") -> \
        tuple[str, list[str]]:
    """KEEP's text with OTHER's new keys and list items, and OTHER's names in ``aliases``; and the
    conflicts, one line each (KEEP's value kept)."""
    mine, theirs = _front(keep, keep_path), _front(other, other_path)
    conflicts: list[str] = []
    for key, value in theirs.items():
        if not isinstance(key, str) or key in SKIP or value is None:
            continue
        have = mine.get(key)
        if have is None and key in IMPLIED:
            if not _same(IMPLIED[key], value):
                conflicts.append(f"{key}: kept {IMPLIED[key]} (the default: {keep_path} has no {key}), "
                                 f"not {scalar(value)} ({other_path})")
            continue
        if have is None:
            if isinstance(value, list) and all(_plain(v) for v in value):
                keep = set_key_list(keep, key, [scalar(v) for v in value])
            elif _plain(value):
                keep = set_key(keep, key, scalar(value))
            else:
                conflicts.append(f"{key}: not merged (not a plain value or list); see {other_path}")
            continue
        if isinstance(have, list) or isinstance(value, list):
            new = [v for v in _items(value) if _plain(v) and not any(_same(v, h) for h in _items(have))]
            if new:
                keep = set_key_list(keep, key, [scalar(v) for v in _items(have) + new])
        elif not _same(have, value):
            conflicts.append(f"{key}: kept {scalar(have)} ({keep_path}), not {scalar(value)} ({other_path})")
    aliases = _items(mine.get("aliases"))
    wanted = [n for n in [*other_names, *_items(theirs.get("aliases"))]
              if not any(_same(n, a) for a in aliases) and not _same(n, mine.get("name", ""))]
    unique = [n for i, n in enumerate(wanted) if not any(_same(n, m) for m in wanted[:i])]
    if unique:
        keep = set_key_list(keep, "aliases", [scalar(a) for a in aliases + unique])
    return keep, conflicts


def _sections(text: str) -> list[tuple[str, int, str]]:
    """(section title, line index, line as read) for each body line, as :class:`BodyWalk` reads
    the body (code blocks left out, comments cut out); the title "" before the first heading."""
    return _read(text)[0]


def _read(text: str) -> tuple[list[tuple[str, int, str]], set[int]]:
    """:func:`_sections`, and the indexes of the heading lines, from one walk of the body."""
    _, _, body_line = split_front_matter(text)
    title, out, headings = "", [], set()
    for i, line, level in BodyWalk(text.split("\n"), body_line - 1):
        if level > 0:
            title = line
            headings.add(i)
        elif level == 0:
            out.append((title, i, line))
    return out, headings


def _when(line: str) -> str:
    """A Log entry's ISO date; "" when the line is no dated entry."""
    m = LOG_LINE.match(line)
    return m[1] if m and _DATE.match(m[1]) else ""


Entry = tuple[str, list[str]]  # a Log entry's line, and the indented lines that belong to it


def _top_entry(raw: str, read: str) -> bool:
    """A Log entry as ``scan_body`` takes one: a dated line that is not indented."""
    return raw[:1] not in (" ", "\t") and bool(_when(read))


def _as_written(raw: str, read: str) -> str:
    """The line as written, comments and all, unless it opens a comment it does not close or
    closes one opened above (then as read: in KEEP it would swallow, or end, something else)."""
    if raw.strip() == read.strip():
        return raw.rstrip()
    text, still_open = strip_comments(raw, None)
    return raw.rstrip() if still_open is None and text.strip() == read.strip() else read.strip()


def _log_entries(text: str) -> list[Entry]:
    """The dated Log entries, each with its details: every line after it up to the next line
    that is neither blank nor indented (or a heading), as ``scan_body`` leaves them to the entry
    (code, comments and blank lines between them included; blank lines at the end not); a
    commented-out entry is none."""
    lines = text.split("\n")
    read, headings = _read(text)
    entries: list[Entry] = []
    for title, i, line in read:
        if title.casefold() != "log" or not _top_entry(lines[i], line):
            continue
        end = i + 1
        while end < len(lines) and end not in headings and (not lines[end].strip() or lines[end][:1] in " \t"):
            end += 1
        details = _closed([detail.rstrip() for detail in lines[i + 1:end]])
        while details and not details[-1].strip():
            details.pop()
        entries.append((_as_written(lines[i], line), details))
    return entries


def _closed(details: list[str]) -> list[str]:
    """The details up to a code block or comment they open and do not close: copied into KEEP,
    it would swallow the lines after it there (OTHER keeps them, in .trash/)."""
    while details:
        walk = BodyWalk(details)
        for _ in walk:
            pass
        opened = walk.open_fence if walk.open_fence is not None else walk.open_comment
        if opened is None:
            return details
        details = details[:opened]
    return details


def _insert_log(text: str, entry: Entry) -> str:
    """``entry`` into the Log, before the first entry dated after it (after that one's
    predecessor's details, then), else at the Log's end."""
    line, details = entry
    lines = text.split("\n")
    when = _when(line)
    later = [i for title, i, seen in _sections(text)
             if title.casefold() == "log" and _top_entry(lines[i], seen) and _when(seen) > when]
    if later and later[0] > 0:
        at = later[0]
        while at > 0 and not lines[at - 1].strip():  # before the blank lines that end the entry above
            at -= 1
        lines[at:at] = [line, *details]
        return "\n".join(lines)
    return append_to_section(text, "Log", line, details)


def merge_body(keep: str, other: str) -> str:
    """KEEP's text with OTHER's Log entries (date order, none twice, each with its indented
    lines) and tasks (in the same sections, the Log's too), OTHER read as relnotes reads it:
    nothing in a comment or a code block."""
    present = {line for line, _ in _log_entries(keep)}
    for entry in sorted(_log_entries(other), key=lambda e: _when(e[0])):
        if entry[0] not in present:
            keep = _insert_log(keep, entry)
            present.add(entry[0])
    tasks = {line.strip() for _, _, line in _sections(keep) if TASK_LINE.match(line)}
    other_lines = other.split("\n")
    for title, i, line in _sections(other):
        if TASK_LINE.match(line) and line.strip() not in tasks:
            keep = append_to_section(keep, title or "Tasks", _as_written(other_lines[i], line).strip())
            tasks.add(line.strip())
    return keep

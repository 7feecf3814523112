"""Merging two notes of one person, as text: KEEP's front-matter values win, new keys and list
items come from OTHER, disagreements are listed; OTHER's Log entries join KEEP's in date order
(no duplicates) and its tasks are added to the same sections. Pure."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from relnotes.errors import NoteError
from relnotes.notes.body import LOG_LINE, TASK_LINE, BodyWalk, append_to_section
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
    _, _, body_line = split_front_matter(text)
    title, out = "", []
    for i, line, level in BodyWalk(text.split("\n"), body_line - 1):
        if level > 0:
            title = line
        elif level == 0:
            out.append((title, i, line))
    return out


def _when(line: str) -> str:
    """A Log entry's ISO date; "" when the line is no dated entry."""
    m = LOG_LINE.match(line)
    return m[1] if m and _DATE.match(m[1]) else ""


Entry = tuple[str, list[str]]  # a Log entry's line, and the indented lines that belong to it


def _log_entries(text: str) -> list[Entry]:
    """The dated Log entries, each with its details: the indented lines right after it (as
    ``scan_body`` reads them, an entry's own); a commented-out entry is none."""
    read = _sections(text)
    entries: list[Entry] = []
    for n, (title, i, line) in enumerate(read):
        if title.casefold() != "log" or not _when(line):
            continue
        details: list[str] = []
        for later_title, j, later in read[n + 1:]:
            if later_title != title or j != i + 1 + len(details) or not later.strip() or later[:1] not in " \t":
                break
            details.append(later.rstrip())
        entries.append((line.strip(), details))
    return entries


def _insert_log(text: str, entry: Entry) -> str:
    """``entry`` into the Log, after the last entry dated on or before it (else at the Log's end)."""
    line, details = entry
    lines = text.split("\n")
    when = _when(line)
    read = {i: seen for title, i, seen in _sections(text) if title.casefold() == "log"}
    later = [i for i, seen in read.items() if _when(seen) > when and LOG_LINE.match(seen)]
    if later and later[0] > 0:
        lines[later[0]:later[0]] = [line, *details]
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
    for title, _, line in _sections(other):
        if TASK_LINE.match(line) and line.strip() not in tasks:
            keep = append_to_section(keep, title or "Tasks", line.strip())
            tasks.add(line.strip())
    return keep

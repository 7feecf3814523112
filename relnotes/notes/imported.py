"""Note text for imported records: a new contact note, or a merge's front-matter edits. Pure."""

from __future__ import annotations

from relnotes.core.importmerge import Merge
from relnotes.core.record import Record
from relnotes.notes.body import HEADING, OPEN_FENCE, TASK_LINE
from relnotes.notes.frontmatter import set_key, set_key_list
from relnotes.notes.yamlscalar import flow_list, scalar

ORDER = ("name", "email", "phone", "company", "role", "location", "tags", "linkedin", "website", "met",
         "birthday", "uid")


def _value(key: str, value: str | list[str]) -> str:
    if isinstance(value, list):
        return flow_list(value) if len(value) != 1 or key == "tags" else scalar(value[0])
    if key in ("birthday", "met"):  # a YAML date as written by hand; --MM-DD must be quoted
        return f'"{value}"' if value.startswith("--") else value
    return scalar(value)


def prose(note: str) -> str:
    """A card's NOTE as body prose that stays prose: a line that would be a heading (``## Log``), a
    task (``- [ ] …``), a code fence or a comment opener is escaped with ``\\``, so imported text
    never adds log entries or promises, and never hides the note's own ``## Log``."""
    out = []
    for line in note.strip().split("\n"):
        if HEADING.match(line) or OPEN_FENCE.match(line):
            line = "\\" + line.lstrip(" ")
        elif m := TASK_LINE.match(line):
            line = line[:m.start(1) - 1] + "\\" + line[m.start(1) - 1:]
        out.append(line.replace("<!--", "<\\!--").replace("%%", "\\%\\%"))
    return "\n".join(out)


def record_text(rec: Record) -> str:
    """A new contact note: the record's keys in schema order, a heading, its NOTE, an empty Log."""
    lines = ["---"]
    for key in ORDER:
        value = getattr(rec, key)
        if value:
            lines.append(f"{key}: {_value(key, value)}")
    lines.append("---")
    body = f"\n# {rec.name}\n\n"
    if rec.note.strip():
        body += prose(rec.note) + "\n\n"
    return "\n".join(lines) + "\n" + body + "## Log\n"


def merge_edit(text: str, merge: Merge) -> str:
    """``text`` with the merge's new keys set and its lists extended; nothing else changes."""
    for key in ORDER:
        if key in merge.lists:
            items = merge.lists[key]
            text = set_key_list(text, key, [scalar(v) for v in items]) if len(items) > 1 \
                else set_key(text, key, scalar(items[0]))
        elif key in merge.scalars:
            text = set_key(text, key, _value(key, merge.scalars[key]))
    return text

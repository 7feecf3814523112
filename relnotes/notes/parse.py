"""One Markdown file's bytes → a :class:`Note`. Pure: no file system access here."""

from __future__ import annotations

import re
from typing import Any

from relnotes.core.dates import parse_iso
from relnotes.core.model import Note, Problem
from relnotes.notes.body import find_conflict_marker, scan_body
from relnotes.notes.frontmatter import key_lines, split_front_matter
from relnotes.notes.notetext import DecodeError, decode
from relnotes.notes.schema import validate
from relnotes.notes.yamlload import load_yaml, yaml_error, yaml_problem

TYPE_LINE = re.compile(r"^type[ \t]*:[ \t]*[\"']?(contact|event)[\"']?[ \t]*$", re.IGNORECASE | re.MULTILINE)


def parse_note(path: str, data: bytes, folder_kind: str | None, *, daily_notes: bool = True) -> Note:
    """Parse one note. ``folder_kind`` is "contact"/"event" when it lies in that folder."""
    stem = path.rsplit("/", 1)[-1][:-3]
    note = Note(path=path, kind=folder_kind or "other", stem=stem)
    try:
        text = decode(data)
    except DecodeError as exc:
        return _skip(note, folder_kind is not None, exc.line, str(exc))
    marker = find_conflict_marker(text)
    if marker:
        return _skip(note, True, marker, "has git conflict markers; resolve the merge, then run again")
    try:
        yaml_text, yaml_line, body_line = split_front_matter(text)
    except ValueError as exc:
        return _skip(note, folder_kind is not None or bool(TYPE_LINE.search(text)), 1, str(exc))
    meta: dict[Any, Any] = {}
    if yaml_text is not None:
        note.has_front_matter = True
        loaded = _load_meta(note, yaml_text, yaml_line, folder_kind)
        if loaded is None:
            return note
        meta = loaded
    lines = key_lines(yaml_text or "", yaml_line)
    note.kind = _classify(note, meta, folder_kind, daily_notes, lines)
    if note.kind == "other":
        return note
    body_text = text.split("\n", body_line - 1)[-1] if body_line > 1 else text
    body = scan_body(body_text, body_line, path, want_mentions=note.kind == "daily")
    if note.kind == "daily":
        note.mentions = body.mentions
        return note
    note.fields, problems = validate(note.kind, meta, lines, path)
    note.field_lines = {key: line for key, line in lines.items() if key in note.fields}
    _event_date_from_stem(note, problems)
    note.problems.extend(problems)
    note.problems.extend(body.problems)
    note.log, note.tasks, note.links = body.log, body.tasks, body.links
    return note


def _load_meta(note: Note, yaml_text: str, yaml_line: int, folder_kind: str | None) -> dict[Any, Any] | None:
    relevant = folder_kind is not None or bool(TYPE_LINE.search(yaml_text))
    try:
        meta = load_yaml(yaml_text)
    except yaml_error() as exc:
        line, problem = yaml_problem(exc, yaml_text, yaml_line)
        _skip(note, relevant, line, f"front matter is not valid YAML ({problem}); the note is skipped")
        return None
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        message = f"front matter cannot be read ({type(exc).__name__}: {exc}); the note is skipped"
        _skip(note, relevant, yaml_line, message)
        return None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        _skip(note, relevant, yaml_line, "front matter is not a set of 'key: value' lines; the note is skipped")
        return None
    return meta


def _classify(note: Note, meta: dict[Any, Any], folder_kind: str | None, daily_notes: bool,
              lines: dict[str, int]) -> str:
    declared = meta.get("type")
    if declared is not None:
        if isinstance(declared, str) and declared.strip().lower() in ("contact", "event"):
            return declared.strip().lower()
        if folder_kind is not None:
            note.problems.append(
                Problem(note.path, lines.get("type"),
                        f"type: {declared!r} is neither contact nor event, so this note is not read as a {folder_kind}")
            )
            return "other"
    if folder_kind is not None:
        return folder_kind
    if daily_notes and parse_iso(note.stem) is not None:
        return "daily"
    return "other"


def _event_date_from_stem(note: Note, problems: list[Problem]) -> None:
    if note.kind != "event" or "date" in note.fields:
        return
    stem_date = parse_iso(note.stem[:10])
    if stem_date is not None:
        note.fields["date"] = stem_date
        problems[:] = [p for p in problems if not p.message.startswith("event has no date")]


def _skip(note: Note, relevant: bool, line: int | None, message: str) -> Note:
    note.skipped = True
    if "skipped" not in message:
        message += "; the note is skipped"
    if relevant:
        note.problems.append(Problem(note.path, line, message, skipped=True))
    return note

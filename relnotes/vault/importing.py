"""Import on disk: reading the files named, and writing a plan's new and merged notes (SPEC 7).

New notes are created all or none (relnotes.vault.create.create_all); merges are edits like
every other (read under lock, atomic, refused when the note changed since it was read).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from relnotes.core.importmerge import Plan
from relnotes.core.settings import Config
from relnotes.errors import ConflictError, NoteError, UsageError
from relnotes.notes.filenames import note_stem
from relnotes.notes.imported import merge_edit, record_text
from relnotes.vault.changes import Change, _read, apply, editing
from relnotes.vault.create import create_all

VCARD_SUFFIXES = (".vcf", ".vcard")


def vcard_files(paths: list[Path]) -> list[Path]:
    """The files named, a folder standing for its .vcf/.vcard files (sorted, not recursive)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix.lower() in VCARD_SUFFIXES and p.is_file())
        else:
            found.append(path)
    if not found:
        raise UsageError("no .vcf files found in " + ", ".join(str(p) for p in paths))
    return found


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def read_text(path: Path) -> str:
    """A CSV file's text: UTF-8 (a BOM dropped), else Windows-1252 (Outlook's export), else Latin-1.

    An empty file, or one with NUL bytes (a spreadsheet, an image), is refused in one line.
    """
    data = _bytes(path)
    if not data.strip():
        raise UsageError(f"{path}: the file is empty")
    if b"\x00" in data:
        raise UsageError(f"{path}: a binary file, not CSV text (save it as CSV, UTF-8)")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def read_vcard_text(path: Path) -> str:
    """A .vcf file's text: UTF-8 (a BOM dropped), any other byte kept as a lone surrogate, so that
    relnotes.interop.vcard can judge each card's encoding on its own."""
    data = _bytes(path)
    return data.decode("utf-8", "surrogateescape").removeprefix("\ufeff")


@dataclass
class Written:
    created: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)


def new_paths(config: Config, plan: Plan) -> list[tuple[Path, str]]:
    """(path, text) of each new note; a name whose file name is taken gets `` 2``, `` 3``…

    A record whose name gives no file name is moved from ``plan.new`` to ``plan.skipped``.
    """
    out: list[tuple[Path, str]] = []
    taken: set[Path] = set()
    for rec in list(plan.new):
        try:
            stem = note_stem(config.filename, rec.name)
        except UsageError as exc:  # a name of dots or symbols only: no file name can be made of it
            plan.new.remove(rec)
            plan.skipped.append((rec.where, exc.message))
            continue
        path, n = config.root / config.contacts_dir / f"{stem}.md", 1
        while path in taken or path.exists():
            n += 1
            path = config.root / config.contacts_dir / f"{stem} {n}.md"
        taken.add(path)
        out.append((path, record_text(rec)))
    return out


def _still_as_planned(note_fields: dict, text_bytes: bytes, rel: str) -> bool:  # type: ignore[type-arg]
    """Whether the note's front matter is still what the plan was made from."""
    from relnotes.notes.parse import parse_note

    return parse_note(rel, text_bytes, "contact").fields == note_fields


def write_plan(config: Config, plan: Plan) -> Written:
    """Create the new notes, then apply the merges; returns what was written.

    Every note a merge edits is read (and locked) first, and must still hold the front matter
    the plan was made from: a note edited since (in an editor, by another relnotes) is refused
    with ConflictError before anything at all is written, so no value added meanwhile is lost.
    """
    done = Written()
    with editing():
        changes = []
        for merge in plan.merged:
            if not merge.changes:
                continue
            note = _read(config, merge.contact.path)
            if not _still_as_planned(merge.contact.note.fields, note.raw, merge.contact.path):
                raise ConflictError.changed(merge.contact.path)
            try:
                text = merge_edit(note.text, merge)
            except NoteError as exc:
                raise NoteError(exc.message, path=merge.contact.path, line=exc.line) from None
            changes.append(Change(note, text, f"import: {merge.contact.name}"))
        notes = new_paths(config, plan)  # the same paths the plan showed: the names and files are as they were
        if notes:
            create_all(config.root, notes)
            done.created = [p for p, _ in notes]
        for change in changes:
            if apply(change, config.root):
                done.changed.append(change.path)
    return done

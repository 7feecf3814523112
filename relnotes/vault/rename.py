"""Renaming a contact: its file and ``name:``, the old name kept in ``aliases``, and every
reference across the vault rewritten, each note through the safe edit path (changes.apply)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from relnotes.core.index import Index
from relnotes.core.model import Contact
from relnotes.core.settings import Config
from relnotes.errors import ConflictError, NoteError, UsageError
from relnotes.notes.filenames import note_stem, refuse_link_breakers
from relnotes.notes.frontmatter import key_items, set_key, set_key_list
from relnotes.notes.mergenote import merge_body, merge_front
from relnotes.notes.relink import changed_lines, relink
from relnotes.notes.yamlscalar import scalar
from relnotes.vault import changes as edits
from relnotes.vault.files import create_new, note_text


@dataclass
class Plan:
    """What a rename will do: the contact's own edit and move, and every other note's edit."""

    contact: Contact
    new_name: str
    new_rel: str
    own: edits.Change
    others: list[edits.Change] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # notes that could not be searched

    @property
    def changes(self) -> list[edits.Change]:
        return [*self.others, self.own]

    def diff(self, root: Path) -> list[tuple[str, int, str, str]]:
        return diff_lines(self.changes, root)


def diff_lines(changes: list[edits.Change], root: Path) -> list[tuple[str, int, str, str]]:
    """(file, line, ``-`` or ``+``, line) for every line the changes remove or add."""
    out = []
    for change in changes:
        rel = change.path.relative_to(root).as_posix()
        out += [(rel, n, sign, line) for n, sign, line in changed_lines(change.note.text, change.text)]
    return out


def old_names(contact: Contact) -> list[str]:
    stem = Path(contact.path).stem
    return [contact.name] + ([stem] if stem.casefold() != contact.name.casefold() else [])


def new_path(config: Config, contact: Contact, new_name: str) -> str:
    name = " ".join(new_name.split())
    if not name:
        raise UsageError("the new name is empty")
    refuse_link_breakers(name, "a contact's name")
    folder = Path(contact.path).parent
    return (folder / f"{note_stem(config.filename, name)}.md").as_posix()


def refuse_collision(config: Config, index: Index, contact: Contact, new_name: str, rel: str) -> None:
    """A UsageError when ``new_name`` (or its file) already belongs to another note."""
    others = [c for c in index.resolve_contact(new_name) if c.path != contact.path]
    if others:
        raise UsageError(f"{new_name!r} is already a name of {others[0].path}; merge them instead "
                         f"(relnotes merge) or choose another name")
    if rel.casefold() != contact.path.casefold() and ((config.root / rel).exists() or index.resolver.knows(rel)):
        raise UsageError(f"{rel} already exists; choose another name")
    if new_name.casefold() == contact.name.casefold() and rel == contact.path:
        raise UsageError(f"{contact.path} is already named {contact.name!r}")


def _own_edit(contact: Contact, new_name: str, old: list[str]) -> Callable[[str], str]:
    aliases = list(contact.aliases)
    for name in old:
        if name.casefold() not in {a.casefold() for a in aliases} and name.casefold() != new_name.casefold():
            aliases.append(name)
    added = aliases[len(contact.aliases):]

    def edit(text: str) -> str:
        text = set_key(text, "name", scalar(new_name))
        if added:
            text = set_key_list(text, "aliases", [*_written_items(text, "aliases", contact.aliases),
                                                  *(scalar(a) for a in added)])
        return relink(text, old, new_name)

    return edit


def _written_items(text: str, key: str, read: list[str]) -> list[str]:
    """The items of list ``key`` as the note holds them, each as YAML text that reads back the
    same (a value relnotes ignores, a number or ``true`` among the aliases, stays as it is), so
    growing the list changes no item; ``read`` (as relnotes read them) when the front matter
    cannot be read or the value is no list of plain values."""
    items = key_items(text, key)
    if items is None or not all(item is None or isinstance(item, (str, int, float, bool, date)) for item in items):
        return [scalar(a) for a in read]
    return ["null" if item is None else scalar(item) for item in items]


def plan(config: Config, index: Index, contact: Contact, new_name: str) -> Plan:
    """Every edit of the rename, read under the notes' locks when in an ``editing()`` block."""
    new_name = " ".join(new_name.split())
    rel = new_path(config, contact, new_name)
    refuse_collision(config, index, contact, new_name, rel)
    old = old_names(contact)
    message = f"rename: {contact.name} is now {new_name}"
    own = edits.rewrite(config, contact.path, _own_edit(contact, new_name, old), message)
    result = Plan(contact, new_name, rel, own)
    result.others, result.unreadable = references(config, index, {contact.path}, old, new_name,
                                                  f"{message} (a reference)")
    return result


def references(config: Config, index: Index, skip: set[str], old: list[str], new: str,
               message: str) -> tuple[list[edits.Change], list[str]]:
    """The edits pointing every reference to ``old`` at ``new``, in every note but ``skip``; and
    the notes that could not be searched (their front matter never closes)."""
    found, unreadable = [], []
    for note in sorted(index.notes, key=lambda n: n.path):
        if note.path in skip:
            continue
        text = note_text(config.root, note.path)
        try:
            if text is None or relink(text, old, new) == text:
                continue
            found.append(edits.rewrite(config, note.path, lambda t: relink(t, old, new), message))
        except NoteError:
            unreadable.append(note.path)
    return found, unreadable


def carry_out(plan: Plan, root: Path) -> list[Path]:
    """Write every other note, then the contact's, then move it; the paths touched, for a commit."""
    touched = []
    for change in plan.others:
        if edits.apply(change, root):
            touched.append(change.path)
    edits.apply(plan.own, root)
    old, new = plan.own.path, root / plan.new_rel
    if new != old:
        data = old.read_bytes()
        create_new(new, data, root=root)
        if old.read_bytes() != data:  # an editor saved it meanwhile: that save must not be lost
            new.unlink()
            shown = old.relative_to(root).as_posix()
            raise ConflictError(f"{shown} changed while it was being renamed, so it was left under its old file "
                                f"name, and the links to it already say {plan.new_name!r}: run the rename again "
                                "(an editor's save may have put its old name: back)")
        old.unlink()
    return [*touched, old, new]


@dataclass
class MergePlan:
    """What a merge will do: KEEP's edit, every reference to OTHER rewritten, OTHER to ``.trash/``."""

    keep: Contact
    other: edits.Change  # OTHER as read (its text unchanged): moved only if still so
    own: edits.Change
    trash_rel: str
    conflicts: list[str]
    others: list[edits.Change] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def changes(self) -> list[edits.Change]:
        return [*self.others, self.own]

    def diff(self, root: Path) -> list[tuple[str, int, str, str]]:
        return diff_lines(self.changes, root)


def trash_path(config: Config, rel: str) -> str:
    """``.trash/NAME.md`` as Obsidian moves a note there; ``NAME 2.md``… when that is taken."""
    stem = Path(rel).stem
    for n in range(1, 1000):
        candidate = f".trash/{stem}{'' if n == 1 else f' {n}'}.md"
        if not (config.root / candidate).exists():
            return candidate
    raise UsageError(f".trash/ already holds too many notes named {stem}; empty it first")


def plan_merge(config: Config, index: Index, keep: Contact, other: Contact) -> MergePlan:
    """Every edit of merging OTHER into KEEP, the notes read under their locks in ``editing()``."""
    if keep.path == other.path:
        raise UsageError(f"{keep.path} cannot be merged with itself")
    names = old_names(other)
    message = f"merge: {other.name} into {keep.name}"
    theirs = edits.rewrite(config, other.path, lambda t: t, message)
    conflicts: list[str] = []

    def edit(text: str) -> str:
        text, found = merge_front(text, theirs.text, names, keep.path, other.path)
        conflicts[:] = found
        return relink(merge_body(text, theirs.text), names, keep.name)

    own = edits.rewrite(config, keep.path, edit, message)
    result = MergePlan(keep, theirs, own, trash_path(config, other.path), conflicts)
    result.others, result.unreadable = references(config, index, {keep.path, other.path}, names, keep.name,
                                                  f"{message} (a reference)")
    return result


def carry_out_merge(plan: MergePlan, root: Path) -> list[Path]:
    """Copy OTHER to .trash/ first (so nothing is lost whatever fails later), write every other
    note, then KEEP, then remove OTHER (if still as read)."""
    other = plan.other.path
    (root / plan.trash_rel).parent.mkdir(exist_ok=True)
    create_new(root / plan.trash_rel, plan.other.note.raw, root=root)
    touched = [c.path for c in plan.others if edits.apply(c, root)]
    edits.apply(plan.own, root)
    if other.read_bytes() != plan.other.note.raw:
        raise ConflictError(f"{other.relative_to(root).as_posix()} changed while merging, so it was left in place "
                            f"(the other notes are merged; {plan.trash_rel} holds it as it was)")
    other.unlink()
    return [*touched, plan.own.path, other]

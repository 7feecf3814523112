"""Edits to notes as data: each function reads a note, computes its new text, and returns a Change.

Nothing here writes; :func:`apply` does, through :mod:`relnotes.vault.files` (atomic,
conflict-checked, inside the vault), holding the note's lock. Within an :func:`editing` block
each note read for an edit stays locked until the block ends, so its write cannot lose another
relnotes' edit: that one waits, then reads the edited note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from relnotes.core.model import Contact, DueItem, Event, Task
from relnotes.core.rules import contact_items
from relnotes.core.settings import Config
from relnotes.errors import ConflictError, NoteError, ResolveError, UsageError
from relnotes.notes.body import (
    DONE_EMOJI,
    DONE_FIELD,
    TASK_LINE,
    append_to_section,
    field_search,
    line_as_read,
    replace_line,
)
from relnotes.notes.frontmatter import remove_key, set_key
from relnotes.notes.notetext import NoteFile
from relnotes.notes.yamlscalar import scalar
from relnotes.vault.files import read_note, write_note
from relnotes.vault.locks import note_lock

KIND = re.compile(r"^[A-Za-z][\w/-]*$")
TYPE = re.compile(r"^[\w-]*$")


@dataclass
class Change:
    note: NoteFile
    text: str
    message: str  # one line: what changed, for output and commit messages

    @property
    def path(self) -> Path:
        return self.note.path


def _one_line(text: str) -> str:
    return " ".join(text.split())


_HELD: ContextVar[ExitStack | None] = ContextVar("relnotes_edit_locks", default=None)


@contextmanager
def editing() -> Iterator[None]:
    """Keep every note read for an edit within the block locked until the block ends."""
    with ExitStack() as stack:
        token = _HELD.set(stack)
        try:
            yield
        finally:
            _HELD.reset(token)


def _read(config: Config, rel: str) -> NoteFile:
    """The note, read under its lock when in an :func:`editing` block."""
    path = config.root / rel
    held = _HELD.get()
    if held is not None:
        held.enter_context(note_lock(config.root, path))
    return read_note(path, root=config.root)


def log_line(when: date, kind: str, text: str, gave: str | None = None, got: str | None = None) -> str:
    if not KIND.match(kind):
        raise UsageError(f"log kind {kind!r} must be one word, e.g. sent, received, call, meeting, note")
    line = f"- {when.isoformat()} {kind.lower()}: {_one_line(text)}"
    for tag, value in (("gave", gave), ("got", got)):
        if value is not None:
            if not TYPE.match(value):
                raise UsageError(f"--{tag} type {value!r} must be one word, e.g. intro, referral, insight")
            line += f" #{tag}/{value}" if value else f" #{tag}"
    return line.rstrip()


def log(config: Config, contact: Contact, kind: str, text: str, when: date,
        gave: str | None = None, got: str | None = None) -> Change:
    line = log_line(when, kind, text, gave, got)
    message = f"log: {contact.name} — {kind} {_one_line(text)}".rstrip()
    return _edit(config, contact.path, lambda t: append_to_section(t, "Log", line), message)


def promise(config: Config, contact: Contact, text: str, due: date, waiting: bool) -> Change:
    task = _one_line(text)
    if not task:
        raise UsageError("a promise needs some text")
    line = f"- [ ] {task}{' #waiting' if waiting else ''} 📅 {due.isoformat()}"
    who = "they promised" if waiting else "promise"
    message = f"{who}: {contact.name} — {task} (due {due})"
    return _edit(config, contact.path, lambda t: append_to_section(t, "Promises", line), message)


def snooze(config: Config, contact: Contact, until: date) -> Change:
    message = f"snooze: {contact.name} until {until}"
    return _edit(config, contact.path, lambda t: set_key(t, "snooze_until", scalar(until)), message)


def clear_snooze(config: Config, contact: Contact) -> Change:
    return _edit(config, contact.path, lambda t: remove_key(t, "snooze_until"), f"snooze: {contact.name} cleared")


def set_status(config: Config, contact: Contact, status: str, verb: str) -> Change:
    """``status:`` set to ``status`` (archive: ``archived``, unarchive: ``active``)."""
    return _edit(config, contact.path, lambda t: set_key(t, "status", status),
                 f"{verb}: {contact.name} (status {status})")


def set_tier(config: Config, contact: Contact, tier: str) -> Change:
    return _edit(config, contact.path, lambda t: set_key(t, "tier", tier), f"tier: {contact.name} is now {tier}")


def _open_tasks(contact: Contact) -> list[tuple[Task, str]]:
    tasks = [(t, contact.path) for t in contact.note.tasks if t.status == "open"]
    tasks += [(t, ev.path) for t, ev in contact.debrief_tasks if t.status == "open"]
    return tasks


def pick_task(contact: Contact | Event, query: str) -> tuple[Task, str]:
    """The one open task whose text contains ``query`` (ignoring case); an error lists the others.

    A contact's tasks are those in its note and the debrief tasks that link it; an event's are
    every task in its own note.
    """
    tasks = _open_tasks(contact) if isinstance(contact, Contact) else \
        [(t, contact.path) for t in contact.note.tasks if t.status == "open"]
    name = _owner_name(contact)
    needle = _one_line(query).casefold()
    exact = [(t, p) for t, p in tasks if t.text.casefold() == needle]
    found = exact or [(t, p) for t, p in tasks if needle in t.text.casefold()]
    if len(found) == 1:
        return found[0]
    listing = "; ".join(f"{t.text} ({p}:{t.line})" for t, p in (found or tasks)) or "none"
    if found:
        raise ResolveError(f"{query!r} matches several open tasks of {name}: {listing}")
    raise ResolveError(f"no open task of {name} matches {query!r}; open tasks: {listing}")


def _owner_name(owner: Contact | Event) -> str:
    return owner.name if isinstance(owner, Contact) else owner.title


def ticked_line(raw: str, today: date) -> str:
    """``raw`` as a done task: its status becomes ``x`` whatever it was, with one ``✅ today``.

    A done date already on the line (``✅ DATE`` or ``[completion:: DATE]``) is set to today
    rather than a second one added.
    """
    m = TASK_LINE.match(raw)
    if m is None:
        raise NoteError(f"{raw.strip()!r} is not a task line")
    line = raw[:m.start(1)] + "x" + raw[m.end(1):]
    when = today.isoformat()
    for found in (DONE_EMOJI.search(line), field_search(DONE_FIELD, line)):
        if found:
            return line[:found.start(1)] + when + line[found.end(1):]
    return line.rstrip() + f" ✅ {when}"


def tick(config: Config, owner: Contact | Event, task: Task, rel: str, today: date) -> Change:
    note = _read(config, rel)
    lines = note.text.split("\n")
    index = task.line - 1
    if index >= len(lines) or line_as_read(note.text, index) != task.raw:  # task.raw is without comments
        raise ConflictError.changed(rel)
    ticked = ticked_line(lines[index], today)
    return Change(note, replace_line(note.text, index, ticked), f"done: {_owner_name(owner)} — {task.text}")


def clear_follow_up(config: Config, contact: Contact) -> Change:
    return _edit(config, contact.path, lambda t: remove_key(remove_key(t, "follow_up"), "follow_up_note"),
                 f"done: {contact.name} — follow-up")


def done(config: Config, contact: Contact | Event, query: str | None, today: date) -> Change:
    """Tick the task matching ``query``; without one, complete the most urgent follow-up or promise.

    ``contact`` may be an event: its own tasks (those that link no contact) are its promises.
    """
    if query:
        task, rel = pick_task(contact, query)
        return tick(config, contact, task, rel, today)
    if isinstance(contact, Event):
        return _done_event(config, contact, today)
    horizon = config.rules.upcoming.after(today)  # what `due` lists first; then what it does not
    items: list[DueItem] = sorted(
        (i for i in contact_items(contact, today, config)
         if i.kind in ("commitment", "follow-up") and i.due <= horizon),
        key=DueItem.sort_key,
    )
    if not items:
        return _done_hidden(config, contact, today)
    item = items[0]
    if item.kind == "follow-up":
        return clear_follow_up(config, contact)
    rel, _, line = item.source.rpartition(":")
    for task, path in _open_tasks(contact):
        if path == rel and str(task.line) == line:
            return tick(config, contact, task, rel, today)
    raise ConflictError.changed(rel)


def _done_event(config: Config, event: Event, today: date) -> Change:
    """The event's own open task with the earliest due date (what ``due`` lists under its title)."""
    mine = sorted((t for t in event.own_tasks if t.status == "open" and t.due is not None and not t.waiting),
                  key=lambda t: (t.due or today, t.line))
    if not mine:
        raise ResolveError(f"nothing of {event.title}'s to tick off: no open task of the event with a date; "
                            f"name the task: relnotes done {_q(event.title)} \"…\"")
    return tick(config, event, mine[0], event.path, today)


def _done_hidden(config: Config, contact: Contact, today: date) -> Change:
    """The most urgent of what ``due`` does not list (the contact is paused, archived or snoozed,
    the item went stale or lies beyond the window): its follow_up or its open promise with the
    earliest date, the follow_up first on a tie; an error when the note holds neither."""
    work: list[tuple[date, int, Task | None, str]] = []
    if contact.follow_up is not None:
        work.append((contact.follow_up, 0, None, contact.path))
    work += [(t.due, 1 + n, t, rel) for n, (t, rel) in enumerate(_open_tasks(contact))
             if t.due is not None and not t.waiting]
    if not work:
        raise ResolveError(
            f"nothing of {contact.name}'s to tick off: no open promise with a date and no follow_up; "
            f"to record a follow-up, use: relnotes log {_q(contact.name)} sent \"…\""
        )
    _, _, task, rel = min(work, key=lambda w: (w[0], w[1]))
    return clear_follow_up(config, contact) if task is None else tick(config, contact, task, rel, today)


def _q(name: str) -> str:
    return f'"{name}"' if " " in name else name


def _edit(config: Config, rel: str, edit: Callable[[str], str], message: str) -> Change:
    """Read the note and run a pure text edit on it; a refusal names the file."""
    note = _read(config, rel)
    try:
        text = edit(note.text)
    except NoteError as exc:
        raise NoteError(exc.message, path=rel, line=exc.line) from None
    return Change(note, text, message)


def rewrite(config: Config, rel: str, edit: Callable[[str], str], message: str) -> Change:
    """Any pure text edit of one note as a Change (read under its lock in an :func:`editing` block)."""
    return _edit(config, rel, edit, message)


def apply(change: Change, root: Path | None = None) -> bool:
    """Write the change (atomic, refused if the file changed since it was read).

    With the vault ``root``: only inside it, and under the note's lock (already held in an
    :func:`editing` block), so no other relnotes writes between the last check and the rename.
    """
    if root is None or change.text == change.note.text:
        return write_note(change.note, change.text, root=root)
    with note_lock(root, change.path):
        return write_note(change.note, change.text, root=root)


def review(config: Config, contact: Contact, line: str, day: int, tier: str | None = None,
           status: str | None = None) -> Change:
    """Append the review line to the Log and, when given, set ``tier:`` and ``status:``: one
    change, so one atomic write (SPEC 6.1)."""
    def edit(text: str) -> str:
        text = append_to_section(text, "Log", line)
        if tier is not None and tier != contact.tier:
            text = set_key(text, "tier", tier)
        if status is not None and status != contact.status:
            text = set_key(text, "status", status)
        return text

    message = f"review: {contact.name} — day {day}"
    if tier is not None and tier != contact.tier:
        message += f"; tier {contact.tier} → {tier}"
    if status is not None and status != contact.status:
        message += f"; status {contact.status} → {status}"
    return _edit(config, contact.path, edit, message)

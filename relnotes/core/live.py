"""An index kept current one note at a time, for watch mode.

A full rebuild links every note again and runs the rules for every contact: about a second
at 10k contacts + 10k events. Most changes are to one note's content (a log line added, a
task ticked, a debrief's people list), and such a change cannot alter how any other note's
references resolve. For those, the contact, event or daily note is re-linked in place and
only the contacts it touches get their candidates worked out again. Anything else (a note
added, removed or renamed, a name, title, alias, email or phone changed, a note skipped or no longer
skipped, a note changing kind) rebuilds everything. tests/test_live.py checks, after every
step of random edits, that the items and problems equal those of a fresh build.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from relnotes.core.index import (
    DUPLICATE,
    Index,
    index_notes,
    link_contact,
    link_daily,
    link_event,
    make_contact,
    make_event,
    name_keys,
    problem_key,
)
from relnotes.core.model import Contact, DueItem, Note, Problem
from relnotes.core.rules import Candidate, contact_candidates, event_candidates, ghost_candidates, years_for
from relnotes.core.settings import Config

GHOSTS = "\0ghosts"  # the owner of first follow-ups for people with no note


class LiveIndex:
    """The vault's index and due candidates, updated by :meth:`update` as notes change."""

    def __init__(self, config: Config, notes: dict[str, Note], scan_problems: list[Problem], today: date) -> None:
        self.config = config
        self.notes = notes  # path -> Note, kept current by the caller (NoteSet.refresh)
        self.scan_problems = scan_problems
        self.years = years_for(today)
        self.full_rebuilds = 0
        self.rebuild()

    # -- building ------------------------------------------------------------------------

    def rebuild(self) -> None:
        self.full_rebuilds += 1
        self.index = index = index_notes(self.notes, self.scan_problems, self.config)
        self._contact_at = {c.path: n for n, c in enumerate(index.contacts)}
        self._event_at = {e.path: n for n, e in enumerate(index.events)}
        self._note_at = {note.path: n for n, note in enumerate(index.notes)}
        self._met_at: dict[str, set[str]] = {}  # event path -> the contacts whose met_at is that event
        self._own: tuple[str, int, int] = ("", 0, 0)  # the note _swap_note changed: path, its run, the tail
        for contact in index.contacts:
            if contact.met_at_event is not None:
                self._met_at.setdefault(contact.met_at_event.path, set()).add(contact.path)
        self.by_owner: dict[str, list[Candidate]] = {}
        for contact in index.contacts:  # in the order rules.candidates makes them
            self.by_owner[contact.path] = contact_candidates(contact, self.config, self.years)
        self.by_owner[GHOSTS] = ghost_candidates(index.events, self.config)
        for event in index.events:
            self.by_owner[event.path] = event_candidates(event, self.config)
        self._rank = {owner: n for n, owner in enumerate(self.by_owner)}  # a full build's order
        self._day: date | None = None
        self._day_items: dict[str, list[tuple[str, DueItem]]] = {}
        self._keys: list[str] = []  # the day's items' sort keys, sorted
        self._items: list[DueItem] = []  # the items, in the same order
        self._dirty: set[str] = set()

    def set_scan_problems(self, problems: list[Problem]) -> None:
        """What a new walk of the vault found (broken or looping links), in place of the old."""
        old = {id(p) for p in self.scan_problems}
        self.index.problems = [p for p in self.index.problems if id(p) not in old] + problems
        self.index.problems.sort(key=problem_key)
        self.scan_problems = problems

    def items(self, today: date) -> list[DueItem]:
        """Every item shown on ``today``, in display order (as ``rules.due_items``).

        The day's items are kept sorted; when a note changes, only its owners' items are
        taken out and put back in (by bisection), not the whole list sorted again. Each
        item's sort key ends with its owner's place in a full build and its own, so the
        order is exactly that of a full build, ties included."""
        if today.year not in (self.years.start + 1, self.years.stop - 2):
            self.years = years_for(today)
            self.rebuild()
        if self._day != today:
            self._day, self._dirty = today, set()
            self._day_items = {owner: self._keyed(owner, today) for owner in self.by_owner}
            pairs = sorted((pair for pairs in self._day_items.values() for pair in pairs), key=_first)
            self._keys = [key for key, _ in pairs]
            self._items = [item for _, item in pairs]
        keys, items = self._keys, self._items
        for owner in sorted(self._dirty):
            for key, _ in self._day_items.get(owner, []):
                at = bisect_left(keys, key)
                del keys[at], items[at]  # keys are unique: this is the item
            self._day_items[owner] = fresh = self._keyed(owner, today)
            for key, item in fresh:
                at = bisect_right(keys, key)
                keys.insert(at, key)
                items.insert(at, item)
        self._dirty.clear()
        return list(items)

    def _keyed(self, owner: str, today: date) -> list[tuple[str, DueItem]]:
        rank = self._rank[owner]
        items = [c.at(today) for c in self.by_owner[owner] if c.shown(today)]
        return [(f"{_flat_key(item)}{FLAT_SEP}{rank:09d}{n:06d}", item) for n, item in enumerate(items)]

    def _set(self, owner: str, found: list[Candidate]) -> None:
        self.by_owner[owner] = found
        self._dirty.add(owner)

    # -- updating ------------------------------------------------------------------------

    def update(self, rels: list[str]) -> bool:
        """Bring the index in line with ``self.notes`` for these changed paths; whether it
        was done in place (False: a full rebuild was needed)."""
        if len(rels) == 1 and self._in_place(rels[0]):
            return True
        self.rebuild()
        return False

    def _in_place(self, rel: str) -> bool:
        at = self._note_at.get(rel)
        new = self.notes.get(rel)
        if at is None or new is None:
            return False  # added or removed
        old = self.index.notes[at]
        if old.kind != new.kind or old.skipped or new.skipped:
            return False
        if new.kind == "contact":
            return self._contact(at, old, new)
        if new.kind == "event":
            return self._event(at, old, new)
        if new.kind == "daily":
            return self._daily(at, old, new)
        self._swap_note(at, new)
        self._sort_own()
        return True

    def _swap_note(self, at: int, new: Note, keep: Any = None) -> None:
        """Put ``new`` in place of the old note and its own problems (keeping those ``keep`` says).

        Problems are sorted by file, so the note's own are one run, found by bisection: the
        kept ones stay there, the new ones (and whatever linking the note adds) go at the end
        until :meth:`_sort_own` puts them in their place. Nothing looks at every problem."""
        index = self.index
        old = index.notes[at]
        index.changes.append(("note", at, tuple(old.mentions) if old.kind == "daily" else None))
        index.notes[at] = new
        problems = index.problems
        lo = bisect_left(problems, new.path, key=_file)
        hi = bisect_right(problems, new.path, lo, key=_file)
        walked = {id(p) for p in self.scan_problems}  # what the walk found stays (a name not UTF-8 beside it)
        problems[lo:hi] = [p for p in problems[lo:hi] if id(p) in walked or (keep is not None and keep(p))]
        self._own = (new.path, lo, len(problems))  # the run starts at lo; what follows the length is added
        problems.extend(new.problems)

    def _sort_own(self) -> None:
        """The changed note's problems back in their place and order: exactly what sorting the
        whole list by ``problem_key`` would do, as only that note's problems changed."""
        path, lo, tail = self._own
        problems = self.index.problems
        added = problems[tail:]
        if any(p.file != path for p in added):  # (never: linking files a problem under its own note)
            problems.sort(key=problem_key)
            return
        hi = bisect_right(problems, path, lo, tail, key=_file)
        mine = problems[lo:hi] + added  # in list order, as a stable sort keeps ties
        del problems[tail:]
        mine.sort(key=problem_key)
        problems[lo:hi] = mine

    def _contact(self, at: int, old_note: Note, new_note: Note) -> bool:
        index = self.index
        old = index.contacts[self._contact_at[old_note.path]]
        new = make_contact(new_note)
        if (name_keys(old) != name_keys(new) or _emails(old) != _emails(new) or old.name != new.name
                or old.phones != new.phones):
            return False  # other notes may resolve, or be duplicates, differently now
        new.events, new.mentions, new.debrief_tasks = old.events, old.mentions, old.debrief_tasks
        for event in new.events:
            event.people_contacts[:] = [new if c is old else c for c in event.people_contacts]
        index.resolver.replace(old, new)
        index.changes.append(("contact", self._contact_at[new.path], None))
        index.contacts[self._contact_at[new.path]] = new
        self._swap_note(at, new_note, keep=lambda p: p.message.startswith(DUPLICATE))
        _move_duplicates(index, new_note, self._own[1])
        if old.met_at_event is not None:
            self._met_at.get(old.met_at_event.path, set()).discard(old.path)
        link_contact(index, new)
        if new.met_at_event is not None:
            self._met_at.setdefault(new.met_at_event.path, set()).add(new.path)
        self._sort_own()
        self._set(new.path, contact_candidates(new, self.config, self.years))
        return True

    def _event(self, at: int, old_note: Note, new_note: Note) -> bool:
        index = self.index
        old = index.events[self._event_at[old_note.path]]
        new = make_event(new_note)
        if name_keys(old) != name_keys(new) or old.title != new.title:
            return False  # (a title in other letter case: the agenda's links show it, so rebuild)
        touched: dict[str, Contact] = {c.path: c for c in old.people_contacts}
        for contact in old.people_contacts:
            contact.events[:] = [e for e in contact.events if e is not old]
        for path in sorted(self._met_at.get(old.path, ())):
            contact = index.contacts[self._contact_at[path]]
            contact.met_at_event = new
            touched[contact.path] = contact
        for contact in self._named(t for task in old.note.tasks for t in task.links):
            if any(e is old for _, e in contact.debrief_tasks):
                contact.debrief_tasks[:] = [(t, e) for t, e in contact.debrief_tasks if e is not old]
                touched[contact.path] = contact
        index.resolver.replace(old, new)
        index.changes.append(("event", self._event_at[new.path], None))
        index.events[self._event_at[new.path]] = new
        self._swap_note(at, new_note)
        link_event(index, new)
        for contact in new.people_contacts:
            touched[contact.path] = contact
        for contact in self._named(t for task in new_note.tasks for t in task.links):  # the tasks it gave out
            if any(e is new for _, e in contact.debrief_tasks):
                touched[contact.path] = contact
        for contact in touched.values():
            # a rebuild links events in path order: keep each list in that order
            contact.events.sort(key=lambda e: e.path)
            contact.debrief_tasks.sort(key=lambda te: (te[1].path, te[0].line))
            self._set(contact.path, contact_candidates(contact, self.config, self.years))
        self._sort_own()
        self._set(new.path, event_candidates(new, self.config))
        if (old.ghosts, old.date, old.note.field_lines.get("people")) != \
                (new.ghosts, new.date, new_note.field_lines.get("people")):
            # a person with no note is followed up from the newest event naming them: only what
            # an event says of them (names, date, the line) can change those (over every event)
            self._set(GHOSTS, ghost_candidates(index.events, self.config))
        return True

    def _daily(self, at: int, old_note: Note, new_note: Note) -> bool:
        index = self.index
        path = new_note.path
        touched: dict[str, Contact] = {}
        for contact in self._named(old_note.mentions):
            if any(p == path for _, p in contact.mentions):
                contact.mentions[:] = [(w, p) for w, p in contact.mentions if p != path]
                touched[contact.path] = contact
        self._swap_note(at, new_note)
        link_daily(index, new_note)
        for contact in self._named(new_note.mentions):
            if any(p == path for _, p in contact.mentions):
                touched[contact.path] = contact
        for contact in touched.values():
            contact.mentions.sort(key=lambda m: m[1])
            self._set(contact.path, contact_candidates(contact, self.config, self.years))
        self._sort_own()
        return True

    # Which contacts a note can have touched, found through the resolver as linking finds them
    # (names do not change in place: an edit that changes one rebuilds), not by looking through
    # every contact: at 50k contacts that look took most of an edit's time.

    def _named(self, targets: Iterable[str]) -> list[Contact]:
        """Every contact these links name, each once: a superset of those an event's tasks gave
        work to, or a daily note was counted for."""
        found: dict[str, Contact] = {}
        for target in dict.fromkeys(targets):
            for contact in self.index.resolve_contact(target):
                found.setdefault(contact.path, contact)
        return list(found.values())


def _flat_key(item: DueItem) -> str:
    """``DueItem.sort_key`` as one string, which sorts the same and several times faster than
    a tuple (watch mode sorts a day's items by it, and bisects them on every change). Each
    part is written as text that sorts as the part does (``_FLAT``), with FLAT_SEP between."""
    return FLAT_SEP.join([_FLAT[type(part)](part) for part in item.sort_key()])


FLAT_SEP = "\0\0"  # sorts before anything a part can hold, so a shorter part sorts first
_FLAT: dict[type, Callable[[Any], str]] = {
    date: date.isoformat,  # ten characters, years 1 to 9999
    int: "{:09d}".format,  # a tier's rank: small, never negative
    str: lambda text: text.replace("\0", "\0\1"),  # a NUL of its own still sorts before any other character
}


def _first(pair: tuple[str, DueItem]) -> str:
    return pair[0]


def _file(problem: Problem) -> str:
    return problem.file


def _move_duplicates(index: Index, note: Note, lo: int) -> None:
    """A kept duplicate-contact problem points at the line its field is on now (the note's own
    problems start at ``lo``)."""
    problems = index.problems
    n = lo
    while n < len(problems) and problems[n].file == note.path:
        problem = problems[n]
        if problem.message.startswith(DUPLICATE):
            field = next((f for f in ("email", "phone") if problem.message.startswith(f"{DUPLICATE}{f}")), "name")
            problems[n] = Problem(problem.file, note.field_lines.get(field), problem.message, problem.skipped)
        n += 1


def _emails(contact: Contact) -> list[str]:
    return [e.casefold() for e in contact.emails]



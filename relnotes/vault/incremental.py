"""Catching the cache up with a few edited notes without reading the vault again.

The full read (:mod:`relnotes.vault.duecache`) stores, beside the notes and the candidates,
the incremental model of :mod:`relnotes.core.owners`: each note's link surface, the keys
each note defines, every owner's dependencies. When the walk finds only notes whose size or
mtime changed (none added or removed), and each re-read note keeps its surface, then no
reference resolves otherwise than before: only the owners that depend on those notes can
have other candidates, and only those notes other problems. They are recomputed from a small
index of the notes they need (their dependencies, and every note defining a name any of
those references, so each lookup finds what it found in the whole vault), in one
transaction. Anything else (a note added, removed, renamed, or with another name, alias,
email, phone, people list or link) returns None: the caller reads the vault.
"""

from __future__ import annotations

import time
from array import array
from datetime import date
from operator import itemgetter
from typing import Any

from relnotes.core.index import Index, index_notes
from relnotes.core.model import Contact, Note, Problem
from relnotes.core.owners import DUP, Owner, dup_keys, item_of, owners, reference_keys, summary
from relnotes.core.rules import Candidate, years_for
from relnotes.core.settings import Config
from relnotes.core.shown import json_parts
from relnotes.vault.cache import ITEM_COLUMNS, SEP, Cache, Facts, NoteFacts, dump_note, stored_order
from relnotes.vault.cachefile import ORDER_COLUMNS, WalkKeys
from relnotes.vault.load import RACY_INO, RACY_NS, read_entry
from relnotes.vault.scan import Entry

TAG_SEP = "\x1f"
OPEN_END = "9999-12-31"  # shown_until of a candidate that never goes stale
MAX_SHARE = 5  # more than one note in this many to redo (and more than MIN_LIMIT): read the vault
MIN_LIMIT = 200


def item_row(owner: Owner, seq: int, c: Candidate, tags: dict[str, frozenset[str]]) -> tuple[Any, ...]:
    """A candidate as a row of the cache's items table (``ITEM_COLUMNS``, then ``ORDER_COLUMNS``)."""
    return (
        c.shown_until.isoformat() if c.shown_until else OPEN_END,
        owner.key,
        owner.rank,
        seq,
        c.shown_from.isoformat() if c.shown_from else None,
        c.contact, c.file, c.reason, c.tier, c.email, c.source,
        TAG_SEP.join(sorted(tags.get(c.file, ()))),
        *_json(c),
        *stored_order(c.sort_key()),
    )


def _json(c: Candidate) -> tuple[str, str | None]:
    """The item's ``due --json`` text around its days_overdue, the reason's tokens left in; no
    second part when another field holds the token characters (only the reason is written out)."""
    head, rest = json_parts(c.contact, c.due.isoformat(), c.email, c.file, c.kind, c.reason, c.tier)
    others = (c.contact, c.email or "", c.file, c.kind, c.tier or "")
    return head, None if any("\ue000" in text for text in others) else rest


def item_rows(found: list[Owner], tags: dict[str, frozenset[str]], years: range) -> list[tuple[Any, ...]]:
    """The rows of these owners' candidates, but for those no day the stored set serves (the
    first two of ``years``) can show: stale before it starts."""
    first = date(years.start + 1, 1, 1)
    rows = [item_row(o, seq, c, tags) for o in found for seq, c in enumerate(o.candidates)
            if c.shown_until is None or c.shown_until >= first]
    rows.sort(key=_item_key)  # inserted in the table's key order: appends to its B-tree
    return rows


_KEY = itemgetter(*(len(ITEM_COLUMNS) + n for n in range(len(ORDER_COLUMNS))), 2, 3)


def _item_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return _KEY(row)  # ORDER_COLUMNS, rank, seq: the items table's primary key


def contact_tags(index: Index) -> dict[str, frozenset[str]]:
    return {c.path: frozenset(t.casefold() for t in c.tags) for c in index.contacts}


ProblemRow = tuple[str, int | None, str, bool, str]


def problem_rows(problems: list[Problem], notes: set[str] | dict[str, Note]) -> list[ProblemRow]:
    """Problems as rows, each with the note it belongs to ("" for what the walk found)."""
    return [(p.file, p.line, p.message, p.skipped, p.file if p.file in notes else "") for p in problems]


def note_facts(note: Note) -> NoteFacts:
    digest, defined, refs = summary(note)
    return (note.path, digest, SEP.join(sorted(defined)), SEP.join(sorted(refs)))


def facts(index: Index, found: list[Owner]) -> Facts:
    return [note_facts(note) for note in index.notes], [(o.key, SEP.join(o.deps)) for o in found]


def catch_up(cache: Cache, config: Config, entries: list[Entry], scan_problems: list[Problem], state: str,
             key: str, today_year: int, walk: WalkKeys) -> bool:
    """Bring the stored candidates and problems up to date with the vault, if only a few notes
    changed; False (nothing written) otherwise."""
    if cache.meta("facts") != "1" or cache.meta("config") != key or cache.meta("notes_key") != key:
        return False
    first, last = cache.meta("first_year"), cache.meta("last_year")
    if first is None or last is None or not int(first) <= today_year <= int(last):
        return False
    years = years_for(date(int(first), 1, 1))  # the years the stored candidates were made for
    cache.begin()  # the write lock first: what is read below cannot change before the write
    try:
        done = _catch_up(cache, config, entries, scan_problems, state, years, walk)
        if done:
            cache.commit()
        return done
    finally:
        cache.rollback()


def _diff(cache: Cache, entries: list[Entry], walk: WalkKeys) -> tuple[list[int], list[str], set[str]]:
    """Where the walk's notes differ from the stored ones: the places of changed and new
    entries, the paths of removed notes, and which changed ones were stored before. From the
    stored walk when the paths are the same (bytes compared), else note by note."""
    old = cache.walk()
    places = walk.changed_since(old) if old is not None else None
    if places is not None:
        marked = array("q")
        marked.frombytes(old.sizes)  # type: ignore[union-attr]
        return places, [], {entries[i].rel for i in places if marked[i] != -1}
    stored = cache.note_keys()
    places = [i for i, e in enumerate(entries) if stored.get(e.rel) != (e.size, e.mtime_ns, e.ino)]
    present = {e.rel for e in entries}
    removed = [rel for rel in stored if rel not in present]
    return places, removed, {entries[i].rel for i in places if entries[i].rel in stored}


def _catch_up(cache: Cache, config: Config, entries: list[Entry], scan_problems: list[Problem], state: str,
              years: range, walk: WalkKeys) -> bool:
    if cache.meta("facts") != "1":  # another process wrote meanwhile
        return False
    places, removed, existed = _diff(cache, entries, walk)
    changed = [entries[i] for i in places]
    limit = max(len(entries) // MAX_SHARE, MIN_LIMIT)
    if len(changed) + len(removed) > limit:
        return False
    fresh: dict[str, Note] = {}
    for entry in changed:
        note = read_entry(entry, config)
        if note.transient:
            return False
        fresh[entry.rel] = note
    plan = _plan(cache, fresh, removed, existed)
    if plan is None or len(plan.owners) > 2 * limit:
        return False
    index = _small_index(cache, config, fresh, plan)
    if index is None:
        return False
    found = [o for o in owners(index, years, config) if o.key in plan.owners]
    racy = _store(cache, changed, fresh, removed, plan, found, index, scan_problems, state, years)
    cache.put_walk(walk.not_current(i for i in places if entries[i].rel in racy) if racy else walk)
    return True


class Plan:
    """What a catch-up recomputes: the owners, the notes whose problems may differ, and the
    notes the small index needs beyond the re-read ones."""

    def __init__(self) -> None:
        self.owners: set[str] = set()
        self.problem_notes: set[str] = set()
        self.needed: set[str] = set()
        self.facts: list[NoteFacts] = []
        self.removed: set[str] = set()


def _plan(cache: Cache, fresh: dict[str, Note], removed: list[str], existed: set[str]) -> Plan | None:
    """Work out what to recompute. The re-read notes' new facts replace their old ones first
    (within the transaction), so the lookups below see the vault as it is now."""
    plan = Plan()
    plan.removed = set(removed)
    before = cache.note_facts([*fresh, *removed])
    if not before.keys() >= plan.removed | existed:
        return None
    plan.facts = [note_facts(note) for note in fresh.values()]
    moved_keys: set[str] = set()  # keys whose defining notes changed
    moved_refs: set[str] = set()  # keys looked up by notes that changed their lookups
    for path, surf, keys, refs in plan.facts:
        old = before.get(path)
        if old is not None and old[0] == surf:
            continue
        old_keys, old_refs = (old[1], old[2]) if old is not None else (set(), set())
        moved_keys |= old_keys | set(keys.split(SEP) if keys else [])
        moved_refs |= old_refs | set(refs.split(SEP) if refs else [])
    for path in removed:
        moved_keys |= before[path][1]
        moved_refs |= before[path][2]
    cache.drop_note_facts([*fresh, *removed])
    cache.put_note_facts(plan.facts)
    # the notes whose problems may differ: the re-read ones, those whose lookups find other
    # notes now, and those in a duplicate group that changed
    relinked = cache.paths_referencing(moved_keys)
    relinked |= cache.paths_named(k for k in moved_keys if k.startswith(DUP))
    plan.problem_notes = (set(fresh) | relinked) - set(removed)
    # the owners: those depending on any note that changed or is relinked, the owners of the
    # notes changed lookups point at (old or new), people listed without a note of those names
    owner_notes = set(fresh) | relinked | cache.paths_named(moved_refs | moved_keys)
    plan.owners = cache.owners_of([*plan.problem_notes, *removed, *owner_notes])
    plan.owners |= {prefix + path for path in owner_notes - set(removed) for prefix in ("c:", "e:")}
    plan.owners |= {"g:" + k + tail for k in moved_refs | moved_keys if not k.startswith(DUP) for tail in ("", ".md")}
    plan.needed = set(plan.problem_notes) | (owner_notes - set(removed))
    return plan


def _store(cache: Cache, changed: list[Entry], fresh: dict[str, Note], removed: list[str], plan: Plan,
           found: list[Owner], index: Index, scan_problems: list[Problem], state: str, years: range) -> set[str]:
    """Write the catch-up; the paths stored as racy (to be read again next time)."""
    racy_paths: set[str] = set()
    now = time.time_ns()
    blobs = []
    for entry in changed:
        ino = entry.ino
        if abs(now - entry.mtime_ns) < RACY_NS:
            ino = RACY_INO  # read it again next time (it alone)
            racy_paths.add(entry.rel)
        blobs.append((entry.rel, entry.size, entry.mtime_ns, ino, dump_note(fresh[entry.rel])))
    cache.put_notes(blobs, removed)
    cache.drop_owners(plan.owners)
    cache.put_owners([(o.key, SEP.join(o.deps)) for o in found])
    problem_notes = plan.problem_notes | set(removed)
    mine = [p for p in index.problems if p.file in plan.problem_notes]
    cache.put_answer(item_rows(found, contact_tags(index), years), sorted(problem_notes),
                     problem_rows(mine, plan.problem_notes) + problem_rows(scan_problems, set()),
                     {"state": "" if racy_paths else state})
    return racy_paths


def _small_index(cache: Cache, config: Config, fresh: dict[str, Note], plan: Plan) -> Index | None:
    """An index of the notes the plan needs: the re-read ones, the relinked ones, the owners'
    notes with every note that may be among their dependencies (their old ones, and every note
    looking up a key they define), and every note defining a key any of these look up (or that
    a relinked contact's duplicate check compares), so each lookup finds what it would find in
    the whole vault."""
    wanted = set(plan.needed) | set(fresh)
    deps = cache.deps_of(plan.owners)
    wanted |= {dep for found in deps.values() for dep in found}
    owner_paths = {o[2:] for o in plan.owners if o[:2] in ("c:", "e:")}
    keys: set[str] = set()
    for _surface, defined, _refs in cache.note_facts(owner_paths).values():
        keys |= defined
    keys |= {o[2:].removesuffix(".md") for o in plan.owners if o.startswith("g:")}
    wanted |= cache.paths_referencing(k for k in keys if not k.startswith(DUP))
    wanted -= plan.removed
    notes = dict(cache.stored_notes(wanted - fresh.keys()))
    notes.update(fresh)
    if not wanted <= notes.keys():
        return None
    look: set[str] = set()
    for note in notes.values():
        look |= reference_keys(note)
    for path in plan.problem_notes:
        item = item_of(notes[path])
        if isinstance(item, Contact):
            look |= dup_keys(item)
    more = cache.paths_named(look) - notes.keys()
    notes.update(cache.stored_notes(more))
    if not more <= notes.keys():
        return None
    return index_notes(notes, [], config)

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
from datetime import date
from typing import Any

from relnotes.core.index import Index, index_notes
from relnotes.core.model import Contact, Note, Problem
from relnotes.core.owners import Owner, defined_keys, dup_keys, item_of, owners, reference_keys, surface
from relnotes.core.rules import Candidate, years_for
from relnotes.core.settings import Config
from relnotes.vault.cache import SEP, Cache, Facts, dump_note, stored_order
from relnotes.vault.load import RACY_INO, RACY_NS, read_entry
from relnotes.vault.scan import Entry

TAG_SEP = "\x1f"
OPEN_END = "9999-12-31"  # shown_until of a candidate that never goes stale
MAX_SHARE = 5  # more than one note in this many changed: reading the vault is no slower


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
        *stored_order(c.sort_key()),
    )


def item_rows(found: list[Owner], tags: dict[str, frozenset[str]]) -> list[tuple[Any, ...]]:
    return [item_row(o, seq, c, tags) for o in found for seq, c in enumerate(o.candidates)]


def contact_tags(index: Index) -> dict[str, frozenset[str]]:
    return {c.path: frozenset(t.casefold() for t in c.tags) for c in index.contacts}


ProblemRow = tuple[str, int | None, str, bool, str]


def problem_rows(problems: list[Problem], notes: set[str] | dict[str, Note]) -> list[ProblemRow]:
    """Problems as rows, each with the note it belongs to ("" for what the walk found)."""
    return [(p.file, p.line, p.message, p.skipped, p.file if p.file in notes else "") for p in problems]


def facts(index: Index, found: list[Owner]) -> Facts:
    surfaces = [(note.path, surface(note)) for note in index.notes]
    names = [(key, note.path) for note in index.notes for key in defined_keys(note)]
    deps = [(dep, o.key) for o in found for dep in o.deps]
    owner_deps = [(o.key, SEP.join(o.deps)) for o in found]
    return surfaces, names, deps, owner_deps


def catch_up(cache: Cache, config: Config, entries: list[Entry], scan_problems: list[Problem], state: str,
             key: str, today_year: int) -> bool:
    """Bring the stored candidates and problems up to date with the vault, if only a few notes
    changed and none of them changed its link surface; False (nothing written) otherwise."""
    if cache.meta("facts") != "1" or cache.meta("config") != key or cache.meta("notes_key") != key:
        return False
    first, last = cache.meta("first_year"), cache.meta("last_year")
    if first is None or last is None or not int(first) <= today_year <= int(last):
        return False
    years = years_for(date(int(first), 1, 1))  # the years the stored candidates were made for
    cache.begin()  # the write lock first: what is read below cannot change before the write
    try:
        done = _catch_up(cache, config, entries, scan_problems, state, years)
        if done:
            cache.commit()
        return done
    finally:
        cache.rollback()


def _catch_up(cache: Cache, config: Config, entries: list[Entry], scan_problems: list[Problem], state: str,
              years: range) -> bool:
    if cache.meta("facts") != "1":  # another process wrote meanwhile
        return False
    stored = cache.note_keys()
    if len(stored) != len(entries):
        return False  # notes added or removed
    changed = [e for e in entries if stored.get(e.rel) != (e.size, e.mtime_ns, e.ino)]
    if any(e.rel not in stored for e in changed) or len(changed) * MAX_SHARE > len(entries):
        return False
    fresh: dict[str, Note] = {}
    for entry in changed:
        note = read_entry(entry, config)
        if note.transient:
            return False
        fresh[entry.rel] = note
    before = cache.surfaces(fresh)
    if any(before.get(rel) != surface(note) for rel, note in fresh.items()):
        return False
    hit = cache.owners_of(fresh)
    deps = cache.deps_of(hit)
    if deps.keys() != hit:
        return False
    index = _small_index(cache, config, fresh, {dep for found in deps.values() for dep in found})
    if index is None:
        return False
    found = [o for o in owners(index, years, config) if o.key in hit]
    if {o.key for o in found} != hit:
        return False
    racy = False
    now = time.time_ns()
    blobs = []
    for entry in changed:
        ino = entry.ino
        if abs(now - entry.mtime_ns) < RACY_NS:
            racy, ino = True, RACY_INO  # read it again next time (it alone)
        blobs.append((entry.rel, entry.size, entry.mtime_ns, ino, dump_note(fresh[entry.rel])))
    mine = [p for p in index.problems if p.file in fresh]
    cache.catch_up(
        changed=blobs,
        owners=sorted(hit),
        items=item_rows(found, contact_tags(index)),
        deps=[(dep, o.key) for o in found for dep in o.deps],
        owner_deps=[(o.key, SEP.join(o.deps)) for o in found],
        problem_notes=sorted(fresh),
        problems=problem_rows(mine, fresh) + problem_rows(scan_problems, set()),
        meta={"state": "" if racy else state},
    )
    return True


def _small_index(cache: Cache, config: Config, fresh: dict[str, Note], deps: set[str]) -> Index | None:
    """An index of the re-read notes, the owners' dependencies, and every note defining a key
    any of them looks up (or that a re-read contact's duplicate check compares)."""
    notes = dict(cache.stored_notes(deps - fresh.keys()))
    notes.update(fresh)
    if not deps <= notes.keys():
        return None
    keys: set[str] = set()
    for note in notes.values():
        keys |= reference_keys(note)
    for note in fresh.values():
        item = item_of(note)
        if isinstance(item, Contact):
            keys |= dup_keys(item)
    more = cache.paths_named(keys) - notes.keys()
    notes.update(cache.stored_notes(more))
    if not more <= notes.keys():
        return None
    return index_notes(notes, [], config)

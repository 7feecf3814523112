"""What ``relnotes due`` needs of the vault on one day: its items and its problems.

When the vault's state (every file's path, size and mtime, and the configuration) is the
one the cache stored candidates for, they are read straight from SQLite and no note is
opened, parsed or even imported. When only a few notes were edited, and none of them changed
how notes link (:mod:`relnotes.vault.incremental`), only those are read and only the
candidates that depend on them are worked out again. Otherwise the vault is read (through
the cache's parsed notes), the candidates are worked out again and stored for the next run.
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from relnotes.core.model import DueItem, Problem, ProblemSummary
from relnotes.core.rules import render_reason, years_for
from relnotes.core.settings import Config
from relnotes.vault.cache import Cache, Warn, with_cache_or_without
from relnotes.vault.cachefile import CacheError, WalkKeys, config_key, order_ties, stored_json, walk_state
from relnotes.vault.scan import NotePaths, Progress, scan
from relnotes.vault.warm import Walked, stored_settings

if TYPE_CHECKING:
    from relnotes.core.index import Index

TAG_SEP = "\x1f"


@dataclass
class Snapshot:
    items: list[DueItem]  # shown on the day and due by the horizon, in display order
    problems: ProblemSummary  # what the warning line says (the list itself is `relnotes check`'s)
    tags: dict[str, frozenset[str]] = field(default_factory=dict)  # contact file -> casefolded tags
    index: Index | None = None  # the index, when the vault had to be read (None: answered by the cache)
    json: list[str] | None = None  # with ``as_texts``, the items as due --json writes each (then items is empty)


def due_snapshot(config: Config, today: date, horizon: date, *, warn: Warn, progress: Progress | None = None,
                 use_cache: bool = True, walked: Walked | None = None, as_texts: bool = False) -> Snapshot:
    """``walked``: the vault's walk, made moments ago by the warm answer (used when it was made for
    this vault and folder rule: it was, unless the configuration changed). ``as_texts``: when the
    cache answers, the items as ``due --json`` writes them (``Snapshot.json``), not as items."""
    if walked is not None and not walked.fits(str(config.root), NotePaths.of(config)):
        walked = None
    if not use_cache:
        return _snapshot(config, today, horizon, warn, progress, None, walked, as_texts)
    once = [walked]  # a second try (the cache was damaged) walks again
    return with_cache_or_without(config, warn, lambda cache: _snapshot(config, today, horizon, warn, progress, cache,
                                                                       once.pop() if once else None, as_texts))


def _snapshot(config: Config, today: date, horizon: date, warn: Warn, progress: Progress | None,
              cache: Cache | None, walked: Walked | None = None, as_texts: bool = False) -> Snapshot:
    if walked is not None:  # walked, keyed and hashed moments ago, the same way
        (entries, scan_problems), walk, state = walked.scanned, walked.keys, walked.state
    else:
        with _no_collection():  # the walk makes a tuple per note and no cycles: nothing to collect
            entries, scan_problems = scan(config)
            walk, state = walk_state(entries, scan_problems)
    key = config_key(config.source)
    if cache is not None:
        try:
            found = _from_cache(cache, state, key, today, horizon, as_texts)
        except (sqlite3.Error, CacheError) as exc:
            warn(f"the cache could not be read ({exc}); reading every note")
            found = None
        if found is not None:
            return found
        found = _caught_up(cache, config, entries, scan_problems, state, key, today, horizon, warn, walk, as_texts)
        if found is not None:
            return found
    from relnotes.core.owners import owners
    from relnotes.vault.incremental import contact_tags, facts, item_rows, problem_rows
    from relnotes.vault.load import NoteSet, no_gc

    with no_gc():
        notes = NoteSet(config, cache, warn, notes_key=key)
        notes.load_all(progress, (entries, scan_problems))
        index = notes.index()
        years = years_for(today)
        found_owners = owners(index, years, config)
        tags = contact_tags(index)
        notes.save(
            {"state": state, "config": key, "first_year": str(years.start + 1), "last_year": str(years.stop - 2),
             **stored_settings(config)},
            item_rows(found_owners, tags, years),
            problem_rows(index.problems, notes.notes),
            facts(index, found_owners) if cache is not None else None,
            walk,
        )
        items = sorted((c.at(today) for o in found_owners for c in o.candidates if c.shown(today) and c.due <= horizon),
                       key=DueItem.sort_key)
    return Snapshot(items, ProblemSummary.of(index.problems), tags, index)


@contextmanager
def _no_collection() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _caught_up(cache: Cache, config: Config, entries: list[Any], scan_problems: list[Problem], state: str, key: str,
               today: date, horizon: date, warn: Warn, walk: WalkKeys, as_texts: bool) -> Snapshot | None:
    """The answer after re-reading only the notes that changed, when that is enough."""
    from relnotes.vault.incremental import catch_up
    from relnotes.vault.load import no_gc

    try:
        with no_gc():
            if not catch_up(cache, config, entries, scan_problems, state, key, today.year, walk):
                return None
        return _stored_answer(cache, today, horizon, as_texts)
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            warn(f"the cache could not be updated ({exc}); reading every note")
        return None
    except (sqlite3.Error, CacheError) as exc:
        warn(f"the cache could not be updated ({exc}); reading every note")
        return None


def _from_cache(cache: Cache, state: str, key: str, today: date, horizon: date, as_texts: bool) -> Snapshot | None:
    """The stored answer, when it was computed for this very vault, configuration and year."""
    if not state or cache.meta("state") != state or cache.meta("config") != key:
        return None
    first, last = cache.meta("first_year"), cache.meta("last_year")
    if first is None or last is None or not int(first) <= today.year <= int(last):
        return None
    return _stored_answer(cache, today, horizon, as_texts)


def _stored_answer(cache: Cache, today: date, horizon: date, as_texts: bool) -> Snapshot:
    """The stored candidates shown on ``today`` and due by ``horizon``, and the stored problems."""
    if as_texts:
        texts = stored_json(cache.conn, today, horizon)
        if texts is not None:
            return Snapshot([], cache.problem_summary(), json=texts)
    rows = cache.items(today, horizon)
    memo: dict[str, str] = {}
    items = [DueItem(contact, file, kind, date.fromisoformat(due), render_reason(reason, today, memo),
                     tier, email, source) for contact, file, kind, due, reason, tier, email, source, *_ in rows]
    order_ties(items, rows)
    tags: dict[str, frozenset[str]] = {}
    for row in rows:
        if row[8] and row[1] not in tags:
            tags[row[1]] = frozenset(row[8].split(TAG_SEP))
    del rows  # the items hold what is needed: let the rows go before the output is made
    return Snapshot(items, cache.problem_summary(), tags)

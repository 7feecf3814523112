"""What ``relnotes due`` needs of the vault on one day: its items and its problems.

When the vault's state (every file's path, size and mtime, and the configuration) is the
one the cache stored candidates for, they are read straight from SQLite and no note is
opened, parsed or even imported; otherwise the vault is read (through the cache's parsed
notes), the candidates are worked out again and stored for the next run.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from relnotes.core.model import DueItem, Problem
from relnotes.core.rules import Candidate, candidates, render_reason, years_for
from relnotes.core.settings import Config
from relnotes.vault.cache import (
    Cache,
    CacheError,
    Warn,
    config_key,
    row_order,
    stored_order,
    vault_state,
    with_cache_or_without,
)
from relnotes.vault.load import NoteSet, no_gc
from relnotes.vault.scan import Progress, scan

if TYPE_CHECKING:
    from relnotes.core.index import Index

TAG_SEP = "\x1f"
OPEN_END = "9999-12-31"  # shown_until of a candidate that never goes stale


@dataclass
class Snapshot:
    items: list[DueItem]  # shown on the day and due by the horizon, in display order
    problems: list[Problem]
    tags: dict[str, frozenset[str]] = field(default_factory=dict)  # contact file -> casefolded tags
    index: Index | None = None  # the index, when the vault had to be read (None: answered by the cache)


def due_snapshot(config: Config, today: date, horizon: date, *, warn: Warn, progress: Progress | None = None,
                 use_cache: bool = True) -> Snapshot:
    if not use_cache:
        return _snapshot(config, today, horizon, warn, progress, None)
    return with_cache_or_without(config, warn, lambda cache: _snapshot(config, today, horizon, warn, progress, cache))


def _snapshot(config: Config, today: date, horizon: date, warn: Warn, progress: Progress | None,
              cache: Cache | None) -> Snapshot:
    entries, scan_problems = scan(config)
    rels, _paths, sizes, mtimes, inos = zip(*entries, strict=True) if entries else ((), (), (), (), ())
    state = vault_state(list(rels), list(sizes), list(mtimes), list(inos), (p.format() for p in scan_problems))
    key = config_key(config.source)
    if cache is not None:
        try:
            found = _from_cache(cache, state, key, today, horizon)
        except (sqlite3.Error, CacheError) as exc:
            warn(f"the cache could not be read ({exc}); reading every note")
            found = None
        if found is not None:
            return found
    with no_gc():
        notes = NoteSet(config, cache, warn, notes_key=key)
        notes.load_all(progress, (entries, scan_problems))
        index = notes.index()
        years = years_for(today)
        found_candidates = candidates(index, years, config)
        tags = {c.path: frozenset(t.casefold() for t in c.tags) for c in index.contacts}
        notes.save(
            {"state": state, "config": key, "first_year": str(years.start + 1), "last_year": str(years.stop - 2)},
            [_row(seq, c, tags) for seq, c in enumerate(found_candidates)],
            [(p.file, p.line, p.message, p.skipped) for p in index.problems],
        )
        items = sorted((c.at(today) for c in found_candidates if c.shown(today) and c.due <= horizon),
                       key=DueItem.sort_key)
    return Snapshot(items, list(index.problems), tags, index)


def _from_cache(cache: Cache, state: str, key: str, today: date, horizon: date) -> Snapshot | None:
    """The stored answer, when it was computed for this very vault, configuration and year."""
    if not state or cache.meta("state") != state or cache.meta("config") != key:
        return None
    first, last = cache.meta("first_year"), cache.meta("last_year")
    if first is None or last is None or not int(first) <= today.year <= int(last):
        return None
    rows = cache.items(today, horizon)
    memo: dict[str, str] = {}
    items = [DueItem(contact, file, kind, date.fromisoformat(due), render_reason(reason, today, memo),
                     tier, email, source) for contact, file, kind, due, reason, tier, email, source, *_ in rows]
    _order_ties(items, rows)
    tags: dict[str, frozenset[str]] = {}
    for row in rows:
        if row[8] and row[1] not in tags:
            tags[row[1]] = frozenset(row[8].split(TAG_SEP))
    del rows  # the items hold what is needed: let the rows go before the output is made
    problems = [Problem(*row) for row in cache.problems()]
    return Snapshot(items, problems, tags)


def _order_ties(items: list[DueItem], rows: list[tuple[Any, ...]]) -> None:
    """SQLite ordered the rows by all of the display order but the reason; items alike in all
    that are put in order of their written-out reason here, as ``DueItem.sort_key`` would
    (rare: a contact with two promises due the same day)."""
    start = 0
    for n in range(1, len(items) + 1):
        if n == len(items) or row_order(rows[n]) != row_order(rows[start]):
            if n - start > 1:
                items[start:n] = sorted(items[start:n], key=DueItem.sort_key)
            start = n


def _row(seq: int, c: Candidate, tags: dict[str, frozenset[str]]) -> tuple[Any, ...]:
    """A candidate as a row of the cache's items table (``ITEM_COLUMNS``, then ``ORDER_COLUMNS``)."""
    return (
        c.shown_until.isoformat() if c.shown_until else OPEN_END,
        seq,
        c.shown_from.isoformat() if c.shown_from else None,
        c.contact, c.file, c.reason, c.tier, c.email, c.source,
        TAG_SEP.join(sorted(tags.get(c.file, ()))),
        *stored_order(c.sort_key()),
    )

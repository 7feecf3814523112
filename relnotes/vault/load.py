"""Reading the vault's notes into an index, through the cache: re-reading only what changed."""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from relnotes.core.index import Index, index_notes
from relnotes.core.model import Note, Problem
from relnotes.core.settings import Config
from relnotes.vault.cache import Cache, Facts, Warn, remove_cache, share_strings
from relnotes.vault.cachefile import CacheError, WalkKeys, config_key
from relnotes.vault.read import read_many
from relnotes.vault.scan import (
    MAX_NS,
    MIN_NS,
    Entry,
    NotePaths,
    Progress,
    _inside,
    duplicate_of,
    folder_kind,
    identity,
    scan,
)

if TYPE_CHECKING:
    from relnotes.vault.scan import Scanned

MAX_NOTE_BYTES = 20 * 1024 * 1024


@contextmanager
def no_gc() -> Iterator[None]:
    """Reading a vault makes millions of small, long-lived objects: the cyclic garbage
    collector would walk them all again and again (a third of a cold run's time, and most
    of the rules' time after it). It is off while reading, and what was read is then moved
    out of its sight (``gc.freeze``); reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def read_entry(entry: Entry, config: Config, *, shared: bool = True) -> Note:
    """Read and parse one file; a file that vanished or cannot be read becomes a problem.
    ``shared``: its repeated strings shared (``share_strings``); a worker, which only pickles
    the note for another process, leaves that to the process that keeps it."""
    kind = folder_kind(entry.rel, config)
    stem = entry.rel.rsplit("/", 1)[-1][:-3]
    if entry.size > MAX_NOTE_BYTES:
        message = f"is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MB; skipped"
        return Note(entry.rel, kind or "other", stem, [Problem(entry.rel, None, message, True)], skipped=True)
    try:
        with open(entry.path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:  # deleted while we read the vault
        return Note(entry.rel, "other", stem, skipped=True, transient=True)
    except OSError as exc:
        message = f"cannot read: {exc.strerror}; skipped"
        return Note(entry.rel, kind or "other", stem, [Problem(entry.rel, None, message, True)], skipped=True,
                    transient=True)
    from relnotes.notes.parse import parse_note

    note = parse_note(entry.rel, data, kind, daily_notes=config.daily_notes)
    return share_strings(note) if shared else note


class NoteSet:
    """The vault's parsed notes by path: read all once, then re-read only what changed.

    With a :class:`~relnotes.cache.Cache`, ``load_all`` takes every note whose size and
    mtime match the stored ones from it and parses only the rest; ``pending`` is then what
    the cache needs to catch up, written by :meth:`save`. ``refresh`` is what watch mode
    calls with the paths an observer reported; the index is rebuilt from the parsed notes
    (linking is cheap next to reading and parsing).
    """

    def __init__(self, config: Config, cache: Cache | None = None, warn: Warn | None = None,
                 notes_key: str | None = None) -> None:
        self.config = config
        self.cache = cache
        self.warn = warn or (lambda message: None)
        self.notes: dict[str, Note] = {}
        self.scan_problems: list[Problem] = []
        self.entries: list[Entry] = []
        self.pending: Pending | None = None
        # what a parsed note depends on besides its file (the caller may have worked it out already)
        self.notes_key = notes_key or config_key(config.source)
        self._clear = False
        self.generation: str | None = None  # the cache's, before its notes were read
        self._model = False  # the cache's incremental model is current for the notes it stores
        self._reread: set[str] = set()  # the paths load_all read from disk

    def load_all(self, progress: Progress | None = None, scanned: Scanned | None = None) -> None:
        """Read every note (from the cache where it is current); ``scanned`` is a fresh :func:`scan`."""
        with no_gc():
            self._load_all(progress, scanned)

    def _load_all(self, progress: Progress | None, scanned: Scanned | None) -> None:
        self.entries, self.scan_problems = scanned or scan(self.config)
        self.notes = self._from_cache(self.entries)
        todo = [e for e in self.entries if e.rel not in self.notes]
        read: list[tuple[Entry, Note, bytes | None]] = []
        self._reread = {e.rel for e in todo}
        for entry, note, blob in read_many(todo, self.config, progress, want_blobs=self.cache is not None):
            self.notes[entry.rel] = note
            read.append((entry, note, blob))
        if self.cache is not None:
            self.pending = _pending(self.entries, read, self._stored, self._clear)

    def _from_cache(self, entries: list[Entry]) -> dict[str, Note]:
        """The stored notes still current; none when they were parsed under another
        relnotes.toml (folders, daily notes) or another relnotes."""
        self._stored: dict[str, tuple[int, int, int]] = {}
        self._clear = False
        if self.cache is None:
            return {}
        try:
            self.generation = self.cache.meta("generation") or "0"
            self._model = self.cache.meta("facts") == "1"
            if self.cache.meta("notes_key") != self.notes_key:
                self._clear = True  # parsed under other settings or code: read every note again
                return {}
            self._stored = self.cache.note_keys()
            same = [e.rel for e in entries if self._stored.get(e.rel) == (e.size, e.mtime_ns, e.ino)]
            return dict(self.cache.notes(same)) if same else {}
        except (sqlite3.Error, CacheError) as exc:
            self._drop_cache(f"the cache could not be read ({exc}); reading every note")
            return {}

    def _drop_cache(self, message: str) -> None:
        """Forget a cache that failed mid-run; the next run rebuilds it."""
        self.warn(message)
        if self.cache is not None:
            self.cache.close()
            self.cache = None
            self._stored = {}
            with contextlib.suppress(OSError):
                remove_cache(self.config.root)

    def save(self, meta: dict[str, str], items: list[tuple[Any, ...]] | None = None,
             problems: list[tuple[str, int | None, str, bool, str]] | None = None,
             facts: Facts | None = None, walk: WalkKeys | None = None) -> None:
        """Write what ``load_all`` re-read (and a new snapshot, when given) to the cache; ``walk``
        is the walk's keys (stored with the model, each re-read note not stored as current
        marked to be read again)."""
        if self.cache is None or self.pending is None:
            return
        pending, self.pending = self.pending, None
        if not pending.changed and not pending.removed and items is None and not pending.clear:
            return
        if items is None and self._model and not pending.clear:
            return  # storing the notes alone would make the model useless: the next `due` catches up
        meta = {**meta, "notes_key": self.notes_key}
        if pending.racy:
            meta["state"] = ""  # some file changed just now, or could not be read: look again next time
        if walk is not None:
            current = {rel for rel, _size, _mtime, ino, _blob in pending.changed if ino != RACY_INO}
            reread = self._reread - current
            stale = [i for i, entry in enumerate(self.entries) if entry.rel in reread]
            walk = walk.not_current(stale) if stale else walk
        try:
            self.cache.write(changed=pending.changed, removed=pending.removed, meta=meta, items=items,
                             problems=problems, clear=pending.clear, facts=facts, generation=self.generation,
                             walk=walk)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                self.warn("the cache is busy (another relnotes is writing it); this run did not update it")
            else:
                self._drop_cache(f"the cache could not be written ({exc}); it will be rebuilt")
        except sqlite3.Error as exc:
            self._drop_cache(f"the cache could not be written ({exc}); it will be rebuilt")

    def refresh(self, rels: list[str], walked: dict[str, Entry] | None = None) -> None:
        """Re-read these vault-relative paths; a path that is gone (or no longer a note) is dropped.
        ``walked``: every note a walk just found, by path, to take these from (then a path the
        walk did not find, inside a looping link say, is dropped too)."""
        if walked is not None:
            wanted = {rel: walked[rel] for rel in rels if rel in walked}
        else:
            wanted = {e.rel: e for e in self._entries_for(rels)}
        for rel in rels:
            entry = wanted.get(rel)
            if entry is None:
                self.notes.pop(rel, None)
            else:
                self.notes[rel] = read_entry(entry, self.config)

    def _entries_for(self, rels: list[str]) -> list[Entry]:
        """The entries the walk would make for these paths: notes by :class:`NotePaths`, regular
        files, and inside the vault once every link on the way is followed."""
        paths = NotePaths.of(self.config)
        real_root = os.path.realpath(self.config.root)
        out = []
        for rel in rels:
            if not paths.note(rel):
                continue
            path = self.config.root / rel
            try:
                st = path.stat()
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode) or not _inside(str(path), real_root):
                continue
            roots = (str(self.config.root), real_root)
            if path.is_symlink() and duplicate_of(rel, str(path), roots, paths) is not None:
                continue  # a second name for a note the walk reads under its own (scan._once)
            mtime = min(max(st.st_mtime_ns, MIN_NS), MAX_NS)  # as the walk keeps it
            out.append(Entry(rel, str(path), st.st_size, mtime, identity(st)))
        return out

    def index(self) -> Index:
        return index_notes(self.notes, self.scan_problems, self.config)


def load_index(config: Config, progress: Progress | None = None, cache: Cache | None = None,
               warn: Warn | None = None) -> Index:
    """Scan, read and link the whole vault (through the cache, when there is one)."""
    with no_gc():
        notes = NoteSet(config, cache, warn)
        notes.load_all(progress)
        index = notes.index()
        notes.save({})
    return index


@dataclass
class Pending:
    """What the cache lacks after a read: re-read notes, notes gone, and whether any was racy."""

    changed: list[tuple[str, int, int, int, bytes]]
    removed: list[str]
    racy: bool  # some note changed just now or could not be read: the stored state is not trusted
    clear: bool = False  # the stored notes were parsed under other settings: drop them all first


RACY_NS = 2_000_000_000  # a file changed this close to its reading may change again unseen
RACY_INO = -1  # stored for a racy note in place of its inode: never matches, so it alone is read again


def _pending(entries: list[Entry], read: list[tuple[Entry, Note, bytes | None]],
             stored: dict[str, tuple[int, int, int]], clear: bool) -> Pending:
    now = time.time_ns()
    changed = []
    racy = False
    for entry, note, blob in read:
        if note.transient:
            racy = True  # could not be read: not stored, so read again next time
            continue
        assert blob is not None
        ino = entry.ino
        if abs(now - entry.mtime_ns) < RACY_NS:
            racy = True  # same size and mtime could still hide a second edit: read it again next time
            ino = RACY_INO
        changed.append((entry.rel, entry.size, entry.mtime_ns, ino, blob))
    present = {e.rel for e in entries}
    removed = [rel for rel in stored if rel not in present]
    return Pending(changed, removed, racy, clear)

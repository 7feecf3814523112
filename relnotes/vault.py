"""Finding and reading the vault's notes from disk; the index is built in :mod:`index`."""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .cache import Cache, CacheError, Warn, config_key, remove_cache
from .config import Config
from .model import Note, Problem
from .reading import read_many

if TYPE_CHECKING:
    from .index import Index

MAX_NOTE_BYTES = 20 * 1024 * 1024

Progress = Callable[[int, int], None]


class Entry(NamedTuple):
    """A Markdown file found in the vault (a named tuple: made once per file on every run)."""

    rel: str  # relative to the root, "/"-separated
    path: str  # as the OS names it (a str: a Path per file costs more than the stat)
    size: int
    mtime_ns: int
    ino: int  # with size and mtime, what says a file is the one read before (a rename keeps it)


def skipped_names(config: Config) -> tuple[set[str], set[str]]:
    folders = {config.drafts_dir.strip("/"), config.templates_dir.strip("/")}
    files = {config.agenda_file.strip("/")}
    return folders, files


Scanned = tuple[list["Entry"], list[Problem]]


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


def scan(config: Config) -> Scanned:
    """Every note file, sorted by relative path; problems for broken links and loops."""
    root = config.root
    folders, files = skipped_names(config)
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen_dirs: set[tuple[int, int]] = set()
    try:
        root_stat = root.stat()
    except OSError as exc:
        from .errors import VaultError

        raise VaultError(f"cannot read the vault folder {root}: {exc.strerror}") from None
    seen_dirs.add((root_stat.st_dev, root_stat.st_ino))
    _walk(str(root), seen_dirs, os.path.realpath(root), folders, files, entries, problems)
    entries.sort()  # by rel: paths are unique, so the rest of the tuple never decides
    problems.sort(key=lambda p: p.file)
    return entries, problems


def _walk(
    root: str, seen: set[tuple[int, int]], real_root: str, skip_folders: set[str], skip_files: set[str],
    entries: list[Entry], problems: list[Problem],
) -> None:
    """Fill ``entries`` with every note below ``root`` (a loop over a stack of folders, not
    recursion: this runs once per file on every ``due``, and a generator per level cost more)."""
    stat_file, is_dir_mode, is_reg_mode = os.stat, stat.S_ISDIR, stat.S_ISREG
    add = entries.append
    folders = [(root, "")]
    linked: list[tuple[str, str, tuple[int, int]]] = []  # folders reached by a link: walked last
    while folders or linked:
        if not folders:
            # every real folder is known now: a link to one of them is a loop or a duplicate,
            # whichever order the file system listed them in
            path, rel, key = linked.pop(0)
            if key in seen:
                problems.append(Problem(rel, None, "symbolic link to a folder read already (a loop); skipped"))
                continue
            seen.add(key)
            folders.append((path, rel + "/"))
            continue
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as it:
                items = list(it)
        except OSError as exc:
            problems.append(Problem(prefix.rstrip("/") or ".", None, f"cannot read this folder: {exc.strerror}"))
            continue
        for item in items:
            name = item.name
            if name[0] == ".":
                continue
            is_note = name.endswith(".md")
            try:
                is_link = item.is_symlink()
                if not is_link and not is_note and not item.is_dir(follow_symlinks=False):
                    continue  # an attachment or other file: not worth a stat
                st = stat_file(item.path)  # follows links
            except OSError as exc:
                rel = prefix + name
                if is_link or isinstance(exc, FileNotFoundError):
                    if is_note or is_link:
                        problems.append(Problem(rel, None, _link_problem(exc)))
                    continue
                problems.append(Problem(rel, None, f"cannot read: {exc.strerror}"))
                continue
            if is_link and not _inside(item.path, real_root):
                continue
            rel = prefix + name
            if is_note and is_reg_mode(st.st_mode):
                if rel not in skip_files:
                    add(Entry(rel, item.path, st.st_size, st.st_mtime_ns, st.st_ino))
            elif is_dir_mode(st.st_mode):
                if rel in skip_folders:
                    continue
                key = (st.st_dev, st.st_ino)
                if is_link:
                    linked.append((item.path, rel, key))
                elif key not in seen:  # (a real folder seen twice: a bind mount)
                    seen.add(key)
                    folders.append((item.path, rel + "/"))


def _link_problem(exc: OSError) -> str:
    if exc.errno == 40:  # ELOOP
        return "symbolic link loop; skipped"
    return "broken symbolic link; skipped"


def _inside(path: str, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def folder_kind(rel: str, config: Config) -> str | None:
    if rel.startswith(config.contacts_dir.strip("/") + "/"):
        return "contact"
    if rel.startswith(config.events_dir.strip("/") + "/"):
        return "event"
    return None


def read_entry(entry: Entry, config: Config) -> Note:
    """Read and parse one file; a file that vanished or cannot be read becomes a problem."""
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
    from .parse import parse_note  # YAML is imported only when a note has to be parsed

    return parse_note(entry.rel, data, kind, daily_notes=config.daily_notes)


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

    def load_all(self, progress: Progress | None = None, scanned: Scanned | None = None) -> None:
        """Read every note (from the cache where it is current); ``scanned`` is a fresh :func:`scan`."""
        with no_gc():
            self._load_all(progress, scanned)

    def _load_all(self, progress: Progress | None, scanned: Scanned | None) -> None:
        self.entries, self.scan_problems = scanned or scan(self.config)
        self.notes = self._from_cache(self.entries)
        todo = [e for e in self.entries if e.rel not in self.notes]
        read: list[tuple[Entry, Note, bytes | None]] = []
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
             problems: list[tuple[str, int | None, str, bool]] | None = None) -> None:
        """Write what ``load_all`` re-read (and a new snapshot, when given) to the cache."""
        if self.cache is None or self.pending is None:
            return
        pending, self.pending = self.pending, None
        if not pending.changed and not pending.removed and items is None and not pending.clear:
            return
        meta = {**meta, "notes_key": self.notes_key}
        if pending.racy:
            meta["state"] = ""  # some file changed just now, or could not be read: look again next time
        try:
            self.cache.write(changed=pending.changed, removed=pending.removed, meta=meta, items=items,
                             problems=problems, clear=pending.clear)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                self.warn("the cache is busy (another relnotes is writing it); this run did not update it")
            else:
                self._drop_cache(f"the cache could not be written ({exc}); it will be rebuilt")
        except sqlite3.Error as exc:
            self._drop_cache(f"the cache could not be written ({exc}); it will be rebuilt")

    def refresh(self, rels: list[str]) -> None:
        """Re-read these vault-relative paths; a path that is gone (or no longer a note) is dropped."""
        wanted = {e.rel: e for e in self._entries_for(rels)}
        for rel in rels:
            entry = wanted.get(rel)
            if entry is None:
                self.notes.pop(rel, None)
            else:
                self.notes[rel] = read_entry(entry, self.config)

    def _entries_for(self, rels: list[str]) -> list[Entry]:
        folders, files = skipped_names(self.config)
        out = []
        for rel in rels:
            parts = rel.split("/")
            if not rel.endswith(".md") or rel in files or any(p.startswith(".") for p in parts):
                continue
            if any("/".join(parts[: i + 1]) in folders for i in range(len(parts) - 1)):
                continue
            path = self.config.root / rel
            try:
                st = path.stat()
            except OSError:
                continue
            inside = not path.is_symlink() or _inside(str(path), os.path.realpath(self.config.root))
            if stat.S_ISREG(st.st_mode) and inside:
                out.append(Entry(rel, str(path), st.st_size, st.st_mtime_ns, st.st_ino))
        return out

    def index(self) -> Index:
        return index_notes(self.notes, self.scan_problems, self.config)


def index_notes(notes: dict[str, Note], scan_problems: list[Problem], config: Config) -> Index:
    """Link parsed notes (by path) into an index, with what the walk found among its problems."""
    from .index import build_index, problem_key

    index = build_index([notes[rel] for rel in sorted(notes)], config)
    index.problems[:0] = scan_problems
    index.problems.sort(key=problem_key)
    return index


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


def _pending(entries: list[Entry], read: list[tuple[Entry, Note, bytes | None]],
             stored: dict[str, tuple[int, int, int]], clear: bool) -> Pending:
    now = time.time_ns()
    changed = []
    racy = False
    for entry, note, blob in read:
        if abs(now - entry.mtime_ns) < RACY_NS or note.transient:
            racy = True  # same size and mtime could still hide a second edit: read it again next time
            continue
        assert blob is not None
        changed.append((entry.rel, entry.size, entry.mtime_ns, entry.ino, blob))
    present = {e.rel for e in entries}
    removed = [rel for rel in stored if rel not in present]
    return Pending(changed, removed, racy, clear)

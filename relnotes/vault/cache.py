"""The index cache: ``.relnotes/cache.sqlite`` in the vault. Disposable, never the truth.

It holds each note's parsed form, keyed by path, size and mtime_ns, and the vault's due
candidates and problems as of the last full read, with the state (a hash of every file's
path, size and mtime, and of the configuration) they were computed for. A run whose vault
state matches answers ``due`` from the candidates alone; any other run re-reads only the
files whose size or mtime changed.

Anything wrong with the file (corrupt, from another version, locked, unwritable) costs
speed, never correctness: it is rebuilt, skipped for this run, or ignored, with a warning.
The vault may be shared, so the file may have been planted: before SQLite opens it, it must
be a plain file of its own (no link, no pipe, not huge), and before any query its schema
must be exactly the one relnotes makes (no view, trigger or index of someone else's).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from relnotes.core.model import ProblemSummary
from relnotes.errors import ExistsError
from relnotes.vault.cachefile import (
    CACHE_DIR,
    CACHE_FILE,
    ORDER_COLUMNS,
    SCHEMA,
    SIDE_FILES,
    CacheError,
    WalkKeys,
    check_files,
    check_schema,
    connect,
    create_tables,
    file_kind,
    stored_rows,
    stored_summary,
)

if TYPE_CHECKING:
    from relnotes.core.settings import Config

Warn = Callable[[str], None]

# Only the classes a parsed note is made of may come back out of the cache (see _note_unpickler).
_ALLOWED = {
    ("relnotes.core.model", "Note"),
    ("relnotes.core.model", "Problem"),
    ("relnotes.core.model", "Link"),
    ("relnotes.core.model", "LogEntry"),
    ("relnotes.core.model", "Task"),
    ("relnotes.core.dates", "Duration"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timezone"),
    ("datetime", "timedelta"),
}

SEP = "\x1f"  # between the paths of an owner's dependencies

# The incremental model (see relnotes/core/owners.py), replaced whole by a full read: per note
# (path, surface, the keys it defines and the keys it looks up, each joined by SEP), then the
# owners as (owner, its dependencies joined by SEP). The names, refs and deps tables are the
# same keys and dependencies by key and by note, made from these.
NoteFacts = tuple[str, str, str, str]
Facts = tuple[list[NoteFacts], list[tuple[str, str]]]


# The items table, one row per due candidate: ITEM_COLUMNS, then its place in the display order
# as the columns SQLite orders by, ORDER_COLUMNS: the parts of ``DueItem.sort_key`` before the
# reason (stored with date tokens, which sort otherwise than the words they become: the caller
# orders what is alike in all the rest by the written-out reason). ``stored_order`` makes them.
ITEM_COLUMNS = ("shown_until", "owner", "rank", "seq", "shown_from", "contact", "file", "reason", "tier", "email",
                "source", "tags", "json_head", "json_rest")
_INSERT_ITEM = (f"INSERT INTO items ({', '.join(ITEM_COLUMNS + ORDER_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(ITEM_COLUMNS + ORDER_COLUMNS))})")
_INSERT_PROBLEM = "INSERT INTO problems (file, line, message, skipped, owner) VALUES (?, ?, ?, ?, ?)"


def stored_order(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """A sort key's ORDER_COLUMNS as stored: a date as ISO text, which sorts as the date does."""
    return tuple([part.isoformat() if isinstance(part, date) else part for part in key[: len(ORDER_COLUMNS)]])


@functools.cache
def _note_unpickler() -> Any:
    """The unpickler class, made on first use (a warm ``due`` never unpickles, nor imports pickle)."""
    import pickle

    class NoteUnpickler(pickle.Unpickler):
        """Unpickle parsed notes and nothing else: the cache lies in a folder others may write to."""

        def find_class(self, module: str, name: str) -> Any:
            if (module, name) in _ALLOWED:
                return super().find_class(module, name)
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")

    return NoteUnpickler


def dump_note(note: Any) -> bytes:
    import pickle

    return pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL)


def load_note(data: bytes) -> Any:
    from relnotes.core.model import Note

    try:
        note = _note_unpickler()(io.BytesIO(data)).load()
    except Exception as exc:  # any damage to a blob means the cache cannot be trusted
        raise CacheError(f"a stored note cannot be read ({type(exc).__name__})") from None
    if not isinstance(note, Note):
        raise CacheError(f"a stored note is a {type(note).__name__}")
    return share_strings(note)


def share_strings(note: Any) -> Any:
    """Make the strings nearly every note repeats (front-matter keys, short values such as a
    tier, each log entry's kind, each task's status) one object each, as a vault of
    thousands of notes holds them (a tenth of a read vault's memory). Returns ``note``."""
    shared = sys.intern
    note.fields = {shared(k): shared(v) if type(v) is str and len(v) <= SHARED_LENGTH else v
                   for k, v in note.fields.items()}
    note.field_lines = {shared(k): v for k, v in note.field_lines.items()}
    for entry in note.log:
        entry.kind = shared(entry.kind)
    for task in note.tasks:
        task.status = shared(task.status)
    return note


SHARED_LENGTH = 16  # values this short are shared (a tier, a status); longer ones are seldom repeated


class Cache:
    """One open cache file. Every method may raise ``sqlite3.Error`` or :class:`CacheError`;
    :func:`open_cache` and the callers in :mod:`snapshot` and :mod:`vault` turn those into warnings."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    # -- reading -------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def note_keys(self) -> dict[str, tuple[int, int, int]]:
        """path -> (size, mtime_ns, inode) of every stored note."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, ino FROM notes")
        return {path: (size, mtime, ino) for path, size, mtime, ino in rows}

    def notes(self, paths: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """The stored parsed notes for these paths (all of them, in one pass over the table)."""
        wanted = set(paths)
        for path, data in self.conn.execute("SELECT path, data FROM notes"):
            if path in wanted:
                yield path, load_note(data)

    def items(self, today: date, horizon: date) -> list[tuple[Any, ...]]:
        """Candidate rows (READ_COLUMNS, then the rest of ORDER_COLUMNS: see ``row_order``)
        shown on ``today`` and due by ``horizon``, in display order but for the reason (which
        holds date tokens: the caller orders ties on it).

        The table is stored in ``shown_until`` order (open-ended rows as 9999-12-31), so the
        rows that stopped showing before today, most of a long history, are never visited;
        SQLite's sort of what is left is far cheaper than Python's."""
        return stored_rows(self.conn, today, horizon)

    def problem_summary(self) -> ProblemSummary:
        """The stored problems as the warning line counts them (see ProblemSummary)."""
        return stored_summary(self.conn)

    # -- writing -------------------------------------------------------------------------

    def write(
        self,
        *,
        changed: list[tuple[str, int, int, int, bytes]],
        removed: Iterable[str],
        meta: dict[str, str],
        items: list[tuple[Any, ...]] | None = None,
        problems: list[tuple[str, int | None, str, bool, str]] | None = None,
        clear: bool = False,
        facts: Facts | None = None,
        generation: str | None = None,
        walk: WalkKeys | None = None,
    ) -> None:
        """One transaction: store re-read notes, forget removed ones, replace the snapshot.

        ``items``/``problems`` None leaves the stored snapshot alone (its state no longer matches).
        ``facts`` replace the incremental model; without them it no longer matches the notes
        and is marked unusable. ``generation`` is the one read before the notes were: when
        another process has written since, only the notes are stored and the rest is left
        to be worked out again next time."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = self.meta("generation") or "0"
            if generation is not None and found != generation:
                items = problems = facts = None
                meta = {**meta, "state": ""}
            meta = {**meta, "generation": str(int(found) + 1)}
            if facts is None:
                meta["facts"] = "0"
            conn.execute("DELETE FROM walk")  # it describes the notes as stored: no longer, unless replaced
            if clear:
                conn.execute("DELETE FROM notes")
            conn.executemany("INSERT OR REPLACE INTO notes (path, size, mtime_ns, ino, data) VALUES (?, ?, ?, ?, ?)",
                               changed)
            conn.executemany("DELETE FROM notes WHERE path = ?", ((p,) for p in removed))
            if items is not None:
                conn.execute("DELETE FROM items")
                conn.executemany(_INSERT_ITEM, items)
            if problems is not None:
                conn.execute("DELETE FROM problems")
                conn.executemany(_INSERT_PROBLEM, problems)
            if facts is not None:
                self._replace_facts(facts)
                meta["facts"] = "1"
                if walk is not None:
                    self.put_walk(walk)
            conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", meta.items())
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _replace_facts(self, facts: Facts) -> None:
        notes, owners = facts
        conn = self.conn
        for table in ("facts", "names", "refs", "deps", "owners"):
            conn.execute(f"DELETE FROM {table}")
        self.put_note_facts(notes)
        self.put_owners(owners)

    # -- the incremental model -------------------------------------------------------------

    def put_note_facts(self, notes: list[NoteFacts]) -> None:
        """Store (or replace) these notes' facts; their old names and refs must be gone."""
        conn = self.conn
        conn.executemany("INSERT OR REPLACE INTO facts (path, surface, keys, refs) VALUES (?, ?, ?, ?)", notes)
        # streamed, not sorted: a full read writes some 150,000 of these at 10k + 10k
        conn.executemany("INSERT OR IGNORE INTO names (key, path) VALUES (?, ?)",
                         ((key, path) for path, _, keys, _ in notes for key in _split(keys)))
        conn.executemany("INSERT OR IGNORE INTO refs (key, path) VALUES (?, ?)",
                         ((key, path) for path, _, _, refs in notes for key in _split(refs)))

    def drop_note_facts(self, paths: Iterable[str]) -> None:
        """Forget these notes' facts, names and refs."""
        conn = self.conn
        old = list(self._many("SELECT path, surface, keys, refs FROM facts WHERE path IN ({})", list(paths)))
        conn.executemany("DELETE FROM names WHERE key = ? AND path = ?",
                         [(key, path) for path, _, keys, _ in old for key in _split(keys)])
        conn.executemany("DELETE FROM refs WHERE key = ? AND path = ?",
                         [(key, path) for path, _, _, refs in old for key in _split(refs)])
        conn.executemany("DELETE FROM facts WHERE path = ?", [(path,) for path, *_ in old])

    def put_owners(self, owners: list[tuple[str, str]]) -> None:
        """Store (or replace) these owners' dependencies; their old ones must be gone."""
        conn = self.conn
        conn.executemany("INSERT OR REPLACE INTO owners (owner, deps) VALUES (?, ?)", owners)
        conn.executemany("INSERT OR IGNORE INTO deps (note, owner) VALUES (?, ?)",
                         ((dep, owner) for owner, deps in owners for dep in _split(deps)))

    def drop_owners(self, owners: Iterable[str]) -> None:
        """Forget these owners: their candidates and dependencies."""
        conn = self.conn
        owners = list(owners)
        old = [(note, o) for o, notes in self.deps_of(owners).items() for note in notes]
        conn.executemany("DELETE FROM deps WHERE note = ? AND owner = ?", old)
        conn.executemany("DELETE FROM owners WHERE owner = ?", [(o,) for o in owners])
        conn.executemany("DELETE FROM items WHERE owner = ?", [(o,) for o in owners])

    def note_facts(self, paths: Iterable[str]) -> dict[str, tuple[str, set[str], set[str]]]:
        """path -> (surface, keys defined, keys looked up) of these notes."""
        rows = self._many("SELECT path, surface, keys, refs FROM facts WHERE path IN ({})", list(paths))
        return {path: (surface, set(_split(keys)), set(_split(refs))) for path, surface, keys, refs in rows}

    def paths_referencing(self, keys: Iterable[str]) -> set[str]:
        """Every note that looks up any of these keys."""
        return {path for _key, path in self._many("SELECT key, path FROM refs WHERE key IN ({})", list(keys))}

    def owners_of(self, notes: Iterable[str]) -> set[str]:
        """The owners whose answer depends on any of these notes."""
        return {owner for _note, owner in self._many("SELECT note, owner FROM deps WHERE note IN ({})", list(notes))}

    def deps_of(self, owners: Iterable[str]) -> dict[str, list[str]]:
        rows = self._many("SELECT owner, deps FROM owners WHERE owner IN ({})", list(owners))
        return {owner: _split(deps) for owner, deps in rows}

    def paths_named(self, keys: Iterable[str]) -> set[str]:
        """Every note that defines any of these keys (a name, an alias, a stem, an email...)."""
        return {path for _key, path in self._many("SELECT key, path FROM names WHERE key IN ({})", list(keys))}

    def stored_notes(self, paths: Iterable[str]) -> Iterator[tuple[str, Any]]:
        """The stored parsed notes for these paths, looked up one batch at a time."""
        for path, data in self._many("SELECT path, data FROM notes WHERE path IN ({})", list(paths)):
            yield path, load_note(data)

    def _many(self, query: str, values: list[str]) -> Iterator[tuple[Any, ...]]:
        for start in range(0, len(values), 500):
            batch = values[start:start + 500]
            yield from self.conn.execute(query.format(", ".join("?" * len(batch))), batch)

    def put_walk(self, walk: WalkKeys) -> None:
        self.conn.execute("DELETE FROM walk")
        self.conn.execute("INSERT INTO walk (id, rels, sizes, mtimes, inos) VALUES (0, ?, ?, ?, ?)",
                          (walk.rels, walk.sizes, walk.mtimes, walk.inos))

    def walk(self) -> WalkKeys | None:
        """The walk the stored notes were stored for (see WalkKeys); None when there is none."""
        row = self.conn.execute("SELECT rels, sizes, mtimes, inos FROM walk WHERE id = 0").fetchone()
        if row is None or not all(isinstance(part, bytes) for part in row):
            return None
        walk = WalkKeys(*row)
        if not len(walk.sizes) == len(walk.mtimes) == len(walk.inos) or len(walk.sizes) % WalkKeys.WIDTH:
            return None
        return walk

    def put_notes(self, changed: list[tuple[str, int, int, int, bytes]], removed: Iterable[str]) -> None:
        """Store re-read notes and forget removed ones; the stored walk no longer describes them
        (the caller stores a new one with them)."""
        conn = self.conn
        conn.execute("DELETE FROM walk")
        conn.executemany("INSERT OR REPLACE INTO notes (path, size, mtime_ns, ino, data) VALUES (?, ?, ?, ?, ?)",
                         changed)
        conn.executemany("DELETE FROM notes WHERE path = ?", [(p,) for p in removed])

    def put_answer(self, items: list[tuple[Any, ...]], problem_notes: Iterable[str],
                   problems: list[tuple[str, int | None, str, bool, str]], meta: dict[str, str]) -> None:
        """The recomputed owners' candidates (after ``drop_owners``), these notes' problems and
        the walk's (all replaced), and the meta data, with the generation moved on."""
        conn = self.conn
        conn.executemany(_INSERT_ITEM, items)
        conn.executemany("DELETE FROM problems WHERE owner = ?", [(p,) for p in [*problem_notes, ""]])
        conn.executemany(_INSERT_PROBLEM, problems)
        generation = int(self.meta("generation") or "0") + 1
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         {**meta, "generation": str(generation)}.items())

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


T = TypeVar("T")


def with_cache_or_without(config: Config, warn: Warn, work: Callable[[Cache | None], T]) -> T:
    """``work(cache)`` with the vault's cache; if anything unexpected goes wrong with it (a
    planted or damaged note the unpickler let through), once more from an empty cache, with
    a warning. A second failure is relnotes' own bug and is raised."""
    from relnotes.errors import RelnotesError

    cache = open_cache(config.root, warn)
    try:
        return work(cache)
    except (RelnotesError, OSError):
        raise
    except Exception as exc:
        if cache is None:
            raise
        warn(f"the cache held something relnotes could not use ({type(exc).__name__}); rebuilt it")
    finally:
        if cache is not None:
            cache.close()
    remove_cache(config.root)
    cache = open_cache(config.root, warn)
    try:
        return work(cache)
    finally:
        if cache is not None:
            cache.close()


def _split(joined: str) -> list[str]:
    return joined.split(SEP) if joined else []


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / CACHE_FILE


def open_cache(root: Path, warn: Warn) -> Cache | None:
    """The vault's cache, created when missing, rebuilt when damaged; None when none can be had."""
    path = cache_path(root)
    try:
        return _open(path)
    except (sqlite3.Error, CacheError) as exc:
        if _is_busy(exc):
            warn(f"the cache {_show(root, path)} is busy (another relnotes is writing it); "
                 "reading the vault without it")
            return None
        warn(f"the cache {_show(root, path)} could not be read ({exc}); rebuilding it")
    except OSError as exc:
        warn(f"cannot use the cache {_show(root, path)} ({exc.strerror}); reading the vault without it")
        return None
    try:
        remove_cache(root)
        return _open(path)
    except (sqlite3.Error, CacheError, OSError) as exc:
        warn(f"cannot rebuild the cache {_show(root, path)} ({exc}); reading the vault without it")
        return None


def remove_cache(root: Path) -> None:
    """Delete the cache file and its side files; a ``.relnotes`` that is a symbolic link is
    unlinked itself, never followed (what it points at is not the vault's)."""
    folder = root / CACHE_DIR
    if folder.is_symlink():
        os.unlink(folder)
        return
    path = cache_path(root)
    for suffix in ("", *SIDE_FILES):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")


def _open(path: Path) -> Cache:
    _make_folder(path.parent)
    check_files(path)
    conn = connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA:
            _reset(conn, version)
        check_schema(conn)  # before any query touches a table: a planted view or trigger never runs
        conn.execute("PRAGMA synchronous = OFF")
    except BaseException:
        conn.close()
        raise
    return Cache(path, conn)


def _make_folder(folder: Path) -> None:
    """``.relnotes``, created when missing; CacheError when it is a link (``remove_cache``
    then unlinks it), OSError when something else has its name."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        folder.mkdir(exist_ok=True)  # another relnotes may be making it at the same moment
        from relnotes.vault.files import create_new

        with contextlib.suppress(ExistsError):  # the other one made it
            create_new(folder / ".gitignore", b"# relnotes' cache: safe to delete, never commit it\n*\n")
        mode = os.lstat(folder).st_mode
    if stat.S_ISLNK(mode):
        raise CacheError(f"{CACHE_DIR} is a symbolic link, not a folder")
    if not stat.S_ISDIR(mode):
        raise NotADirectoryError(errno.ENOTDIR, f"{CACHE_DIR} is {file_kind(mode)}, not a folder")


def _reset(conn: sqlite3.Connection, version: int) -> None:
    """A new file, or one from another version of relnotes: start it afresh."""
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:  # nobody else did it meanwhile
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                quoted = name.replace('"', '""')  # a name in a planted file may hold anything
                conn.execute(f'DROP TABLE IF EXISTS "{quoted}"')
            create_tables(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _is_busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def _show(root: Path, path: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)

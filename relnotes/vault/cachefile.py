"""The cache file itself, kept light: what a warm ``due`` needs to trust and read it.

Where ``.relnotes/cache.sqlite`` is, the tables relnotes makes and how a file is checked before
SQLite opens it and before any query (:func:`check_files`, :func:`check_schema`), the keys the
stored answer is checked against (:func:`config_key`, :class:`WalkKeys`, :func:`vault_state`),
and how a connection is opened. :mod:`relnotes.vault.cache` builds the rest on these;
:mod:`relnotes.vault.warm` answers a warm ``due`` with these alone. So this module imports
only what Python starts with and ``sqlite3``: no typing, dataclasses, pathlib or model.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import sys
from array import array
from datetime import date as date_type
from operator import itemgetter

from relnotes import __version__
from relnotes.core.digest import blake2b
from relnotes.core.shown import render_reason
from relnotes.core.summary import ProblemSummary, problem_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from datetime import date
    from typing import Any

CACHE_DIR = ".relnotes"
CACHE_FILE = "cache.sqlite"
SCHEMA = 11  # bump when what is stored changes shape: the old file is dropped and rebuilt
BUSY_MS = 3000
# The file and its write-ahead log together. A real cache is about 1.3 times the notes it
# holds (13 MB for 10,000 notes of 1 KB): this is a vault of well over a million notes.
MAX_CACHE_BYTES = 2 * 1024**3
SIDE_FILES = ("-wal", "-shm", "-journal")


TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL,
                                  ino INTEGER NOT NULL,
                                  data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS items (shown_until TEXT NOT NULL, owner TEXT NOT NULL, rank TEXT NOT NULL,
                                  seq INTEGER NOT NULL, due TEXT NOT NULL,
                                  shown_from TEXT, contact TEXT NOT NULL, file TEXT NOT NULL, kind TEXT NOT NULL,
                                  reason TEXT NOT NULL, tier TEXT, email TEXT, source TEXT NOT NULL,
                                  tags TEXT NOT NULL, tier_rank INTEGER NOT NULL, contact_key TEXT NOT NULL,
                                  json_head TEXT NOT NULL, json_rest TEXT,
                                  PRIMARY KEY (due, tier_rank, contact_key, kind, rank, seq)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS items_owner ON items (owner);
CREATE TABLE IF NOT EXISTS problems (file TEXT NOT NULL, line INTEGER, message TEXT NOT NULL,
                                     skipped INTEGER NOT NULL, owner TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS facts (path TEXT PRIMARY KEY, surface TEXT NOT NULL, keys TEXT NOT NULL,
                                  refs TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (key, path)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS refs (key TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (key, path)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deps (note TEXT NOT NULL, owner TEXT NOT NULL, PRIMARY KEY (note, owner)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS owners (owner TEXT PRIMARY KEY, deps TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS walk (id INTEGER PRIMARY KEY, rels BLOB NOT NULL, sizes BLOB NOT NULL,
                                 mtimes BLOB NOT NULL, inos BLOB NOT NULL);
"""


# The items table's place in the display order: the parts of ``DueItem.sort_key`` before the
# reason, DUE_ORDER's (relnotes.core.model; a test holds the two equal), in columns SQLite
# orders by. The reason is stored with date tokens, which sort otherwise than the words they
# become: what is alike in all the rest is put in order of the written-out reason
# (:func:`order_ties`).
ORDER_COLUMNS = ("due", "tier_rank", "contact_key", "kind")
# What :func:`stored_rows` reads: a DueItem's fields and the tags, then the rest of ORDER_COLUMNS
READ_COLUMNS = ("contact", "file", "kind", "due", "reason", "tier", "email", "source", "tags")
_READ = READ_COLUMNS + tuple(column for column in ORDER_COLUMNS if column not in READ_COLUMNS)
row_order = itemgetter(*(_READ.index(column) for column in ORDER_COLUMNS))  # a read row's ORDER_COLUMNS
# The table's key is the display order (ORDER_COLUMNS, then the owner's rank and the item's
# place in it), so SQLite reads the rows due by the horizon in the order they are shown, with
# no sort; the rows no day of the stored years can show are not stored (incremental.item_rows).
_WHERE = " FROM items WHERE due <= ? AND shown_until >= ? AND (shown_from IS NULL OR shown_from <= ?)"
_ORDER = f" ORDER BY {', '.join(ORDER_COLUMNS)}, rank, seq"
_SELECT_ITEMS = f"SELECT {', '.join(_READ)}{_WHERE}{_ORDER}"
# what stored_json reads: the order as one text (for ties), the JSON's two parts
_SELECT_JSON = ("SELECT due || char(31) || tier_rank || char(31) || contact_key || char(31) || kind,"
                f" json_head, json_rest{_WHERE}{_ORDER}")


class CacheError(Exception):
    """The cache file cannot be used as it is (corrupt, or not a cache at all)."""


def config_key(source: str | os.PathLike[str] | None) -> str:
    """What the stored candidates depend on besides the notes: relnotes.toml, relnotes (its
    version and its code: an upgrade or an edited checkout must not reuse old answers), Python."""
    digest = blake2b(digest_size=16)
    digest.update(f"{SCHEMA}\0{__version__}\0{sys.version_info[:2]}\0{_code_stamp()}\0".encode())
    if source is not None:
        try:
            with open(source, "rb") as f:
                digest.update(f.read())
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()


def _code_stamp() -> str:
    """Size and mtime of relnotes' own modules (a few dozen stats)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parts = []
    folders = [package]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as it:
            for entry in it:
                if entry.is_dir() and not entry.name.startswith((".", "_")):
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    rel = os.path.relpath(entry.path, package)
                    parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
    return ",".join(sorted(parts))


class WalkKeys:
    """The walk as four byte strings: the paths NUL-separated, then sizes, mtimes and inodes as
    arrays of 64-bit integers, in path order. Stored beside the notes (the ``walk`` table) with
    the key each note is stored under, so the next run finds what changed by comparing bytes,
    a block at a time, not by fetching a row per note (a third of a second at 100,000 notes).
    A note stored as not current (racy, or not stored at all) has size -1 there: it always
    differs, so it is read again."""

    WIDTH = 8  # bytes per number
    BLOCK = 4096  # bytes compared at once before looking inside

    def __init__(self, rels: bytes, sizes: bytes, mtimes: bytes, inos: bytes) -> None:
        self.rels, self.sizes, self.mtimes, self.inos = rels, sizes, mtimes, inos

    @classmethod
    def of(cls, rels: Sequence[str], sizes: Sequence[int], mtimes: Sequence[int], inos: Sequence[int]) -> WalkKeys:
        return cls("\0".join(rels).encode("utf-8", "surrogateescape"), array("q", sizes).tobytes(),
                   array("q", mtimes).tobytes(), array("Q", inos).tobytes())

    def count(self) -> int:
        return len(self.sizes) // self.WIDTH

    def not_current(self, indexes: Iterable[int]) -> WalkKeys:
        """A copy in which the notes at these places are marked to be read again."""
        sizes = array("q")
        sizes.frombytes(self.sizes)
        for i in indexes:
            sizes[i] = -1
        return WalkKeys(self.rels, sizes.tobytes(), self.mtimes, self.inos)

    def changed_since(self, old: WalkKeys) -> list[int] | None:
        """The places whose size, mtime or inode differ from ``old``'s; None when the paths
        themselves differ (a note added, removed or renamed)."""
        if old.rels != self.rels or len(old.sizes) != len(self.sizes):
            return None
        found: set[int] = set()
        width, block = self.WIDTH, self.BLOCK
        for new_bytes, old_bytes in ((self.sizes, old.sizes), (self.mtimes, old.mtimes), (self.inos, old.inos)):
            for start in range(0, len(new_bytes), block):
                end = start + block
                if new_bytes[start:end] != old_bytes[start:end]:
                    for at in range(start, min(end, len(new_bytes)), width):
                        if new_bytes[at:at + width] != old_bytes[at:at + width]:
                            found.add(at // width)
        return sorted(found)


def walk_state(entries: Sequence[Sequence[Any]], problems: Iterable[Any]) -> tuple[WalkKeys, str]:
    """A walk's entries (``vault.scan.Entry``: rel, path, size, mtime_ns, ino) as the cache keeps
    them, and the state they and the walk's problems hash to: the one reckoning of both, for the
    warm answer and the full path alike (the stored state must be the same)."""
    rels, _paths, sizes, mtimes, inos = zip(*entries, strict=True) if entries else ((), (), (), (), ())
    keys = WalkKeys.of(rels, sizes, mtimes, inos)
    return keys, vault_state(keys, (p.format() for p in problems))


def vault_state(walk: WalkKeys, extra: Iterable[str] = ()) -> str:
    """A hash of every note's path, size, mtime_ns and inode, and of the scan's own findings
    (broken links). Paths go in NUL-separated, the numbers as 64-bit arrays: no string per file."""
    digest = blake2b(digest_size=16)
    digest.update(walk.count().to_bytes(8, "little"))
    digest.update(walk.rels)
    digest.update(walk.sizes)
    digest.update(walk.mtimes)
    digest.update(walk.inos)
    digest.update("\n\0".join(extra).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def check_files(path: str | os.PathLike[str]) -> None:
    """The cache file and its side files, looked at with lstat before SQLite opens any of them
    (opening a pipe can block for ever; writing through a link changes a file elsewhere)."""
    total = 0
    for suffix in ("", *SIDE_FILES):
        try:
            st = os.lstat(f"{path}{suffix}")
        except FileNotFoundError:
            continue
        what = f"its {suffix} file" if suffix else "it"
        if stat.S_ISDIR(st.st_mode):  # not removed: a folder is not ours to delete
            raise IsADirectoryError(errno.EISDIR, f"{what} is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise CacheError(f"{what} is {file_kind(st.st_mode)}, not a file")
        if st.st_nlink != 1:
            raise CacheError(f"{what} has other names (hard links): writing it would change another file")
        if suffix in ("", "-wal"):
            total += st.st_size
    if total > MAX_CACHE_BYTES:
        raise CacheError(f"it is larger than {MAX_CACHE_BYTES // 1024**3} GiB, far more than any vault's cache")


def file_kind(mode: int) -> str:
    kinds = [(stat.S_ISLNK, "a symbolic link"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISREG, "a file")]
    return next((name for test, name in kinds if test(mode)), "not a file")


def create_tables(conn: sqlite3.Connection) -> None:
    for statement in TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)


def _expected_schema() -> dict[tuple[str, str], tuple[str, str | None]]:
    """(type, name) -> (table, sql) of everything ``TABLES`` makes, as SQLite records it (made
    once per process, in memory)."""
    if not _EXPECTED:
        conn = sqlite3.connect(":memory:")
        try:
            create_tables(conn)
            _EXPECTED.update(schema(conn))
        finally:
            conn.close()
    return _EXPECTED


_EXPECTED: dict[tuple[str, str], tuple[str, str | None]] = {}


def schema(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(kind, name): (table, sql) for kind, name, table, sql in rows}


def check_schema(conn: sqlite3.Connection) -> None:
    """CacheError unless the file holds exactly the tables and indexes relnotes makes: the
    same columns, types and keys (SQLite keeps each table's CREATE statement), nothing more."""
    found, expected = schema(conn), _expected_schema()
    for kind, name in sorted(found.keys() - expected.keys()):
        article = "an" if kind[0] in "aeiou" else "a"
        raise CacheError(f"it has {article} {kind} {name!r} relnotes did not make")
    for (kind, name), definition in sorted(expected.items()):
        if (kind, name) not in found:
            raise CacheError(f"its {kind} {name!r} is missing")
        if found[kind, name] != definition:
            raise CacheError(f"its {kind} {name!r} is not the one relnotes makes")


def connect(path: str | os.PathLike[str], busy_ms: int = BUSY_MS) -> sqlite3.Connection:
    """An SQLite connection to the checked cache file (:func:`check_files` first), with SQLite's
    advice for files from elsewhere: no functions with side effects in the schema, cell sizes
    checked, no memory mapping; and a bounded wait for a lock."""
    conn = sqlite3.connect(path, timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False)
    try:
        for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0", f"busy_timeout = {busy_ms}"):
            conn.execute(f"PRAGMA {pragma}")
    except BaseException:
        conn.close()
        raise
    return conn


def stored_summary(conn: sqlite3.Connection) -> ProblemSummary:
    """The stored problems as the warning line counts them: three small queries."""
    skipped = [file for (file,) in conn.execute("SELECT DISTINCT file FROM problems WHERE skipped ORDER BY file")]
    (others,) = conn.execute("SELECT count(*) FROM problems WHERE NOT skipped").fetchone()
    single = None
    if len(skipped) == 1 and not others:
        file, line, message = conn.execute("SELECT file, line, message FROM problems WHERE skipped"
                                           " ORDER BY file, coalesce(line, 0), message, rowid LIMIT 1").fetchone()
        single = problem_text(file, line, message)
    return ProblemSummary(skipped, others, single)


def stored_rows(conn: sqlite3.Connection, today: date, horizon: date) -> list[tuple[Any, ...]]:
    """Candidate rows (READ_COLUMNS, then the rest of ORDER_COLUMNS: see ``row_order``)
    shown on ``today`` and due by ``horizon``, in display order but for the reason (which
    holds date tokens: :func:`order_ties` puts ties in order).

    The table is stored in ``shown_until`` order (open-ended rows as 9999-12-31), so the
    rows that stopped showing before today, most of a long history, are never visited;
    SQLite's sort of what is left is far cheaper than Python's."""
    day, last = today.isoformat(), horizon.isoformat()
    return conn.execute(_SELECT_ITEMS, (last, day, day)).fetchall()


def stored_json(conn: sqlite3.Connection, today: date, horizon: date) -> list[str] | None:
    """The items of :func:`stored_rows` as ``due --json`` writes each one (see
    ``relnotes.core.shown.json_parts``), in the same order; None when a row has no stored JSON
    (a file name or email holding relnotes' date-token characters: the caller makes the items)."""
    day, last = today.isoformat(), horizon.isoformat()
    rows = conn.execute(_SELECT_JSON, (last, day, day)).fetchall()
    ordinal, fromisoformat = today.toordinal(), date_type.fromisoformat
    memo: dict[str, str] = {}
    days: dict[str, int] = {}  # due -> days overdue (a few hundred dates among thousands of rows)
    texts = []
    for key, head, rest in rows:
        if rest is None:
            return None
        due = key[:10]
        late = days.get(due)
        if late is None:
            late = days[due] = ordinal - fromisoformat(due).toordinal()
        texts.append(f"{head}{late}{render_reason(rest, today, memo)}")
    _sort_runs(texts, [key for key, _head, _rest in rows], lambda i: _stored_reason(rows[i][2], today, memo))
    return texts


def order_ties(items: list[Any], rows: list[tuple[Any, ...]]) -> None:
    """Items made from ``rows`` (in their order) that are alike in all of ORDER_COLUMNS put in
    order of their written-out reason, as ``DueItem.sort_key`` would (rare: a contact with two
    promises due the same day). Sorting only by the reason is the same: the rest of the key is
    what the rows are alike in."""
    _sort_runs(items, [row_order(row) for row in rows], lambda i: items[i].reason)


def _sort_runs(values: list[Any], keys: list[Any], reason_of: Callable[[int], str]) -> None:
    """Each run of ``values`` whose ``keys`` are equal put in order of ``reason_of`` their place
    (stable: alike reasons keep their order)."""
    start = 0
    for n in range(1, len(values) + 1):
        if n == len(values) or keys[n] != keys[start]:
            if n - start > 1:
                values[start:n] = [values[i] for i in sorted(range(start, n), key=reason_of)]
            start = n


def _stored_reason(rest: str, today: date, memo: dict[str, str]) -> str:
    """The written-out reason of a row, from its stored JSON (``"reason": …`` is the line before
    ``"tier"``; a raw newline, which starts each line, cannot be inside a JSON string)."""
    import json

    start = rest.index('\n    "reason": ') + len('\n    "reason": ')
    end = rest.rindex(',\n    "tier": ')
    return render_reason(json.loads(rest[start:end]), today, memo)

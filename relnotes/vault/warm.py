"""The warm answer of ``relnotes due``: the stored list, when nothing changed, with next to
nothing imported.

A warm ``due`` walks the vault (it must: that is how it knows nothing changed), hashes the
walk and reads today's rows from the cache. Importing what a full run needs (the settings, the
model's dataclasses, TOML, pathlib, typing) costs more than the query. So :func:`stored_due`
does that much with the light modules alone (:mod:`~relnotes.vault.cachefile`,
:mod:`~relnotes.vault.scan`, :mod:`~relnotes.core.shown`) and returns None, having printed
nothing, whenever it is not sure; the full path then runs as always (and rebuilds, warns,
reports). It is sure only when:

- the vault is the one the full path would find (``--vault``, ``$RELNOTES_VAULT`` or the
  nearest folder up with ``relnotes.toml``), marked as a vault by ``relnotes.toml`` or a
  ``contacts``/``events`` folder, and the cache is there;
- the cache file passes the same checks as always (plain files of their own, this schema
  version, exactly relnotes' tables) and was written for this very configuration (the hash of
  ``relnotes.toml``, relnotes' code and Python: :func:`~relnotes.vault.cachefile.config_key`);
- the walk, made with the folder rules stored beside it (:func:`stored_settings`), hashes to the
  stored state, and the day is in the stored years;
- the day is ISO (``--today 2026-11-19``, ``$RELNOTES_TODAY``) or the clock's, and the
  window is in days or weeks.

What it returns is made of the same rows, in the same order, as the full path's stored answer
(:func:`~relnotes.vault.cachefile.stored_rows`, :func:`~relnotes.vault.cachefile.order_ties`),
and it is printed by the same function (``relnotes.cli.dueview.print_due``); tests compare the
two byte for byte.
"""

from __future__ import annotations

import errno
import gc
import os
import sqlite3
import stat
from collections import namedtuple
from datetime import date, timedelta

from relnotes.core.shown import render_reason
from relnotes.errors import RelnotesError
from relnotes.vault.cachefile import (
    CACHE_DIR,
    CACHE_FILE,
    SCHEMA,
    CacheError,
    WalkKeys,
    check_files,
    check_schema,
    config_key,
    connect,
    order_ties,
    stored_json,
    stored_rows,
    stored_summary,
    walk_state,
)
from relnotes.vault.scan import NotePaths, scan_folder

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from relnotes.core.settings import Config
    from relnotes.core.summary import ProblemSummary

CONFIG_NAME = "relnotes.toml"  # relnotes.config's (a test holds them equal)
NOTE_FOLDERS = ("contacts", "events")  # the default folders that mark a vault (config._has_note_folder)
# A DueItem's fields, in its order (a test holds them equal): what the list is printed from
Item = namedtuple("Item", ("contact", "file", "kind", "due", "reason", "tier", "email", "source"))
_SEP = "\0"  # between the paths of a stored folder rule (no path holds it)
_UNITS = {"d": 1, "w": 7}  # the windows taken, in days per unit


class StoredDue:
    """The day's list as the cache holds it: the day, the items due by the horizon, and the
    problems' counts."""

    __slots__ = ("items", "json", "problems", "today")

    def __init__(self, today: date, items: list[Item], problems: ProblemSummary, json: list[str] | None) -> None:
        self.today, self.items, self.problems = today, items, problems
        self.json = json  # for --json: each item written out, as the stored JSON parts make it (else None)


class Walked:
    """The walk made for a warm answer that turned out not to be current (a note changed): handed
    to the full path, which would walk the vault again otherwise (``due_snapshot(walked=...)``),
    and used only for the vault and folder rule it was made for."""

    __slots__ = ("keys", "root", "rule", "scanned", "state")

    def __init__(self, root: str, paths: NotePaths, scanned: tuple[list[Any], list[Any]], keys: WalkKeys,
                 state: str) -> None:
        self.root, self.rule, self.scanned = root, paths.rule(), scanned
        self.keys, self.state = keys, state  # the walk as the cache keeps it, and its hash

    def fits(self, root: str, paths: NotePaths) -> bool:
        return root == self.root and paths.rule() == self.rule


def stored_settings(config: Config) -> dict[str, str]:
    """What the warm answer needs of the configuration, stored in the cache's metadata beside
    the candidates (and so for the configuration the candidates were made for): the folder
    rule of the walk and the window of ``due``."""
    paths = NotePaths.of(config)
    return {
        "skipped_folders": _SEP.join(sorted(paths.skipped_folders)),
        "skipped_files": _SEP.join(sorted(paths.skipped_files)),
        "kind_folders": _SEP.join(paths.kind_folders),
        "upcoming": str(config.rules.upcoming),
    }


def iso_day(text: str) -> date | None:
    """``text`` when it is a date written exactly ``YYYY-MM-DD`` (what every reading of a date
    option and of $RELNOTES_TODAY takes as that very day); None for anything else."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isascii():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def stored_due(vault_opt: str | None, today: date | None, as_json: bool = False) -> StoredDue | Walked | None:
    """The warm answer for ``today`` (None: the clock's, or $RELNOTES_TODAY), or None when it
    is not sure of it (see the module's docstring). ``as_json``: the items written out as JSON
    texts (``StoredDue.json``) rather than as items, when the stored parts allow. When the vault
    was walked and found changed, that walk (:class:`Walked`), for the full path to use."""
    if os.environ.get("RELNOTES_NO_CACHE", "") not in ("", "0"):
        return None
    if today is None:
        env = os.environ.get("RELNOTES_TODAY")
        today = iso_day(env) if env else date.today()
        if today is None:
            return None
    root = find_root(vault_opt)
    if root is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # the walk makes a tuple per note and no cycles: a collection would go over them all, often
    try:
        return _answer(root, today, as_json)
    except (OSError, sqlite3.Error, CacheError, RelnotesError, ValueError, OverflowError):
        return None  # the full path meets the same and says what it is
    finally:
        # what the walk made (a tuple and strings per note) lives on when the full path takes the
        # walk over: out of the collector's sight, or every collection while that path imports
        # the model goes over it again (about 30 ms at 20,000 notes)
        gc.freeze()
        if enabled:
            gc.enable()


def find_root(vault_opt: str | None) -> str | None:
    """The vault the full path would find (relnotes.config.find_root), in the cases where it
    finds one without a question: None otherwise (and on any error: the full path says it)."""
    try:
        return _find_root(vault_opt)
    except (OSError, _Unsure):
        return None


class _Unsure(Exception):
    """A path whose kind pathlib would not say either (it raises): the full path's to report."""


# The errors pathlib's is_file and is_dir take as "no" (pathlib._IGNORED_ERRNOS); any other,
# such as a folder that cannot be searched, it raises
_NO = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _is(path: str, test: Callable[[int], bool]) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno in _NO:
            return False
        raise _Unsure(path) from None
    except ValueError:  # a NUL in the path: pathlib says no too
        return False
    return test(mode)


def _find_root(vault_opt: str | None) -> str | None:
    explicit = vault_opt or os.environ.get("RELNOTES_VAULT")
    if explicit:
        if explicit.startswith("~") or not _is(explicit, stat.S_ISDIR):
            return None
        root = os.path.realpath(explicit)
        return root if _marked(root) else None
    here = os.path.realpath(os.getcwd())
    folder = here
    while True:
        if _is(os.path.join(folder, CONFIG_NAME), stat.S_ISREG):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return here if _marked(here) else None


def _marked(root: str) -> bool:
    return _is(os.path.join(root, CONFIG_NAME), stat.S_ISREG) or \
        any(_is(os.path.join(root, name), stat.S_ISDIR) for name in NOTE_FOLDERS)


def _answer(root: str, today: date, as_json: bool) -> StoredDue | Walked | None:
    folder = os.path.join(root, CACHE_DIR)
    if not stat.S_ISDIR(os.lstat(folder).st_mode):
        return None
    path = os.path.join(folder, CACHE_FILE)
    if not os.path.lexists(path):
        return None
    check_files(path)
    conn = connect(path, busy_ms=0)  # locked: no wait here (the full path waits, and says so)
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
            return None
        check_schema(conn)  # before any query touches a table, as always
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('state', 'config', 'first_year',"
                                 " 'last_year', 'skipped_folders', 'skipped_files', 'kind_folders', 'upcoming')")
                    .fetchall())
        if len(meta) != 8 or not int(meta["first_year"]) <= today.year <= int(meta["last_year"]):
            return None
        source = os.path.join(root, CONFIG_NAME)
        if meta["config"] != config_key(source if _is(source, stat.S_ISREG) else None):
            return None
        horizon = _horizon(meta["upcoming"], today)
        if horizon is None:
            return None
        paths = NotePaths(_split(meta["skipped_folders"]), _split(meta["skipped_files"]),
                          tuple(meta["kind_folders"].split(_SEP)))
        entries, problems = scan_folder(root, paths)
        keys, state = walk_state(entries, problems)
        if not meta["state"] or state != meta["state"]:
            return Walked(root, paths, (entries, problems), keys, state)
        del entries, keys  # let the walk go before the rows are made
        texts = stored_json(conn, today, horizon) if as_json else None
        if texts is not None:
            return StoredDue(today, [], stored_summary(conn), texts)
        rows = stored_rows(conn, today, horizon)
        memo: dict[str, str] = {}
        fromisoformat, new = date.fromisoformat, tuple.__new__
        items = [new(Item, (contact, file, kind, fromisoformat(due), render_reason(reason, today, memo), tier,
                            email, source)) for contact, file, kind, due, reason, tier, email, source, *_ in rows]
        order_ties(items, rows)
        return StoredDue(today, items, stored_summary(conn), None)
    finally:
        conn.close()


def _horizon(upcoming: str, today: date) -> date | None:
    """``today`` plus the window written as config writes a Duration (``7d``, ``2w``), as
    ``Duration.after`` counts it; None for a window in months or years (the full path's)."""
    count, unit = upcoming[:-1], upcoming[-1:]
    if unit not in _UNITS or not count.isdigit() or not count.isascii():
        return None
    try:
        return today + timedelta(days=int(count) * _UNITS[unit])
    except OverflowError:
        return date.max


def _split(joined: str) -> frozenset[str]:
    return frozenset(joined.split(_SEP)) if joined else frozenset()

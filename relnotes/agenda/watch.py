"""Watch mode: keep the agenda current while notes change, and when the date rolls over.

:class:`AgendaWatcher` is the core and runs no threads: ``process`` takes a batch of changed
vault paths, re-reads only those notes and regenerates the agenda; ``tick`` regenerates when
the day has changed. :class:`Watch` wraps it in a watchdog observer and a debounce loop.
Only the ``watch`` command imports this module (watchdog is slow to import). No Click here.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.api import BaseObserver

from relnotes.agenda.build import Agenda, build_agenda, link_targets, render
from relnotes.agenda.file import CONFIG_SETTING, write_agenda
from relnotes.core.live import LiveIndex
from relnotes.core.settings import Config
from relnotes.errors import RelnotesError, VaultError
from relnotes.vault.cache import open_cache
from relnotes.vault.load import NoteSet, no_gc
from relnotes.vault.scan import NotePaths, scan

Log = Callable[[str], None]
CHANGES = ("created", "deleted", "modified", "moved")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


class PathFilter:
    """Which paths the observer reports can change the agenda.

    Only notes count, by the walk's own rule (:class:`~relnotes.vault.scan.NotePaths`): ``*.md``
    files outside hidden folders (``.git``, ``.obsidian``, ``.relnotes``), the drafts and
    templates folders, and not the agenda file itself. That leaves out every
    editor's temp and lock files: vim's ``.swp``/``.swx``/``4913``, ``~`` backups, Emacs'
    ``.#`` locks, ``*.tmp``/``.*.tmp`` atomic-save files (Obsidian, VS Code, our own agenda
    writes) and ``*.crswap``.
    """

    def __init__(self, config: Config) -> None:
        self.prefix = str(config.root).rstrip(os.sep) + os.sep
        self.paths = NotePaths.of(config)

    def rel(self, path: str, is_dir: bool = False) -> str | None:
        """The vault-relative path (a folder's ends with "/"), or None when it does not matter."""
        if not path.startswith(self.prefix):
            return None
        rel = path[len(self.prefix):].replace(os.sep, "/").strip("/")
        if is_dir:
            return rel + "/" if self.paths.folder(rel) else None
        return rel if self.paths.note(rel) else None

    def maybe_folder(self, path: str) -> str | None:
        """For a path reported as a file that is not a note: as a folder ("rel/"), when it is a
        symbolic link or is gone (it may have been a link to a folder), in a place the walk would
        go into; else None."""
        folder = self.rel(path, is_dir=True)
        if folder is None or (os.path.lexists(path) and not os.path.islink(path)):
            return None
        return folder


class AgendaWatcher:
    """Re-reads what changed and rewrites the agenda; logs one line per regeneration.

    With ``path`` None the agenda goes to ``echo`` (stdout) instead of a file: in full, the
    first time and then each time its text changes. ``hint`` is named when the file is
    refused (see ``agenda.write_agenda``).
    """

    def __init__(self, config: Config, path: Path | None, *, today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = datetime.now, log: Log = _stderr, echo: Log = _stdout,
                 hint: str = CONFIG_SETTING, timings: bool = False, use_cache: bool = True) -> None:
        self.config = config
        self.timings = timings  # add how long each regeneration took to its log line
        self.use_cache = use_cache
        self.live: LiveIndex
        self._links: tuple[tuple[int, date], dict[str, tuple[str, str]]] | None = None
        self._lines: dict[int, tuple[Any, str]] = {}  # agenda lines by item, for one day and set of links
        self.path = path
        self.echo = echo
        self.hint = hint
        self.shown: str | None = None  # the text last printed, with no file
        self.notes = NoteSet(config)
        self.filter = PathFilter(config)
        self.today = today
        self.now = now
        self.log = log
        self._link_places: set[str] = set()  # each link on the way of a note that is a link, and its end
        self._link_notes: set[str] = set()  # the notes that are symbolic links
        self.day: date | None = None  # the date the agenda was last written for
        self.regenerations = 0
        self.writes = 0

    def start(self) -> Agenda:
        """Read the whole vault (through the cache, which is then let go) and write the agenda."""
        started = time.perf_counter()
        self.notes.cache = open_cache(self.config.root, self._warn) if self.use_cache else None
        with no_gc():
            self.notes.load_all()
            self.notes.save({})
            if self.notes.cache is not None:
                self.notes.cache.close()
                self.notes.cache = None
            self.live = LiveIndex(self.config, self.notes.notes, self.notes.scan_problems, self.today())
        self._link_places, self._link_notes = _link_targets(self.notes.entries)
        count = len(self.notes.notes)
        return self.regenerate(f"read {count} note{'s' if count != 1 else ''}", started)

    def process(self, rels: Iterable[str]) -> Agenda | None:
        """Re-read these vault paths (folders end with "/") and regenerate; None when none is a note."""
        started = time.perf_counter()
        rels = list(rels)
        # a folder, a symbolic link, or a place a broken link points at: the walk says which
        # notes there are now (it follows no loop and reports broken links), as a fresh read's would
        walked = scan(self.config) if self._needs_walk(rels) else None
        present = {e.rel: e for e in walked[0]} if walked is not None else None
        paths = self._expand(rels, present)
        problems_changed = False
        if walked is not None and present is not None:
            # a note that is a link holds what its chain ends at now: read each again
            paths |= self._link_notes
            self._link_places, self._link_notes = _link_targets(walked[0])
            paths |= self._link_notes
            paths |= present.keys() - self.notes.notes.keys()  # notes that appeared: a link mended
            paths |= self.notes.notes.keys() - present.keys()  # notes that went: a link broken, a loop
            problems_changed = [p.format() for p in walked[1]] != [p.format() for p in self.notes.scan_problems]
        if not paths and not problems_changed:
            return None
        changed = sorted(paths)
        if changed:
            self.notes.refresh(changed, present)
            self.live.update(changed)
        if walked is not None and problems_changed:
            self.notes.scan_problems = walked[1]
            self.live.set_scan_problems(walked[1])
        count = len(paths)
        return self.regenerate(f"{count} file{'s' if count != 1 else ''} changed", started)

    def _needs_walk(self, rels: list[str]) -> bool:
        """Whether these changes can change which notes the walk finds, beyond the files named."""
        root = self.config.root
        known = {p.file.rstrip("/") for p in self.notes.scan_problems}
        for rel in rels:
            bare = rel.rstrip("/")
            if bare in known or os.path.islink(root / bare):
                return True
            if rel.endswith("/") and (os.path.lexists(root / bare) or any(n.startswith(rel) for n in self.notes.notes)):
                return True  # a folder made, moved or removed (not a deleted file the observer could not tell)
        # a note that is a link changes with each link on its way and what it ends at; a broken
        # link is mended by making what it points at: a path at or above one of those places
        places = {os.path.realpath(root / file) for file in known} | self._link_places
        if not places:
            return False
        for rel in rels:
            bare = rel.rstrip("/")
            spots = {os.path.realpath(root / bare),
                     os.path.join(os.path.realpath(os.path.dirname(root / bare)), os.path.basename(bare))}
            if any(p == spot or p.startswith(spot + os.sep) for p in places for spot in spots):
                return True
        return False

    def _warn(self, message: str) -> None:
        self.log(f"{self.stamp()} warning: {message}")

    def tick(self) -> Agenda | None:
        """Regenerate when the date has changed since the last regeneration (due dates move)."""
        if self.today() == self.day:
            return None
        return self.regenerate("new day")

    def regenerate(self, reason: str, started: float | None = None) -> Agenda:
        started = time.perf_counter() if started is None else started
        today = self.today()
        self.day = today  # set first: a failed write is retried on the next change, not every tick
        self.regenerations += 1
        live = self.live
        items = live.items(today)
        if self._links is None or self._links[0] != (live.full_rebuilds, today):
            # note names change only in a rebuild; an item's line, with the day too
            self._links = ((live.full_rebuilds, today), link_targets(live.index))
            self._lines = {}
        agenda = build_agenda(live.index, today, self.config, items=items, links=self._links[1])
        if len(self._lines) > 2 * len(items) + 100:  # lines of items that are gone: let them go
            alive = {id(item) for item in items}
            self._lines = {key: kept for key, kept in self._lines.items() if key in alive}
        changed = self._output(render(agenda, self._lines))
        self.writes += changed
        took = f"; {(time.perf_counter() - started) * 1000:.0f} ms" if self.timings else ""
        self.log(f"{self.stamp()} agenda: {agenda.summary()} ({reason}{'' if changed else '; unchanged'}{took})")
        return agenda

    def _output(self, text: str) -> bool:
        """Write the file, or print the text when there is no file; whether anything changed."""
        if self.path is not None:
            return write_agenda(self.path, text, self.config, self.hint)
        if text == self.shown:
            return False
        self.echo(text)
        self.shown = text
        return True

    def stamp(self) -> str:
        return f"{self.now():%H:%M:%S}"

    def _expand(self, rels: Iterable[str], present: dict[str, Any] | None) -> set[str]:
        """Files as they are; a folder (created, deleted or moved) as the notes under it, then
        and now (``present``: the notes a walk just found; a folder always comes with one)."""
        out: set[str] = set()
        for rel in rels:
            if not rel.endswith("/"):
                out.add(rel)
                continue
            out.update(known for known in self.notes.notes if known.startswith(rel))
            if present is not None:
                out.update(found for found in present if found.startswith(rel))
        return out


def _link_targets(entries: Iterable[Any]) -> tuple[set[str], set[str]]:
    """The notes that are symbolic links, and the places that decide what they hold: each link
    on the way (a link to a link is a chain) and the file it ends at. An edit there is an edit
    of the note, which the observer reports under that place's own path. (One ``lstat`` per
    note, and a few calls per link.)"""
    places: set[str] = set()
    notes: set[str] = set()
    for entry in entries:
        try:
            if not stat.S_ISLNK(os.lstat(entry.path).st_mode):
                continue
        except OSError:
            continue
        notes.add(entry.rel)
        hop = entry.path
        for _ in range(MAX_HOPS):
            places.add(os.path.join(os.path.realpath(os.path.dirname(hop)), os.path.basename(hop)))
            try:
                hop = os.path.join(os.path.dirname(hop), os.readlink(hop))
            except OSError:  # not a link: the end of the chain
                break
        places.add(os.path.realpath(entry.path))
    return places, notes


MAX_HOPS = 40  # links followed in one chain, as the kernel does (ELOOP beyond)


def _folder_id(path: Path) -> tuple[int, int] | None:
    """Which folder is at ``path`` (device and inode), or None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


class Debouncer:
    """Collects changed paths; hands them over after ``quiet`` seconds without news, or at the
    latest ``longest`` seconds after the first, so a `git pull` of 500 files is one batch."""

    def __init__(self, quiet: float = 0.3, longest: float = 2.0) -> None:
        self.quiet = quiet
        self.longest = longest
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._closed = False

    def add(self, rels: Iterable[str]) -> None:
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.update(rels)
            self._last = now
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def take(self, timeout: float) -> set[str]:
        """The next batch; empty after ``timeout`` seconds with nothing new, or once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._pending or self._closed, timeout)
            while self._pending and not self._closed:
                remaining = min(self._last + self.quiet, self._first + self.longest) - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            batch, self._pending = self._pending, set()
            return batch


class _Handler(FileSystemEventHandler):
    """Runs on the observer's thread: filter, then queue. Everything else happens in the loop."""

    def __init__(self, path_filter: PathFilter, debouncer: Debouncer) -> None:
        self.filter = path_filter
        self.debouncer = debouncer
        self.ignored: deque[str] = deque(maxlen=1000)  # recent paths that changed nothing

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES or (event.is_directory and event.event_type == "modified"):
            return
        paths = [os.fsdecode(event.src_path)]
        if event.event_type == "moved":
            paths.append(os.fsdecode(event.dest_path))
        rels = []
        for path in paths:
            rel = self.filter.rel(path, event.is_directory)
            if rel is None and not event.is_directory:
                # a symbolic link to a folder is reported as a file (inotify does not follow it),
                # and a removed one can no longer be told from a removed file: the watcher
                # decides, knowing what was there
                rel = self.filter.maybe_folder(path)
            if rel is None:
                self.ignored.append(path)
            else:
                rels.append(rel)
        if rels:
            self.debouncer.add(rels)


class Watch:
    """The observer and the debounce loop around an :class:`AgendaWatcher`.

    ``run`` blocks until ``stop`` is called (from another thread) or Ctrl-C; the observer is
    always stopped and joined on the way out.
    """

    def __init__(self, watcher: AgendaWatcher, *, quiet: float = 0.3, longest: float = 2.0,
                 tick: float = 1.0, poll: bool = False, debug: bool = False) -> None:
        self.watcher = watcher
        self.debouncer = Debouncer(quiet, longest)
        self.handler = _Handler(watcher.filter, self.debouncer)
        self.tick = tick
        self.poll = poll
        self.debug = debug
        self.ready = threading.Event()  # set once the first agenda is written
        self._stop = threading.Event()

    def run(self) -> None:
        """Raises VaultError when the vault folder goes away: the observer would see nothing more."""
        root = self.watcher.config.root
        folder = _folder_id(root)
        observer = self._observer()
        try:
            self.watcher.start()
            self.ready.set()
            while not self._stop.is_set():
                batch = self.debouncer.take(self.tick)
                if self._stop.is_set():
                    break
                if _folder_id(root) != folder:
                    raise VaultError(f"the vault folder {root} is gone (deleted, moved or replaced); stopped watching")
                self._step(batch)
        finally:
            observer.stop()
            observer.join()

    def stop(self) -> None:
        self._stop.set()
        self.debouncer.close()

    @property
    def ignored(self) -> list[str]:
        """Recent paths the observer reported that changed nothing (newest last)."""
        return list(self.handler.ignored)

    def _observer(self) -> BaseObserver:
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        observer = PollingObserver() if self.poll else Observer()
        observer.schedule(self.handler, str(self.watcher.config.root), recursive=True)
        try:
            observer.start()
        except OSError as exc:
            raise VaultError(f"cannot watch {self.watcher.config.root}: {exc.strerror or exc} "
                             "(try --poll, or raise fs.inotify.max_user_watches)") from None
        return observer

    def _step(self, batch: set[str]) -> None:
        """One batch, or a look at the clock; an error is logged and the watch goes on."""
        try:
            if batch:
                self.watcher.process(batch)
            else:
                self.watcher.tick()
        except RelnotesError as exc:
            self.watcher.log(f"{self.watcher.stamp()} agenda: error: {exc.format()}")
        except BrokenPipeError:  # printing to a pipe whose reader has gone: stop, as other commands do
            raise
        except Exception as exc:
            detail = traceback.format_exc().rstrip() if self.debug else f"{type(exc).__name__}: {exc}"
            self.watcher.log(f"{self.watcher.stamp()} agenda: internal error: {detail}")

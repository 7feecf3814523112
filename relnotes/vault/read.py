"""Reading many notes at once: in worker processes where that pays, else one by one.

A cold read of a big vault is parsing, which is CPU-bound Python: with more than one core
and thousands of notes to read, the notes are parsed in forked workers that send back each
note pickled (the form the cache stores anyway). Forking is only done where it is safe and
cheap: on Linux, from a process with no other threads (watch mode's observer has some).
Anything going wrong with the workers falls back to reading in this process. A worker ends
when this process does, however it ends (a ``kill -9`` too): none is left waiting for work.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from relnotes.core.model import Note
from relnotes.vault.cache import dump_note, share_strings

if TYPE_CHECKING:
    from relnotes.core.settings import Config
    from relnotes.vault.scan import Entry

PARALLEL_MIN = 2000  # fewer notes than this are read faster than workers start
CHUNK = 250
MAX_WORKERS = 8
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
ORPHAN_POLL = 0.5  # seconds between looks at the parent, where prctl cannot be had

Progress = Callable[[int, int], None]
Read = tuple["Entry", Note, bytes | None]

_config: Config | None = None  # the worker's, set before forking


def read_many(entries: list[Entry], config: Config, progress: Progress | None = None, *,
              want_blobs: bool = False) -> Iterator[Read]:
    """Each entry's parsed note (and its pickled form when ``want_blobs``), in order."""
    done = 0
    if _parallel_pays(len(entries)):
        try:
            for read in _in_workers(entries, config, progress):
                yield read
                done += 1
            return
        except (OSError, pickle.PickleError, RuntimeError, EOFError):
            pass  # the workers could not start or one died (BrokenProcessPool): read the rest here
    yield from _here(entries[done:], config, progress, want_blobs)


def usable_cpus() -> int:
    """The CPUs this process may run on (a container or ``taskset`` may allow fewer than the
    machine has, which ``os.cpu_count`` would not say)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _parallel_pays(count: int) -> bool:
    return (
        count >= PARALLEL_MIN
        and usable_cpus() > 1
        and sys.platform.startswith("linux")
        and threading.active_count() == 1
        and os.environ.get("RELNOTES_WORKERS", "") != "1"
    )


def _here(entries: list[Entry], config: Config, progress: Progress | None, want_blobs: bool) -> Iterator[Read]:
    from relnotes.vault.load import read_entry

    total = len(entries)
    for number, entry in enumerate(entries, 1):
        note = read_entry(entry, config)
        yield entry, note, dump_note(note) if want_blobs else None
        if progress is not None and (number % 500 == 0 or number == total):
            progress(number, total)


def _in_workers(entries: list[Entry], config: Config, progress: Progress | None) -> Iterator[Read]:
    """A worker that dies (killed, out of memory) breaks the pool: the error reaches
    ``read_many``, which reads the rest here."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _config
    _config = config
    chunks = [entries[i : i + CHUNK] for i in range(0, len(entries), CHUNK)]
    workers = min(usable_cpus(), MAX_WORKERS, len(chunks))
    total, done = len(entries), 0
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_die_with,
                             initargs=(os.getpid(),)) as pool:
        # unpickling here overlaps with the workers parsing the next chunks
        for chunk, blobs in zip(chunks, pool.map(_parse_chunk, chunks), strict=True):
            for entry, blob in zip(chunk, blobs, strict=True):
                yield entry, share_strings(pickle.loads(blob)), blob
            done += len(chunk)
            if progress is not None:
                progress(done, total)


def _parse_chunk(chunk: list[Entry]) -> list[bytes]:
    from relnotes.vault.load import read_entry

    assert _config is not None
    return [dump_note(read_entry(entry, _config, shared=False)) for entry in chunk]


def _die_with(parent: int) -> None:
    """A worker's first step: ask the kernel to kill it when ``parent`` dies (or, where that
    cannot be had, look every ORPHAN_POLL seconds), so a parent killed outright leaves no worker
    blocked forever on a queue nobody writes to. Never raises: that would break the pool."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        asked = libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL), ctypes.c_ulong(0), ctypes.c_ulong(0),
                           ctypes.c_ulong(0)) == 0
    except (OSError, AttributeError):
        asked = False
    if not asked:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the kernel was asked
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_POLL)
    os._exit(1)

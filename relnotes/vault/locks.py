"""Advisory locks so that relnotes' own edits of one note take turns.

Each note has a lock file, ``.relnotes/locks/<hash>.lock`` in the vault (hidden, so relnotes
and Obsidian pass it by; ``.relnotes/locks/.gitignore`` keeps it out of git), locked with
``flock``. An editing command holds it from reading the note until the new version is renamed
over it: a second relnotes waits, then reads the edited note and makes its edit on top. Editors
and sync tools do not take it; for them the write path's checks remain (docs/write-path.md).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from relnotes.errors import ConflictError, RelnotesError, VaultError
from relnotes.vault.files import create_new, inside, shown

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, edits rely on the checks alone
    fcntl = None  # type: ignore[assignment]

LOCK_DIR = ".relnotes/locks"
WAIT_SECONDS = 10.0  # how long a second relnotes waits for the one editing the same note
_IGNORE = b"# relnotes' locks: safe to delete, never commit them\n*\n"
_CANNOT_LOCK = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL)  # e.g. some network disks



@dataclass
class _Held:
    fd: int | None  # None: held without a real lock (the file system has none)
    depth: int = 0


_held: dict[str, _Held] = {}  # this process's locks, by lock file


def lock_file(root: Path, path: Path) -> Path:
    """The lock file of the note at ``path``: one per real file, whatever link led to it.

    VaultError when the note is outside the vault.
    """
    real_root = Path(os.path.realpath(root))
    rel = inside(root, path).relative_to(real_root).as_posix()
    digest = hashlib.sha256(rel.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return real_root / LOCK_DIR / f"{digest}.lock"


@contextlib.contextmanager
def note_lock(root: Path, path: Path) -> Iterator[None]:
    """Hold the note's lock for the block, waiting while another relnotes holds it.

    ConflictError (nothing written) after WAIT_SECONDS; VaultError when the lock cannot be
    made (``.relnotes`` leads out of the vault, or cannot be written). Taking it again in the
    same process just nests. Where the file system cannot lock at all, the block runs unlocked.
    """
    lock = lock_file(root, path)
    key = str(lock)
    if key not in _held:
        _held[key] = _Held(_take(lock, root, path))
    held = _held[key]
    held.depth += 1
    try:
        yield
    finally:
        held.depth -= 1
        if held.depth == 0:
            del _held[key]
            if held.fd is not None:
                os.close(held.fd)  # releases the lock


def _take(lock: Path, root: Path, path: Path) -> int | None:
    """The open, locked lock file; None when locks are not to be had here."""
    if fcntl is None:
        return None
    fd = _open(lock, root, path)
    deadline = time.monotonic() + WAIT_SECONDS
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise ConflictError(f"{shown(path, root)} is being edited by another relnotes (waited "
                                    f"{WAIT_SECONDS:g} s); nothing was written — run the command again") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _CANNOT_LOCK:
                return None
            raise _cannot(lock, root, path, exc) from None


def _open(lock: Path, root: Path, path: Path) -> int:
    folder = lock.parent
    try:
        inside(root, folder)  # before making it: .relnotes may be a link out of the vault
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
        if not os.path.lexists(folder / ".gitignore"):
            with contextlib.suppress(RelnotesError):  # made meanwhile, or cannot be: locks still work
                create_new(folder / ".gitignore", _IGNORE, root=root)
        nofollow = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        return os.open(lock, os.O_RDWR | os.O_CREAT | nofollow, 0o666)
    except OSError as exc:
        raise _cannot(lock, root, path, exc) from None


def _cannot(lock: Path, root: Path, path: Path, exc: OSError) -> VaultError:
    return VaultError(f"cannot lock the note ({shown(lock, root)}: {exc.strerror or exc}); nothing was written",
                      path=shown(path, root))

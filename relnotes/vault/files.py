"""The write path: every file relnotes writes goes through here, atomically, inside the vault.

Reading keeps a note's exact bytes; the text edits are pure functions on the ``"\\n"``-normalised
text; :func:`render` turns edited text back into bytes, restoring the BOM and each untouched
line's own line ending; :func:`write_note` replaces the file atomically and refuses when it
changed on disk since it was read. :func:`create_new` / :func:`create_note` make a new file and
never replace one; :func:`replace` atomically rewrites a file relnotes itself generates.

Given the vault ``root`` (a keyword argument; None: no check), each write first resolves the
real path it would change and refuses one outside the vault's real root (:func:`inside`).
Locks that make two relnotes take turns live in :mod:`relnotes.vault.locks`.
See docs/write-path.md for the promises this makes to users.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from functools import partial
from pathlib import Path

from relnotes.errors import ConflictError, ExistsError, NoteError, RelnotesError, VaultError
from relnotes.notes.notetext import BOM, EOL, NoteFile, _decode, decode, first_newline, render

# --- where relnotes may write ----------------------------------------------------------------


def shown(path: Path, root: Path | None) -> str:
    """``path`` relative to the vault when it lies in it (as named), else as given."""
    if root is not None:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        if rel != ".." and not rel.startswith(".." + os.sep):
            return Path(rel).as_posix()
    return str(path)


def inside(root: Path, path: Path) -> Path:
    """Where ``path`` really is (every symbolic link on the way followed); VaultError unless
    that is inside the real ``root``. The path need not exist yet."""
    real = Path(os.path.realpath(path))
    _check_inside(root, path, real)
    return real


def _check_inside(root: Path, path: Path, real: Path) -> None:
    real_root = os.path.realpath(root)
    try:
        ok = os.path.commonpath([real_root, real]) == real_root
    except ValueError:  # another drive (Windows)
        ok = False
    if not ok:
        raise VaultError(f"leads outside the vault (to {real}) through a symbolic link; nothing was written "
                         f"— relnotes writes only inside {real_root}", path=shown(path, root))


def _real(path: Path, root: Path | None) -> Path:
    return inside(root, path) if root is not None else Path(os.path.realpath(path))


# --- reading -----------------------------------------------------------------------------------


def note_text(root: Path, rel: str) -> str | None:
    """A note's text as relnotes reads it (BOM dropped, every line ending ``\n``), for reading only
    (search, drafts); None when it cannot be read or is no UTF-8 text."""
    try:
        return decode((root / rel).read_bytes())
    except (OSError, ValueError):
        return None


def read_note(path: Path, *, root: Path | None = None) -> NoteFile:
    """Read ``path`` (through a symlink); NoteError if it cannot be read or is not UTF-8.

    With ``root``, VaultError when the file it leads to is outside the vault.
    """
    if root is not None:
        inside(root, path)
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())  # before reading: a later change shows as a conflict
            raw = handle.read()
    except OSError as exc:
        raise NoteError(f"cannot read the note: {exc.strerror or exc}", path=str(path)) from exc
    bom = raw.startswith(BOM)
    decoded = _decode(raw, bom, path)
    return NoteFile(path, raw, st.st_size, st.st_mtime_ns, bom, first_newline(decoded), EOL.sub("\n", decoded),
                    ino=st.st_ino)


# --- writing over a note -------------------------------------------------------------------------


def write_note(note: NoteFile, text: str, *, root: Path | None = None) -> bool:
    """Write ``text`` over the note atomically; False (nothing written) when it is unchanged.

    ConflictError, and nothing written, when the file changed on disk since it was read (size,
    modification time, inode or bytes), also when checked again just before the rename. NoteError
    when the note is read-only. A symlink is kept: the file it points to is replaced, keeping its
    permissions, owner and extended attributes where the system allows. With ``root``, VaultError
    when that file is outside the vault. Hold the note's lock (``locks.note_lock``) around this
    so that another relnotes cannot write between the last check and the rename.
    """
    if text == note.text:
        return False
    data = render(note, text)
    target = _real(note.path, root)
    try:
        st = _unchanged_stat(note, target, root)
        _check_writable(target, st, note.path, root)
        tmp = _write_temp(target, data, st)
        try:
            if _real(note.path, root) != target:  # a link or folder on the way was retargeted
                raise _conflict(note, root)
            _unchanged_stat(note, target, root)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise NoteError(f"cannot write the note ({exc.strerror or exc}); nothing was written",
                        path=shown(note.path, root)) from exc
    _fsync_dir(target.parent)
    return True


def _unchanged_stat(note: NoteFile, target: Path, root: Path | None) -> os.stat_result:
    """The target's stat, or ConflictError if its size, mtime, inode or bytes differ from the read."""
    try:
        with open(target, "rb") as handle:
            st = os.fstat(handle.fileno())
            same = st.st_size == note.size and st.st_mtime_ns == note.mtime_ns
            same = same and (not note.ino or st.st_ino == note.ino)  # replaced by another file
            same = same and handle.read() == note.raw  # a same-size edit within one mtime tick
    except FileNotFoundError:
        same = False
    if not same:
        raise _conflict(note, root)
    return st


def _conflict(note: NoteFile, root: Path | None) -> ConflictError:
    return ConflictError.changed(shown(note.path, root))


def _check_writable(target: Path, st: os.stat_result, path: Path, root: Path | None) -> None:
    """NoteError when the note is read-only: no write permission for anyone, or none for us.

    Renaming over it would succeed (the folder is writable), but a shell append would not.
    """
    if st.st_mode & 0o222 and os.access(target, os.W_OK):
        return
    raise NoteError(f"is read-only ({stat.filemode(st.st_mode)}); nothing was written — make it writable "
                    f"(chmod u+w) to edit it with relnotes", path=shown(path, root))


# --- writing generated files, creating new ones ------------------------------------------------


def replace(path: Path, data: bytes, *, root: Path | None = None) -> None:
    """Atomically replace a generated file (the agenda): temp file, fsync, rename.

    A symlink is kept (its target is written); permissions, owner and extended attributes are
    kept. No conflict check: only for files relnotes itself owns. Raises OSError (also when the
    file is read-only); with ``root``, VaultError when the file is outside the vault.
    """
    target = _real(path, root)
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and not (st.st_mode & 0o222 and os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "it is read-only", str(path))
    tmp = _write_temp(target, data, st)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def create_new(path: Path, data: bytes, *, root: Path | None = None) -> None:
    """Create a new file holding ``data``, atomically and exclusively.

    RelnotesError, and nothing written, if anything has the name (even a broken symlink); NoteError
    when the file cannot be written; with ``root``, VaultError when it would be outside the vault.
    """
    _create(path, data, root, "file")


def create_note(path: Path, text: str, *, root: Path | None = None) -> None:
    """Create a new note atomically; RelnotesError (and nothing written) if ``path`` exists."""
    _create(path, text.encode("utf-8"), root, "note")


def _create(path: Path, data: bytes, root: Path | None, noun: str) -> None:
    """Temp file (fsynced), then a hard link to the name, which fails if the name is taken."""
    target = Path(os.path.realpath(path.parent)) / path.name  # the name itself is never followed
    if root is not None:
        _check_inside(root, path, target)
    try:
        tmp = _write_temp(target, data, None)
        try:
            os.link(tmp, target)  # fails if anything (even a broken symlink) has the name
        except FileExistsError:
            raise _exists(path) from None
        except OSError:  # a file system without hard links: exclusive create instead
            _create_exclusive(target, data, path)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise NoteError(f"cannot create the {noun} ({exc.strerror or exc}); nothing was written",
                        path=str(path)) from exc
    _fsync_dir(target.parent)


def _exists(path: Path) -> RelnotesError:
    return ExistsError(f"{path} already exists; nothing was written — pick another name or edit that note")


def _create_exclusive(target: Path, data: bytes, path: Path) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise _exists(path) from None
    try:
        _write_fd(fd, data)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


# --- temp files and metadata -----------------------------------------------------------------


def _write_temp(target: Path, data: bytes, like: os.stat_result | None) -> Path:
    """A hidden ``.NAME.relnotes-XXXXXXXX.tmp`` beside ``target`` holding ``data``, fsynced.

    With ``like`` (the stat of the file it will replace), it gets that file's permissions,
    owner and extended attributes before it is fsynced; without, the umask decides.
    """
    name = target.name if len(target.name.encode()) <= 200 else "note"  # stay under NAME_MAX
    while True:
        tmp = target.parent / f".{name}.relnotes-{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if like is not None else 0o666)
            break
        except FileExistsError:
            continue
    try:
        _write_fd(fd, data, None if like is None else partial(_copy_metadata, tmp=tmp, like=like, source=target))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_fd(fd: int, data: bytes, before_sync: Callable[[int], None] | None = None) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        if before_sync is not None:
            before_sync(handle.fileno())
        os.fsync(handle.fileno())


def _copy_metadata(fd: int, tmp: Path, like: os.stat_result, source: Path) -> None:
    """Give the temp file ``source``'s owner and group, permissions and extended attributes
    (ACLs among them).

    Only where the system lets us: root may set any owner, others only a group they are in;
    an attribute that cannot be set (another file system, no privilege) is left out.
    """
    if hasattr(os, "fchown"):
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) != (like.st_uid, like.st_gid):
            try:
                os.fchown(fd, like.st_uid, like.st_gid)
            except OSError:
                with contextlib.suppress(OSError):
                    os.fchown(fd, -1, like.st_gid)
    os.chmod(tmp, stat.S_IMODE(like.st_mode))  # after chown, which may clear set-id bits
    if not hasattr(os, "listxattr"):
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(fd, name, os.getxattr(source, name))


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows cannot open a folder
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

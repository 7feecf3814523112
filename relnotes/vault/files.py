"""The write path: read a note, edit its text line by line, write it back without losing a byte.

Every editing command goes through here. Reading keeps the exact bytes; the text edits are
pure functions on the ``"\\n"``-normalised text; :func:`render` turns edited text back into
bytes, restoring the BOM and each untouched line's own line ending; :func:`write_note`
replaces the file atomically and refuses when it changed on disk since it was read.
See docs/write-path.md for the promises this makes to users.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from relnotes.errors import ConflictError, NoteError, RelnotesError
from relnotes.notes.notetext import BOM, EOL, NoteFile, _decode, first_newline, render

# --- reading and rendering ---------------------------------------------------------------


def read_note(path: Path) -> NoteFile:
    """Read ``path`` (through a symlink); NoteError if it cannot be read or is not UTF-8."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())  # before reading: a later change shows as a conflict
            raw = handle.read()
    except OSError as exc:
        raise NoteError(f"cannot read the note: {exc.strerror or exc}", path=str(path)) from exc
    bom = raw.startswith(BOM)
    decoded = _decode(raw, bom, path)
    return NoteFile(path, raw, st.st_size, st.st_mtime_ns, bom, first_newline(decoded), EOL.sub("\n", decoded))










# --- writing -----------------------------------------------------------------------------


def write_note(note: NoteFile, text: str) -> bool:
    """Write ``text`` over the note atomically; False (nothing written) when it is unchanged.

    ConflictError, and nothing written, when the file changed on disk since it was read.
    A symlink is kept: the file it points to is replaced.
    """
    if text == note.text:
        return False
    data = render(note, text)
    target = Path(os.path.realpath(note.path))
    try:
        mode = stat.S_IMODE(_unchanged_stat(note, target).st_mode)
        tmp = _write_temp(target, data, mode)
        try:
            _unchanged_stat(note, target)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise NoteError(f"cannot write the note ({exc.strerror or exc}); nothing was written",
                        path=str(note.path)) from exc
    _fsync_dir(target.parent)
    return True


def replace_file(path: Path, data: bytes) -> None:
    """Atomically replace a generated file (the agenda): temp file, fsync, rename; mode kept.

    No conflict check: only for files relnotes itself owns. Raises OSError.
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o644
    tmp = _write_temp(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def create_note(path: Path, text: str) -> None:
    """Create a new note atomically; RelnotesError (and nothing written) if ``path`` exists."""
    data = text.encode("utf-8")
    try:
        tmp = _write_temp(path, data, None)
        try:
            os.link(tmp, path)  # fails if anything (even a broken symlink) has the name
        except FileExistsError:
            raise _exists(path) from None
        except OSError:  # a file system without hard links: exclusive create instead
            _create_exclusive(path, data)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise NoteError(f"cannot create the note ({exc.strerror or exc}); nothing was written",
                        path=str(path)) from exc
    _fsync_dir(path.parent)


def _exists(path: Path) -> RelnotesError:
    return RelnotesError(f"{path} already exists; nothing was written — pick another name or edit that note")


def _create_exclusive(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise _exists(path) from None
    try:
        _write_fd(fd, data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _unchanged_stat(note: NoteFile, target: Path) -> os.stat_result:
    """The target's stat, or ConflictError if its size, mtime or bytes differ from the read."""
    try:
        st = os.stat(target)
        same = st.st_size == note.size and st.st_mtime_ns == note.mtime_ns
        same = same and target.read_bytes() == note.raw  # a same-size edit within one mtime tick
    except FileNotFoundError:
        same = False
    if not same:
        raise ConflictError(
            f"{note.path} changed on disk since it was read; nothing was written — run the command again"
        )
    return st


def _write_temp(target: Path, data: bytes, mode: int | None) -> Path:
    """A hidden ``.NAME.relnotes-XXXXXXXX.tmp`` beside ``target`` holding ``data``, fsynced."""
    name = target.name if len(target.name.encode()) <= 200 else "note"  # stay under NAME_MAX
    while True:
        tmp = target.parent / f".{name}.relnotes-{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if mode is not None else 0o666)
            break
        except FileExistsError:
            continue
    try:
        _write_fd(fd, data)
        if mode is not None:
            os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_fd(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


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


# --- front matter edits ------------------------------------------------------------------






























# --- body edits --------------------------------------------------------------------------













"""New notes, all or none: every place is checked before the first byte is written.

``relnotes debrief`` creates an event note and a contact note for each new person. Either
all of them are created or, when one cannot be, none is: the ones created before it are
removed again (only if they still hold exactly what was written), so "nothing was written"
stays true and the command can simply be run again.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from relnotes.errors import ExistsError, RelnotesError, WriteError
from relnotes.vault.files import create_note, inside


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def not_a_folder(root: Path, folder: Path) -> Path | None:
    """The first of ``folder``'s parts, from ``root`` down, that exists but is no folder (a
    file, or a symlink to nothing), so nothing can be created below it; None when all can be."""
    place = root
    for part in folder.relative_to(root).parts:
        place = place / part
        if place.is_dir():
            continue
        return place if place.exists() or place.is_symlink() else None
    return None


def check_places(root: Path, paths: Sequence[Path]) -> None:
    """RelnotesError (nothing written yet) unless every one of ``paths`` can be created, inside the vault."""
    seen: set[Path] = set()
    for path in paths:
        inside(root, path)  # none is made when one would land outside the vault through a link
        blocked = not_a_folder(root, path.parent)
        if blocked is not None:
            what = "a link to nothing" if blocked.is_symlink() and not blocked.exists() else "a file"
            raise WriteError(f"{_shown(blocked, root)} is {what}, not a folder, so {_shown(path, root)} cannot "
                                "be created there; move it away; nothing was written")
        if path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
            raise WriteError(f"cannot create notes in {_shown(path.parent, root)}/ (permission denied); "
                                "nothing was written")
        if os.path.lexists(path):  # a file, a folder or a link, even a broken one
            raise ExistsError(f"{_shown(path, root)} already exists; nothing was written")
        if path in seen:
            raise ExistsError(f"{_shown(path, root)} would be written twice; nothing was written")
        seen.add(path)


def create_all(root: Path, notes: Sequence[tuple[Path, str]]) -> None:
    """Create every note (path, text), or none: check_places first, and undo on a failure."""
    check_places(root, [path for path, _ in notes])
    done: list[tuple[Path, str]] = []
    try:
        for path, text in notes:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise WriteError(f"cannot create the folder {_shown(path.parent, root)} "
                                    f"({exc.strerror or exc}); nothing was written") from exc
            create_note(path, text, root=root)
            done.append((path, text))
    except RelnotesError as exc:
        kept = _undo(done)
        if kept:  # its "; nothing was written" is no longer true: say what is left
            raise WriteError(f"{exc.message.split(';')[0]}, after {', '.join(_shown(p, root) for p in kept)} "
                                "had been created (they are kept: check them)", path=exc.path) from exc
        raise


def _undo(done: list[tuple[Path, str]]) -> list[Path]:
    """Remove the notes just created; those that changed since, or cannot be removed, are kept."""
    kept = []
    for path, text in reversed(done):
        try:
            if path.read_bytes() != text.encode("utf-8"):
                kept.append(path)
                continue
            path.unlink()
        except OSError:
            kept.append(path)
    return list(reversed(kept))

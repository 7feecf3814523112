"""`relnotes init`: a new vault, never clobbering an existing one."""

from __future__ import annotations

import os
from pathlib import Path

import relnotes
from relnotes.config import CONFIG_NAME, defaults_toml
from relnotes.core.settings import Config
from relnotes.errors import ExistsError, VaultError, WriteError
from relnotes.vault.create import not_a_folder
from relnotes.vault.files import create_new, inside, replace

GITIGNORE_LINE = ".relnotes/"


def sample_source() -> Path:
    """The sample vault: inside the installed package, or beside it in a source checkout."""
    package = Path(relnotes.__file__).resolve().parent
    for candidate in (package / "sample_vault", package.parent / "sample-vault"):
        if (candidate / "contacts").is_dir():
            return candidate
    raise VaultError("the sample vault is not installed with this copy of relnotes")


def init_vault(root: Path, *, sample: bool) -> list[str]:
    """Create the vault; returns one line per file created or changed ("created contacts/").

    Nothing is changed when any file it would create exists (even as a broken symlink) or
    when any would land outside the vault through a symlink; each file is created atomically.
    """
    root.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(root / CONFIG_NAME):
        raise ExistsError(f"{root / CONFIG_NAME} already exists: this is a vault already; nothing was changed")
    config = Config(root=root)
    files = _sample_files() if sample else {}
    clashes = sorted(rel for rel in files if os.path.lexists(root / rel))
    folders = {config.contacts_dir, config.events_dir} | {Path(rel).parent.as_posix() for rel in files}
    blocked = sorted({str(place) for folder in folders if (place := not_a_folder(root, root / folder))})
    if blocked:  # a file named contacts
        raise WriteError(f"{blocked[0]} is a file, not a folder; nothing was changed (init never overwrites)")
    if clashes:
        raise ExistsError(f"{root / clashes[0]} already exists; nothing was changed (init never overwrites)")
    for rel in [*files, CONFIG_NAME, config.contacts_dir, config.events_dir, ".gitignore"]:
        inside(root, root / rel)  # before anything is made
    try:
        return _make(root, config, files)
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise WriteError(f"cannot create{where} ({exc.strerror or exc}); the vault is not complete") from None


def _make(root: Path, config: Config, files: dict[str, Path]) -> list[str]:
    done: list[str] = []
    for rel, path in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        create_new(root / rel, path.read_bytes(), root=root)
        done.append(f"created {rel}")
    if CONFIG_NAME not in files:
        create_new(root / CONFIG_NAME, defaults_toml().encode("utf-8"), root=root)
        done.append(f"created {CONFIG_NAME}")
    for folder in (config.contacts_dir, config.events_dir):
        if not (root / folder).is_dir():
            (root / folder).mkdir(parents=True)
            done.append(f"created {folder}/")
    existed = (root / ".gitignore").exists()
    if _ensure_gitignore(root):
        done.append(f"{'updated' if existed else 'created'} .gitignore")
    return done


def _sample_files() -> dict[str, Path]:
    """The sample vault's files by their path in the vault, hidden ones left out."""
    source = sample_source()
    return {path.relative_to(source).as_posix(): path for path in sorted(source.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(source).parts)}


def _ensure_gitignore(root: Path) -> bool:
    path = root / ".gitignore"
    if path.exists():
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")
        if any(line.strip() in (GITIGNORE_LINE, ".relnotes", "/.relnotes/") for line in text.splitlines()):
            return False
        tail = b"" if data.endswith(b"\n") or not data else b"\n"
        replace(path, data + tail + GITIGNORE_LINE.encode("utf-8") + b"\n", root=root)
        return True
    create_new(path, f"# relnotes' cache: disposable, rebuilt when missing\n{GITIGNORE_LINE}\n".encode(), root=root)
    return True

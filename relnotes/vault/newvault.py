"""`relnotes init`: a new vault, never clobbering an existing one."""

from __future__ import annotations

import shutil
from pathlib import Path

import relnotes
from relnotes.config import CONFIG_NAME, defaults_toml
from relnotes.core.settings import Config
from relnotes.errors import RelnotesError
from relnotes.vault.create import not_a_folder

GITIGNORE_LINE = ".relnotes/"


def sample_source() -> Path:
    """The sample vault: inside the installed package, or beside it in a source checkout."""
    package = Path(relnotes.__file__).resolve().parent
    for candidate in (package / "sample_vault", package.parent / "sample-vault"):
        if (candidate / "contacts").is_dir():
            return candidate
    raise RelnotesError("the sample vault is not installed with this copy of relnotes")


def init_vault(root: Path, *, sample: bool) -> list[str]:
    """Create the vault; returns one line per file created or changed ("created contacts/")."""
    root.mkdir(parents=True, exist_ok=True)
    if (root / CONFIG_NAME).exists():
        raise RelnotesError(f"{root / CONFIG_NAME} already exists: this is a vault already; nothing was changed")
    config = Config(root=root)
    files: dict[str, Path] = {}
    if sample:
        source = sample_source()
        for path in sorted(source.rglob("*")):
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(source).parts):
                files[path.relative_to(source).as_posix()] = path
    clashes = sorted(rel for rel in files if (root / rel).exists())
    folders = {config.contacts_dir, config.events_dir} | {Path(rel).parent.as_posix() for rel in files}
    blocked = sorted({str(place) for folder in folders if (place := not_a_folder(root, root / folder))})
    if blocked:  # a file named contacts
        raise RelnotesError(f"{blocked[0]} is a file, not a folder; nothing was changed (init never overwrites)")
    if clashes:
        raise RelnotesError(f"{root / clashes[0]} already exists; nothing was changed (init never overwrites)")
    done: list[str] = []
    for rel, path in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, root / rel)
        done.append(f"created {rel}")
    if CONFIG_NAME not in files:
        (root / CONFIG_NAME).write_text(defaults_toml(), encoding="utf-8")
        done.append(f"created {CONFIG_NAME}")
    for folder in (config.contacts_dir, config.events_dir):
        if not (root / folder).is_dir():
            (root / folder).mkdir(parents=True)
            done.append(f"created {folder}/")
    existed = (root / ".gitignore").exists()
    if _ensure_gitignore(root):
        done.append(f"{'updated' if existed else 'created'} .gitignore")
    return done


def _ensure_gitignore(root: Path) -> bool:
    path = root / ".gitignore"
    if path.exists():
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(line.strip() in (GITIGNORE_LINE, ".relnotes", "/.relnotes/") for line in text.splitlines()):
            return False
        with path.open("a", encoding="utf-8") as fh:
            fh.write(("" if text.endswith("\n") or not text else "\n") + GITIGNORE_LINE + "\n")
        return True
    path.write_text(f"# relnotes' cache: disposable, rebuilt when missing\n{GITIGNORE_LINE}\n", encoding="utf-8")
    return True

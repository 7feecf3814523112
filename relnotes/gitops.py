"""Committing edits when the vault is a git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .errors import RelnotesError


class GitError(RelnotesError):
    pass


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def is_repository(root: Path) -> bool:
    if shutil.which("git") is None:
        return False
    result = _git(root, "rev-parse", "--show-toplevel")
    return result.returncode == 0


def commit(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly these files (nothing else that is staged); returns the short hash."""
    if shutil.which("git") is None:
        raise GitError("git is not installed, so the edit was not committed")
    if not is_repository(root):
        raise GitError(f"{root} is not a git repository, so the edit was not committed")
    rels = [str(p.relative_to(root)) if p.is_absolute() else str(p) for p in paths]
    added = _git(root, "add", "--", *rels)
    if added.returncode != 0:
        detail = added.stderr.strip().splitlines()
        raise GitError(f"git add failed: {detail[-1] if detail else added.returncode}")
    done = _git(root, "commit", "--quiet", "--only", "-m", message, "--", *rels)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"git commit failed: {detail[-1] if detail else done.returncode}")
    head = _git(root, "rev-parse", "--short", "HEAD")
    return head.stdout.strip()

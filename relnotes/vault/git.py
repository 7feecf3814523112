"""Committing edits when the vault is a git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from relnotes.errors import GitError


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)


def is_repository(root: Path) -> bool:
    if shutil.which("git") is None:
        return False
    result = _git(root, "rev-parse", "--show-toplevel")
    return result.returncode == 0


def commit(root: Path, paths: list[Path], message: str) -> str:
    """Commit exactly these files (nothing else that is staged); returns the short hash.

    When git refuses (a failing pre-commit hook, no user.email, ...), the files stay as they
    were written, the index is put back as it was before (nothing is left staged by us), and
    the GitError says that the note changed but was not committed.
    """
    if shutil.which("git") is None:
        raise GitError("git is not installed, so the edit was not committed")
    if not is_repository(root):
        raise GitError(f"{root} is not a git repository, so the edit was not committed")
    rels = [str(p.relative_to(root)) if p.is_absolute() else str(p) for p in paths]
    before = _index_entries(root, rels)
    added = _git(root, "add", "--", *rels)
    if added.returncode != 0:
        _restore_index(root, rels, before)
        raise GitError(_not_committed(rels, "git add failed", added))
    done = _git(root, "commit", "--quiet", "--only", "-m", message, "--", *rels)
    if done.returncode != 0:
        _restore_index(root, rels, before)
        raise GitError(_not_committed(rels, "git commit failed", done))
    head = _git(root, "rev-parse", "--short", "HEAD")
    return head.stdout.strip()


def _not_committed(rels: list[str], what: str, result: subprocess.CompletedProcess[str]) -> str:
    detail = (result.stderr or result.stdout).strip().splitlines()
    why = detail[-1].strip() if detail else f"exit status {result.returncode}"
    files = ", ".join(rels)
    return (f"{what} ({why}): {files} {'is' if len(rels) == 1 else 'are'} saved but not committed, "
            "and nothing was staged; fix git, then commit it yourself")


def _index_entries(root: Path, rels: list[str]) -> dict[str, list[str]]:
    """Each path's index lines (``mode sha stage\tpath``) as ``git ls-files -s`` prints them."""
    listed = _git(root, "ls-files", "-s", "-z", "--full-name", "--", *rels)
    entries: dict[str, list[str]] = {}
    for record in listed.stdout.split("\0"):
        if "\t" in record:
            entries.setdefault(record.split("\t", 1)[1], []).append(record)
    return entries


def _restore_index(root: Path, rels: list[str], before: dict[str, list[str]]) -> None:
    """Put these paths' index entries back as they were (a path that was not there is removed again)."""
    now = _index_entries(root, rels)
    zero = "0" * len(next(iter(now.values()))[0].split()[1]) if now else "0" * 40
    lines = [f"0 {zero}\t{path}" for path in now]  # drop what is there now, stages included
    lines += [line for path in before for line in before[path]]
    if lines:
        subprocess.run(["git", "-C", str(root), "update-index", "-z", "--index-info"],
                       input="\0".join(lines) + "\0", capture_output=True, text=True, check=False)

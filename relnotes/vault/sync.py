"""A vault in git on several machines: the merge driver's files, its registration, and sync.

:mod:`relnotes.notes.merge3` merges the texts; here are the files git hands the driver, the line
merge it falls back on (``git merge-file``), ``.gitattributes`` and the clone's git config, and
``relnotes sync`` (commit, fetch, merge, push).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from relnotes.config import CONFIG_NAME, load_config
from relnotes.core.model import Problem
from relnotes.core.settings import Config
from relnotes.errors import GitError, NoteError
from relnotes.notes.merge3 import Merged, conflict_hunks, describe_change, merge_note
from relnotes.notes.notetext import NoteFile, decode, render
from relnotes.vault.files import create_new, read_note, replace, write_note
from relnotes.vault.scan import NotePaths

ATTRIBUTES = ".gitattributes"
DRIVER_KEY = "merge.relnotes.driver"
DRIVER_NAME = "relnotes notes"
DAILY_PATTERN = "**/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].md"


def _git(cwd: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=False)
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1].strip() if detail else result.returncode}")
    return result


def need_git() -> None:
    if shutil.which("git") is None:
        raise GitError("git is not installed; install it, then run relnotes sync again")


# --- the line merge and the driver's files -----------------------------------------------------


def git_line_merge(base: str, ours: str, theirs: str) -> tuple[str, int]:
    """``git merge-file -p`` over three texts: the merged text and how many conflicts it has."""
    with tempfile.TemporaryDirectory(prefix="relnotes-merge-") as folder:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8"))
            paths.append(str(path))
        result = subprocess.run(["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs", *paths],
                                capture_output=True, check=False)
    if result.returncode < 0 or result.returncode > 127:
        raise GitError(f"git merge-file failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8"), result.returncode


def _text(data: bytes) -> str:
    return decode(data) if data else ""


def merge_texts(base: bytes, ours: NoteFile, theirs: bytes) -> tuple[bytes, Merged]:
    """The merged note as bytes in ours' encoding (BOM, line endings), and what conflicts."""
    merged = merge_note(_text(base), ours.text, _text(theirs), git_line_merge)
    return render(ours, merged.text), merged


def driver(base: Path, ours: Path, theirs: Path) -> Merged | None:
    """What git runs: the merge of the three files written over ``ours``.

    None when a file cannot be merged by the note grammar (not UTF-8, unreadable): then
    ``git merge-file`` has merged it line by line in place, and the caller exits 1.
    """
    try:
        note = read_note(ours)
        data, merged = merge_texts(base.read_bytes(), note, theirs.read_bytes())
    except (OSError, ValueError, NoteError):
        subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                        str(ours), str(base), str(theirs)], capture_output=True, check=False)
        return None
    if data != note.raw:
        ours.write_bytes(data)
    return merged


@dataclass
class Resolved:
    rel: str  # the file, relative to the repository
    merged: Merged
    added: bool  # clean, so staged with git add


def resolve(file: Path) -> Resolved:
    """Retry the structured merge on a note git left in conflict, from the index's three stages."""
    need_git()
    top = _toplevel(file.parent if file.parent.is_dir() else Path.cwd())
    rel = Path(os.path.relpath(os.path.abspath(file), top)).as_posix()
    stages = {n: _git(top, "show", f":{n}:{rel}") for n in (1, 2, 3)}
    if stages[2].returncode or stages[3].returncode:
        raise GitError(f"{rel} is not in conflict in this repository (git has no 'ours' and 'theirs' for it); "
                       "nothing was changed")
    texts = [_show(top, n, rel) if not stages[n].returncode else "" for n in (1, 2, 3)]
    merged = merge_note(texts[0], texts[1], texts[2], git_line_merge)
    note = read_note(top / rel)
    write_note(note, merged.text, root=top)
    added = not merged.hunks
    if added:
        _git(top, "add", "--", rel, check=True)
    return Resolved(rel, merged, added)


def _show(top: Path, stage: int, rel: str) -> str:
    data = subprocess.run(["git", "-C", str(top), "show", f":{stage}:{rel}"], capture_output=True, check=False)
    try:
        return decode(data.stdout)
    except ValueError as exc:
        raise NoteError(f"stage {stage} of the note {exc}; resolve it by hand", path=rel) from None


def _toplevel(folder: Path) -> Path:
    found = _git(folder, "rev-parse", "--show-toplevel")
    if found.returncode:
        raise GitError(f"{folder} is not in a git repository")
    return Path(found.stdout.strip())


# --- registration ------------------------------------------------------------------------------


def attribute_lines(config: Config) -> list[str]:
    lines = [f"{folder.strip('/')}/**/*.md merge=relnotes" for folder in (config.contacts_dir, config.events_dir)]
    if config.daily_notes:
        lines.append(f"{DAILY_PATTERN} merge=relnotes")
    return lines


def driver_command() -> str:
    """The command git runs, with this installation's Python (hooks and GUIs may have no PATH)."""
    return f"{shlex.quote(sys.executable)} -m relnotes.entry merge-driver %O %A %B %P"


def register(config: Config) -> list[str]:
    """``.gitattributes`` lines for the notes (added to what is there) and the driver in this
    clone's git config; one line per thing changed."""
    need_git()
    root = config.root
    if _git(root, "rev-parse", "--show-toplevel").returncode:
        raise GitError(f"{root} is not a git repository; run 'git init' there first")
    done = []
    path = root / ATTRIBUTES
    old = path.read_bytes() if path.exists() else None
    text = old.decode("utf-8", errors="replace") if old is not None else ""
    have = {" ".join(line.split()) for line in text.splitlines()}
    missing = [line for line in attribute_lines(config) if line not in have]
    if missing:
        addition = "".join(f"{line}\n" for line in missing).encode("utf-8")
        if old is None:
            create_new(path, b"# relnotes merges notes (relnotes sync --setup)\n" + addition, root=root)
            done.append(f"created {ATTRIBUTES}")
        else:
            gap = b"" if not old or old.endswith(b"\n") else b"\n"
            replace(path, old + gap + addition, root=root)
            done.append(f"updated {ATTRIBUTES}")
    for key, value in ((DRIVER_KEY, driver_command()), ("merge.relnotes.name", DRIVER_NAME)):
        if _git(root, "config", "--local", "--get", key).stdout.strip() != value:
            _git(root, "config", "--local", key, value, check=True)
            if key == DRIVER_KEY:
                done.append(f"set {DRIVER_KEY} in this clone's git config")
    return done


def register_if_repository(root: Path) -> list[str]:
    """What :func:`register` did, when ``root`` (a new vault) is inside a git repository; else nothing."""
    if shutil.which("git") is None or _git(root, "rev-parse", "--show-toplevel").returncode:
        return []
    return register(load_config(root))


def driver_missing(root: Path) -> bool:
    """``.gitattributes`` asks for the relnotes driver but this clone's git config lacks it."""
    path = root / ATTRIBUTES
    try:
        wants = "merge=relnotes" in path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if not wants or shutil.which("git") is None:
        return False
    return _git(root, "config", "--get", DRIVER_KEY).returncode != 0 and \
        _git(root, "rev-parse", "--show-toplevel").returncode == 0


def conflict_problems(root: Path, problems: list[Problem]) -> list[Problem]:
    """The problems, each note skipped for conflict markers told hunk by hunk: its lines, what
    it is in, and the labels of its two sides."""
    out: list[Problem] = []
    for problem in problems:
        hunks = []
        if problem.skipped and problem.message.startswith("has git conflict markers"):
            try:
                hunks = conflict_hunks(decode((root / problem.file).read_bytes()))
            except (OSError, ValueError):
                hunks = []
        out += [Problem(problem.file, h.start, f"git conflict markers (lines {h.start}-{h.end}, {h.what}): ours is "
                        f"'{h.ours}', theirs is '{h.theirs}'; keep one side's lines, or run 'relnotes merge-driver "
                        f"--resolve {problem.file}'; the note is skipped", skipped=True) for h in hunks] or [problem]
    return out


def setup_missing(root: Path) -> str | None:
    """What sync warns about: the attributes or this clone's driver setting missing."""
    if driver_missing(root):
        return MISSING_DRIVER
    try:
        text = (root / ATTRIBUTES).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    if "merge=relnotes" not in text:
        return ("this vault's .gitattributes does not name the relnotes merge driver, so git merges notes "
                "line by line; run 'relnotes sync --setup'")
    return None


MISSING_DRIVER = ("this clone has no merge.relnotes.driver, so git merges notes line by line; "
                  "run 'relnotes sync --setup'")


# --- sync --------------------------------------------------------------------------------------


@dataclass
class Incoming:
    path: str
    name: str
    changes: list[str]

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "name": self.name, "changes": self.changes}

    def shown(self) -> str:
        return f"new: {self.name}" if self.changes == ["new"] else f"{self.name} ({', '.join(self.changes)})"


@dataclass
class SyncReport:
    committed: list[str] = field(default_factory=list)  # vault paths committed
    commit: str = ""  # its short hash
    incoming: list[Incoming] = field(default_factory=list)
    pushed: bool = False
    remote: str = ""  # the upstream, "" with no remote
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (path, what)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"committed": self.committed, "incoming": [i.to_dict() for i in self.incoming],
                "pushed": self.pushed, "conflicts": [{"path": p, "what": w} for p, w in self.conflicts]}


def sync(config: Config, message: str | None = None) -> SyncReport:
    """Commit the changed notes, merge the upstream (the driver merges notes), push."""
    need_git()
    root = config.root
    top = _repo_or_refuse(root)
    report = SyncReport()
    missing = setup_missing(root)
    if missing:
        report.warnings.append(missing)
    _commit_notes(config, top, report, message)
    upstream = _upstream(top, report)
    if upstream is None:
        report.warnings.append("no remote: committed only (add one with 'git remote add origin URL', then "
                               "'git push -u origin BRANCH')")
        return report
    report.remote = upstream
    remote, _, branch = upstream.partition("/")
    fetched = _git(top, "fetch", "--quiet", remote)
    if fetched.returncode:
        raise GitError(f"git fetch {remote} failed ({_last_line(fetched)}){_kept(report)}; nothing was merged "
                       "or pushed — run relnotes sync again when the remote can be reached")
    report.incoming = _incoming(top, root, upstream)
    merged = _git(top, "merge", "--ff", "--no-edit", "--quiet", upstream)
    if merged.returncode:
        report.conflicts = _conflicts(top, root)
        if not report.conflicts:
            raise GitError(f"git merge {upstream} failed: {(merged.stderr or merged.stdout).strip()}")
        return report
    ahead = _git(top, "rev-list", "--count", f"{upstream}..HEAD").stdout.strip()
    if ahead not in ("", "0"):
        pushed = _git(top, "push", "--quiet", remote, f"HEAD:{branch}")
        if pushed.returncode:
            raise GitError(f"git push to {upstream} failed ({_last_line(pushed)}); the merge is done here — "
                           "run relnotes sync again to push")
        report.pushed = True
    return report


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = (result.stderr or result.stdout).strip().splitlines()
    return lines[-1].strip() if lines else f"exit status {result.returncode}"


def _kept(report: SyncReport) -> str:
    return f"; your notes are committed ({report.commit})" if report.commit else ""


def continue_hint(report: SyncReport) -> str:
    files = "; ".join(f"{path}: {what}" for path, what in report.conflicts)
    return (f"the merge with {report.remote} left conflicts: {files} — edit them (or run 'relnotes merge-driver "
            "--resolve FILE'), then 'git add' them and 'git commit'; or undo the merge with 'git merge --abort'")


def _repo_or_refuse(root: Path) -> Path:
    found = _git(root, "rev-parse", "--show-toplevel")
    if found.returncode:
        raise GitError(f"{root} is not a git repository; run 'git init' (or clone your vault) first")
    top = Path(found.stdout.strip())
    if _git(top, "rev-parse", "-q", "--verify", "MERGE_HEAD").returncode == 0 or \
            _git(top, "ls-files", "-u").stdout.strip():
        raise GitError("the repository is in the middle of a merge; finish it (edit the conflicts, 'git add', "
                       "'git commit') or 'git merge --abort', then run relnotes sync again")
    return top


def _upstream(top: Path, report: SyncReport) -> str | None:
    found = _git(top, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    if found.returncode == 0:
        return found.stdout.strip()
    remotes = _git(top, "remote").stdout.split()
    if not remotes:
        return None
    branch = _git(top, "branch", "--show-current").stdout.strip() or "BRANCH"
    raise GitError(f"branch {branch} has no upstream{_kept(report)}; run 'git push -u {remotes[0]} {branch}' "
                   "once, then relnotes sync")


def _vault_rel(top: Path, root: Path, repo_rel: str) -> str | None:
    """A repository path as a vault path; None outside the vault."""
    rel = os.path.relpath(os.path.realpath(top) + os.sep + repo_rel, os.path.realpath(root))
    return None if rel == ".." or rel.startswith(".." + os.sep) else Path(rel).as_posix()


def _spec(top: Path, root: Path) -> str:
    """The vault as a pathspec inside the repository."""
    return Path(os.path.relpath(os.path.realpath(root), os.path.realpath(top))).as_posix()


def _commit_notes(config: Config, top: Path, report: SyncReport, message: str | None) -> None:
    status = _git(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--",
                  _spec(top, config.root))
    records = status.stdout.split("\0")
    paths, notes = NotePaths.of(config), []
    i = 0
    while i < len(records):
        record = records[i]
        i += 1
        if len(record) < 4:
            continue
        if record[0] == "R":
            i += 1  # a rename's old name follows
        rel = _vault_rel(top, config.root, record[3:])
        if rel is not None and (paths.note(rel) or rel in (ATTRIBUTES, CONFIG_NAME, ".gitignore")):
            notes.append(record[3:])
    if not notes:
        return
    names = sorted(Path(p).stem for p in notes if p.endswith(".md")) + \
        sorted(Path(p).name for p in notes if not p.endswith(".md"))
    text = message or "relnotes sync: " + ", ".join(names)
    _git(top, "add", "-A", "--", *notes, check=True)
    _git(top, "commit", "--quiet", "-m", text, "--", *notes, check=True)
    report.committed = sorted(p for n in notes if (p := _vault_rel(top, config.root, n)))
    report.commit = _git(top, "rev-parse", "--short", "HEAD").stdout.strip()


def _incoming(top: Path, root: Path, upstream: str) -> list[Incoming]:
    base = _git(top, "merge-base", "HEAD", upstream).stdout.strip()
    if not base:
        return []
    listed = _git(top, "diff", "--name-status", "--no-renames", "-z", base, upstream, "--", _spec(top, root))
    fields = listed.stdout.split("\0")
    found = []
    for state, repo_rel in zip(fields[0::2], fields[1::2], strict=False):
        rel = _vault_rel(top, root, repo_rel)
        if rel is None or not rel.endswith(".md"):
            continue
        old = None if state == "A" else _blob(top, base, repo_rel)
        new = None if state == "D" else _blob(top, upstream, repo_rel)
        found.append(Incoming(rel, Path(rel).stem, describe_change(old, new)))
    return found


def _blob(top: Path, rev: str, repo_rel: str) -> str | None:
    data = subprocess.run(["git", "-C", str(top), "show", f"{rev}:{repo_rel}"], capture_output=True, check=False)
    try:
        return decode(data.stdout) if data.returncode == 0 else None
    except ValueError:
        return None


def _conflicts(top: Path, root: Path) -> list[tuple[str, str]]:
    listed = _git(top, "diff", "--name-only", "--diff-filter=U", "-z").stdout.split("\0")
    out = []
    for repo_rel in filter(None, listed):
        rel = _vault_rel(top, root, repo_rel) or repo_rel
        try:
            hunks = conflict_hunks(decode((top / repo_rel).read_bytes()))
        except (OSError, ValueError):
            hunks = []
        what = ", ".join(h.describe() for h in hunks) or "changed on both sides (or deleted on one)"
        out.append((rel, what))
    return out

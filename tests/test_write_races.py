"""Two writers at once: relnotes' own edits of one note take turns, and nothing is lost.

Real processes on real files: ``relnotes log`` run many times at once on one note, a lock
held by the test while a real ``relnotes`` waits for it, and notes changed under relnotes
between its read and its write.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from conftest import invoke
from relnotes.config import load_config
from relnotes.errors import ConflictError, VaultError
from relnotes.vault import changes as edits
from relnotes.vault import locks
from relnotes.vault.files import read_note, write_note
from relnotes.vault.load import load_index
from relnotes.vault.locks import lock_file, note_lock

TODAY = "2026-11-23"
JANE = "---\nname: Jane Doe\n---\n\n## Log\n- 2026-11-01 met: at the summit\n"


def relnotes_command(root: Path, *args: str) -> list[str]:
    exe = Path(sys.executable).with_name("relnotes")
    return [str(exe) if exe.exists() else "relnotes", "--vault", str(root), "--today", TODAY, *args]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES") and k not in ("EDITOR", "VISUAL")}


def log_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("- 2026-")]


# One writer: a process that runs ``relnotes log`` (the real command, through its entry point)
# several times in a row, so that 8 of them contend for one note without paying for 8 x rounds
# interpreter start-ups. Any exit status but 0 stops it with that status.
WRITER = """
import sys
from relnotes.cli.group import cli
root, today, writer, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for r in range(rounds):
    args = ["--vault", root, "--today", today, "log", "Jane", "note", f"round {r} writer {writer}"]
    try:
        cli.main(args, prog_name="relnotes")
    except SystemExit as exc:
        if exc.code:
            raise
"""


def test_concurrent_logs_on_one_note_keep_every_entry(make_vault):
    """8 processes at once each run ``relnotes log`` on one note 4 times: all exit 0, all 32 entries are there."""
    path = make_vault.write("contacts/Jane Doe.md", JANE)
    writers, rounds = 8, 4
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(make_vault.root), TODAY, str(w), str(rounds)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
             for w in range(writers)]
    for w, proc in enumerate(procs):
        out, err = proc.communicate(timeout=120)
        assert (proc.returncode, err) == (0, b"")
        assert out.decode().splitlines() == [f"contacts/Jane Doe.md: log: Jane Doe — note round {r} writer {w}"
                                             for r in range(rounds)]
    expected = [f"- {TODAY} note: round {r} writer {w}" for w in range(writers) for r in range(rounds)]
    assert log_lines(path)[0] == "- 2026-11-01 met: at the summit"
    assert sorted(log_lines(path)[1:]) == sorted(expected)
    for w in range(writers):  # each writer's own entries in its own order
        mine = [line for line in log_lines(path) if line.endswith(f"writer {w}")]
        assert mine == [f"- {TODAY} note: round {r} writer {w}" for r in range(rounds)]
    assert [p.name for p in path.parent.iterdir()] == ["Jane Doe.md"]  # no temp file left


def wait_until_waiting(proc: subprocess.Popen[bytes], lock: Path) -> None:
    """Until ``proc`` has the lock file open: it is then waiting for the lock (Linux's /proc)."""
    fds = Path(f"/proc/{proc.pid}/fd")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            if any(os.readlink(fd) == str(lock) for fd in fds.iterdir()):
                return
        except OSError:  # an fd closed while we looked
            pass
        time.sleep(0.01)
    raise AssertionError("relnotes never opened the lock file")


needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc")


@needs_proc
def test_a_second_relnotes_waits_for_the_lock_then_edits_on_top(make_vault):
    """While another writer holds the note's lock, ``relnotes log`` waits; then it reads the
    note again and adds its line after the other writer's, exiting 0."""
    path = make_vault.write("contacts/Jane Doe.md", JANE)
    with note_lock(make_vault.root, path):
        proc = subprocess.Popen(relnotes_command(make_vault.root, "log", "Jane", "call", "second"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
        wait_until_waiting(proc, lock_file(make_vault.root, path))
        time.sleep(0.2)
        assert proc.poll() is None  # still waiting
        note = read_note(path)
        assert write_note(note, note.text + "- 2026-11-22 sent: first\n", root=make_vault.root)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out, err) == (0, b"contacts/Jane Doe.md: log: Jane Doe \xe2\x80\x94 call second\n", b"")
    assert log_lines(path) == ["- 2026-11-01 met: at the summit", "- 2026-11-22 sent: first", f"- {TODAY} call: second"]


def test_waiting_too_long_for_the_lock_stops_with_exit_3(runner, make_vault, monkeypatch):
    path = make_vault.write("contacts/Jane Doe.md", JANE)
    lock = lock_file(make_vault.root, path)
    lock.parent.mkdir(parents=True)
    monkeypatch.setattr(locks, "WAIT_SECONDS", 0.2)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)  # another open file: flock makes this process wait too
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        result = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    finally:
        os.close(fd)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == ("relnotes: contacts/Jane Doe.md is being edited by another relnotes (waited 0.2 s); "
                             "nothing was written — run the command again\n")
    assert path.read_text(encoding="utf-8") == JANE
    again = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    assert again.exit_code == 0 and log_lines(path)[-1] == f"- {TODAY} call: hello"


def test_the_locks_stay_out_of_git_and_of_the_vault(runner, make_vault):
    make_vault.write("contacts/Jane Doe.md", JANE)
    subprocess.run(["git", "init", "-q", str(make_vault.root)], check=True)
    (make_vault.root / ".relnotes").mkdir()  # as if made by an older relnotes, without its .gitignore
    result = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0
    assert sorted(p.suffix for p in (make_vault.root / ".relnotes" / "locks").iterdir()) == ["", ".lock"]
    status = subprocess.run(["git", "-C", str(make_vault.root), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".relnotes/locks" not in status
    check = invoke(runner, "check", vault=make_vault.root)
    assert (check.exit_code, check.stdout) == (0, "")


def test_the_lock_is_taken_again_in_one_process_without_waiting(make_vault):
    path = make_vault.write("contacts/Jane Doe.md", JANE)
    with note_lock(make_vault.root, path), note_lock(make_vault.root, make_vault.root / "contacts" / "Jane Doe.md"):
        note = read_note(path)
        assert write_note(note, note.text + "- 2026-11-22 sent: x\n", root=make_vault.root)
    fd = os.open(lock_file(make_vault.root, path), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released: free to take
    finally:
        os.close(fd)


# --- the note changed between relnotes' read and its write ---------------------------------------


def test_a_note_replaced_by_an_identical_copy_since_it_was_read_is_a_conflict(tmp_path):
    """Same bytes, same size, same mtime, but another file (its inode): the re-check sees it."""
    path = tmp_path / "Jane Doe.md"
    path.write_text(JANE, encoding="utf-8")
    note = read_note(path)
    copy = tmp_path / "copy.md"
    copy.write_bytes(path.read_bytes())
    os.utime(copy, ns=(note.mtime_ns, note.mtime_ns))
    os.replace(copy, path)
    with pytest.raises(ConflictError):
        write_note(note, note.text + "- x\n")
    assert path.read_text(encoding="utf-8") == JANE


def test_a_note_edited_between_read_and_write_is_named_as_in_the_vault(make_vault):
    path = make_vault.write("contacts/Jane Doe.md", JANE)
    config = load_config(make_vault.root)
    change = edits.log(config, load_index(config).contacts[0], "call", "hello", date(2026, 11, 23))
    path.write_text(JANE + "Typed in Obsidian meanwhile.\n", encoding="utf-8")
    with pytest.raises(ConflictError) as err:
        edits.apply(change, config.root)
    assert str(err.value) == ("contacts/Jane Doe.md changed on disk since it was read; nothing was written "
                              "— run the command again")
    assert path.read_text(encoding="utf-8") == JANE + "Typed in Obsidian meanwhile.\n"


def _linked_note(root: Path) -> tuple[Path, Path, Path]:
    """contacts/Jane Doe.md, a link to people/Jane.md in the vault; and a copy outside the vault."""
    inner = root / "people" / "Jane.md"
    inner.parent.mkdir(parents=True)
    inner.write_text(JANE, encoding="utf-8")
    link = root / "contacts" / "Jane Doe.md"
    link.symlink_to(inner)
    outside = root.parent / "outside" / "Jane.md"
    outside.parent.mkdir()
    outside.write_text(JANE, encoding="utf-8")
    return link, inner, outside


def test_a_link_retargeted_out_of_the_vault_after_the_read_is_refused(make_vault):
    link, inner, outside = _linked_note(make_vault.root)
    note = read_note(link, root=make_vault.root)
    link.unlink()
    link.symlink_to(outside)
    with pytest.raises(VaultError) as err:
        write_note(note, note.text + "- x\n", root=make_vault.root)
    assert str(err.value) == (f"contacts/Jane Doe.md: leads outside the vault (to {outside}) through a symbolic "
                              f"link; nothing was written — relnotes writes only inside {make_vault.root}")
    assert err.value.exit_code == 2
    assert outside.read_text(encoding="utf-8") == JANE and inner.read_text(encoding="utf-8") == JANE


def test_a_link_retargeted_in_the_vault_after_the_read_is_a_conflict(make_vault):
    """To another file with the same bytes and modification time: only the inode tells."""
    link, inner, _ = _linked_note(make_vault.root)
    other = make_vault.root / "people" / "Other.md"
    other.write_text(JANE, encoding="utf-8")
    note = read_note(link, root=make_vault.root)
    os.utime(other, ns=(note.mtime_ns, note.mtime_ns))
    link.unlink()
    link.symlink_to(other)
    with pytest.raises(ConflictError):
        write_note(note, note.text + "- x\n", root=make_vault.root)
    assert other.read_text(encoding="utf-8") == JANE and inner.read_text(encoding="utf-8") == JANE


@needs_proc
def test_relnotes_log_refuses_a_link_retargeted_out_while_it_waited(make_vault):
    """The link pointed into the vault when relnotes read the vault, and out of it by the time
    relnotes got the note's lock: the edit is refused, the outside file untouched."""
    link, inner, outside = _linked_note(make_vault.root)
    with note_lock(make_vault.root, link):
        proc = subprocess.Popen(relnotes_command(make_vault.root, "log", "Jane", "call", "hello"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
        wait_until_waiting(proc, lock_file(make_vault.root, link))
        link.unlink()
        link.symlink_to(outside)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out) == (2, b"")
    assert err.decode() == (f"relnotes: contacts/Jane Doe.md: leads outside the vault (to {outside}) through a "
                            f"symbolic link; nothing was written — relnotes writes only inside {make_vault.root}\n")
    assert outside.read_text(encoding="utf-8") == JANE and inner.read_text(encoding="utf-8") == JANE


def test_a_lock_that_cannot_be_made_stops_the_edit_with_one_line(runner, make_vault, monkeypatch):
    path = make_vault.write("contacts/Jane Doe.md", JANE)
    monkeypatch.setenv("RELNOTES_NO_CACHE", "1")
    (make_vault.root / ".relnotes").write_text("not a folder")
    result = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: contacts/Jane Doe.md: cannot lock the note (.relnotes/locks/"
                             f"{lock_file(make_vault.root, path).name}: Not a directory); nothing was written\n")
    assert path.read_text(encoding="utf-8") == JANE


def test_a_lock_file_planted_as_a_link_is_not_followed(runner, make_vault, tmp_path):
    path = make_vault.write("contacts/Jane Doe.md", JANE)
    lock = lock_file(make_vault.root, path)
    lock.parent.mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_text("keep")
    lock.symlink_to(victim)
    result = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == (f"relnotes: contacts/Jane Doe.md: cannot lock the note (.relnotes/locks/{lock.name}: "
                             "Too many levels of symbolic links); nothing was written\n")
    assert victim.read_text() == "keep" and path.read_text(encoding="utf-8") == JANE

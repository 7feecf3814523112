"""relnotes' processes end when they should: watch when its vault folder goes, parallel
readers when the process they read for is killed."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relnotes.vault.read import PARALLEL_MIN

ROOT = Path(__file__).resolve().parent.parent
LINUX = sys.platform.startswith("linux")


def relnotes(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-c", "from relnotes.cli.group import main; main()", "--vault", str(root), "--today",
            "2026-11-23", *args]
    base = {k: v for k, v in os.environ.items() if k not in ("RELNOTES_VAULT", "RELNOTES_TODAY", "NO_COLOR",
                                                               "RELNOTES_NO_CACHE", "RELNOTES_WORKERS")}
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**base, **(env or {})})


def wait_for_line(proc: subprocess.Popen[bytes], pattern: str, timeout: float = 30.0) -> list[str]:
    """stderr's lines up to the first that matches ``pattern``."""
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline().decode("utf-8")
        assert line, f"stderr closed before {pattern!r}: {lines}"
        lines.append(line)
        if re.search(pattern, line):
            return lines
    raise AssertionError(f"no line like {pattern!r} within {timeout} s: {lines}")


@pytest.mark.parametrize("poll", [False, True], ids=["os events", "--poll"])
def test_watch_stops_with_one_line_and_exit_2_when_its_vault_folder_is_deleted(make_vault, poll):
    v = make_vault
    v.contact("Jane Doe", "follow_up: 2026-11-20")
    proc = relnotes(v.root, "watch", *(["--poll"] if poll else []))
    try:
        started = wait_for_line(proc, r"agenda: ")
        shutil.rmtree(v.root)
        code = proc.wait(timeout=30)
        rest = proc.stderr.read().decode("utf-8")
    finally:
        proc.kill()
        proc.wait()
    assert code == 2
    assert started[0] == f"watching {v.root}, writing AGENDA.md (Ctrl-C to stop)\n"
    assert re.fullmatch(r"\d\d:\d\d:\d\d agenda: 1 overdue, 0 today, 0 this week \(read 1 note\)\n", started[1])
    assert rest == f"relnotes: the vault folder {v.root} is gone (deleted, moved or replaced); stopped watching\n"


def test_watch_stops_when_its_vault_folder_is_replaced_by_another(make_vault, tmp_path):
    v = make_vault
    v.contact("Jane Doe", "follow_up: 2026-11-20")
    proc = relnotes(v.root, "watch")
    try:
        wait_for_line(proc, r"agenda: ")
        v.root.rename(tmp_path / "moved")
        shutil.copytree(tmp_path / "moved", v.root)  # a folder of the same name, which nothing watches
        code = proc.wait(timeout=30)
        rest = proc.stderr.read().decode("utf-8")
    finally:
        proc.kill()
        proc.wait()
    assert (code, rest) == (2, f"relnotes: the vault folder {v.root} is gone (deleted, moved or replaced); "
                               "stopped watching\n")


def children(pid: int) -> set[int]:
    """The live (not zombie) processes whose parent is ``pid``, from /proc."""
    found = set()
    for name in os.listdir("/proc"):
        if name.isdigit() and _stat(int(name))[1:] == ("alive", pid):
            found.add(int(name))
    return found


def _stat(pid: int) -> tuple[int, str, int]:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return (pid, "gone", 0)
    return (pid, "zombie" if fields[0] in ("Z", "X") else "alive", int(fields[1]))


def alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if _stat(pid)[1] == "alive"}


@pytest.mark.skipif(not LINUX or (os.cpu_count() or 1) < 2, reason="notes are read in workers on Linux with 2+ CPUs")
def test_a_kill_9_during_a_parallel_read_leaves_no_worker_behind(tmp_path):
    vault = tmp_path / "big"
    half = PARALLEL_MIN // 2 + 500
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_vault.py"), str(vault), "--contacts",
                    str(half), "--events", str(half)], check=True, capture_output=True)
    proc = relnotes(vault, "due", env={"RELNOTES_NO_CACHE": "1"})
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            workers = children(proc.pid)
            time.sleep(0.002)
        assert workers, "the notes were not read in workers"
        time.sleep(0.05)  # let the others start too
        workers |= children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL  # killed mid-read, not finished
        deadline = time.monotonic() + 10
        while alive(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alive(workers) == set()
    finally:
        proc.kill()
        proc.wait()
        for pid in alive(workers):  # (only when the test failed)
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_where_prctl_cannot_be_had_a_worker_sees_its_parent_go_within_a_second(tmp_path):
    """The fallback: a process that watches its parent (as a worker does without prctl) ends
    once that parent is killed outright."""
    pid_file = tmp_path / "pid"
    script = (
        "import os, sys, time\n"
        "from relnotes.vault.read import _watch_parent\n"
        "parent = os.getpid()\n"
        "if os.fork() == 0:\n"
        f"    open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "    _watch_parent(parent)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script])
    child = 0
    try:
        deadline = time.monotonic() + 30
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.01)
        child = int(pid_file.read_text())
        assert alive({child}) == {child}
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while alive({child}) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alive({child}) == set()
    finally:
        proc.kill()
        proc.wait()
        if child and alive({child}):
            os.kill(child, signal.SIGKILL)

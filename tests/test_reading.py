"""Reading a big vault in worker processes gives exactly what reading it here gives."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from relnotes.vault.read import PARALLEL_MIN

SCRIPT = Path(sys.executable).with_name("relnotes")


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("big") / "vault"
    half = PARALLEL_MIN // 2 + 100
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate_vault.py"), str(root),
                    "--contacts", str(half), "--events", str(half), "--seed", "7"], check=True, capture_output=True)
    return root


def _due(root: Path, *, workers: str, cache: bool, command: str = "due") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}
    env["RELNOTES_WORKERS"] = workers
    if not cache:
        env["RELNOTES_NO_CACHE"] = "1"
    exe = str(SCRIPT) if SCRIPT.exists() else "relnotes"
    return subprocess.run([exe, "--vault", str(root), "--today", "2026-11-23", command, "--json"],
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                    reason="notes are read in workers only on Linux with two cores or more")
@pytest.mark.parametrize("command", ["due", "check"])
def test_workers_read_the_same_as_one_process(big_vault, command):
    serial = _due(big_vault, workers="1", cache=False, command=command)
    parallel = _due(big_vault, workers="", cache=False, command=command)
    assert serial.returncode == parallel.returncode
    assert serial.stdout == parallel.stdout
    assert serial.stderr == parallel.stderr
    assert len(serial.stdout) > 1000


def test_a_cache_filled_by_workers_answers_the_same(big_vault):
    filled = _due(big_vault, workers="", cache=True)  # cold: read (in workers where they pay) and stored
    warm = _due(big_vault, workers="", cache=True)
    fresh = _due(big_vault, workers="1", cache=False)
    assert filled.returncode == warm.returncode == fresh.returncode == 0
    assert filled.stdout == warm.stdout == fresh.stdout


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity") or (os.cpu_count() or 1) < 2,
                    reason="needs sched_setaffinity and two CPUs")
def test_no_workers_when_this_process_may_use_one_cpu():
    code = ("import os; from relnotes.vault import read; before = read.usable_cpus(); "
            "os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]}); "
            "print(before > 1, read.usable_cpus(), read._parallel_pays(5000))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout == "True 1 False\n"

"""The warm answer of ``due`` (relnotes.vault.warm): taken when the cache is current, with next
to nothing imported, and printing exactly what the full path prints; left alone whenever it is
not sure, having printed nothing."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from relnotes import config
from relnotes.cli.group import cli
from relnotes.core.model import DueItem
from relnotes.core.settings import Config
from relnotes.vault import warm

TODAY_ISO = "2026-11-23"
TODAY = date(2026, 11, 23)
# Runs the installed entry point, then says which way it answered: the full path imports the App
PROBE = """
import sys
sys.argv[0] = "relnotes"
from relnotes.entry import main
try:
    main()
finally:
    heavy = sorted(m for m in ("relnotes.cli.app", "relnotes.core.model", "dataclasses", "typing", "tomllib",
                               "pathlib", "click") if m in sys.modules)
    lighter = sorted(m for m in ("re", "json", "hashlib") if m in sys.modules)
    sys.stderr.write("also: %s\\n" % " ".join(lighter))
    sys.stderr.write("imported: %s\\n" % " ".join(heavy))
"""
LIGHT = "imported: \n"  # what the warm answer imports of these: none of them
LIGHTER = "also: \n"  # nor these, printing ASCII with no ties to order by reason (see below)
_clock = [1_600_000_000 * 10**9]  # September 2020, and on


def age(root: Path) -> None:
    """Every note given an mtime of its own in the past: none is racy (just written), whose
    cached form a run would not trust."""
    for path in sorted(root.rglob("*.md")):
        if not path.is_symlink():
            _clock[0] += 10**9
            os.utime(path, ns=(_clock[0], _clock[0]))


def _run(args: list[str], cwd: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RELNOTES_TODAY": TODAY_ISO, "COLUMNS": "100", **env_extra}
    for name in ("RELNOTES_VAULT", "RELNOTES_FAST", "RELNOTES_NO_CACHE"):
        if name not in env_extra:
            env.pop(name, None)
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120)


def _warm_and_full(args: list[str], cwd: Path, vault: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run twice (the first fills the cache), then once the full way (RELNOTES_FAST=0, click and
    all); assert the last fast run and the full one print the same bytes; return the fast run and
    what it imported."""
    age(vault)
    _run(args, cwd, **env)
    quick = _run(args, cwd, **env)
    full = _run(args, cwd, RELNOTES_FAST="0", **env)
    *quick_err, _also, probe = quick.stderr.splitlines(keepends=True)
    *full_err, _, _ = full.stderr.splitlines(keepends=True)
    assert (quick.returncode, quick.stdout, quick_err) == (full.returncode, full.stdout, full_err)
    return quick, probe


@pytest.fixture
def vault(make_vault):
    v = make_vault
    v.write("relnotes.toml", "")
    v.contact("Ann Lee", "tier: ally\nfollow_up: 2026-11-20\nfollow_up_note: \"ask about the \\e[31mpilot\"",
              "## Tasks\n- [ ] send the paper 📅 2026-11-21\n- [ ] send the deck 📅 2026-11-21\n")
    v.contact("Bob Stone", "tier: active\nemail: bob@example.com", "## Log\n- 2026-06-01 call: caught up\n")
    v.contact("Zoë Ø", "tier: casual\nfollow_up: 2026-11-25\nemail: \"z\\u202eo@example.com\"")
    v.event("2026-11-19 Fintech Meetup", "date: 2026-11-19\npeople: ['[[Ann Lee]]', Carol Diaz, 王小明]")
    v.write("contacts/Broken.md", "---\nname: [unclosed\n---\n")
    return v.root


@pytest.mark.parametrize("args", [
    ["--vault", "{v}", "due", "--json"],
    ["--vault", "{v}", "due"],
    ["due", "--vault={v}", "--json", "--today", "2026-11-30"],
    ["--today", "2026-11-19", "--vault", "{v}", "due"],
])
def test_the_warm_answer_is_taken_and_prints_what_the_full_path_prints(vault, tmp_path, args):
    args = [a.format(v=vault) for a in args]
    quick, probe = _warm_and_full(args, tmp_path, vault)
    assert probe == LIGHT
    assert "Ann Lee" in quick.stdout and "1 note is skipped (contacts/Broken.md)" in quick.stderr


def test_ties_are_ordered_by_their_written_out_reason(vault, tmp_path):
    quick, probe = _warm_and_full(["--vault", str(vault), "due", "--json"], tmp_path, vault)
    assert probe == LIGHT
    tasks = [line for line in quick.stdout.splitlines() if "send the" in line]
    assert len(tasks) == 2 and "deck" in tasks[0] and "paper" in tasks[1]


@pytest.mark.parametrize("as_json", [True, False])
def test_a_plain_list_is_printed_without_re_json_or_hashlib(make_vault, tmp_path, as_json):
    """Printable ASCII, no two items alike but for the reason: a morning's usual list. Importing
    ``re``, ``json`` and ``hashlib`` (with OpenSSL) would be a fifth of the warm answer's own work."""
    make_vault.write("relnotes.toml", "")
    make_vault.contact("Ann Lee", "tier: ally\nfollow_up: 2026-11-20", "## Tasks\n- [ ] send the deck 📅 2026-11-21\n")
    make_vault.contact("Bob Stone", "tier: active\nemail: bob@example.com", "## Log\n- 2026-06-01 call: caught up\n")
    args = ["--vault", str(make_vault.root), "due", *(["--json"] if as_json else [])]
    quick, probe = _warm_and_full(args, tmp_path, make_vault.root)
    assert probe == LIGHT and quick.stderr.splitlines(keepends=True)[-2] == LIGHTER
    assert "Ann Lee" in quick.stdout and "Bob Stone" in quick.stdout


def test_found_from_the_working_folder_and_from_the_environment(vault, tmp_path):
    inside = vault / "contacts"
    quick, probe = _warm_and_full(["due", "--json"], inside, vault)
    assert probe == LIGHT and "Ann Lee" in quick.stdout
    quick, probe = _warm_and_full(["due"], tmp_path, vault, RELNOTES_VAULT=str(vault))
    assert probe == LIGHT and "Ann Lee" in quick.stdout


def test_a_broken_link_is_hashed_in_as_the_full_path_does(vault, tmp_path):
    (vault / "contacts" / "Gone.md").symlink_to(vault / "nowhere.md")
    quick, probe = _warm_and_full(["--vault", str(vault), "due", "--json"], tmp_path, vault)
    # warm all the same (a problem the walk finds is made with the model imported: rare)
    assert "relnotes.cli.app" not in probe and "click" not in probe and "problem" in quick.stderr


@pytest.mark.parametrize("case", ["edited", "no cache", "window in months", "friendly today", "env today",
                                  "token in a file name"])
def test_left_to_the_full_path_when_not_sure(vault, tmp_path, case):
    args, env = ["--vault", str(vault), "due", "--json"], {}
    age(vault)
    if case == "edited":  # the state differs: the full path catches up (and the next run is warm again)
        _run(args, tmp_path)
        note = vault / "contacts" / "Bob Stone.md"
        note.write_text(note.read_text(encoding="utf-8") + "- 2026-11-01 call: again\n", encoding="utf-8")
        age(vault)
    elif case == "no cache":
        env["RELNOTES_NO_CACHE"] = "1"
    elif case == "window in months":
        (vault / "relnotes.toml").write_text('[rules]\nupcoming = "1m"\n', encoding="utf-8")
    elif case == "friendly today":
        args = ["--today", "fri", *args]
    elif case == "env today":
        env["RELNOTES_TODAY"] = "2026-11-23T10:00"
    else:  # the stored JSON leaves out a row whose file name holds the token characters
        (vault / "contacts" / "Odd \ue000h2026-01-01\ue001.md").write_text(
            "---\nname: Odd One\nfollow_up: 2026-11-20\n---\n", encoding="utf-8")
        age(vault)
    first = _run(args, tmp_path, **env)
    quick = _run(args, tmp_path, **env) if case != "edited" else first
    full = _run(args, tmp_path, RELNOTES_FAST="0", **env)
    assert (quick.returncode, quick.stdout) == (full.returncode, full.stdout)
    probe = quick.stderr.splitlines(keepends=True)[-1]
    if case == "token in a file name":  # still warm, but made from the rows, not the stored JSON
        assert probe == LIGHT and "Odd One" in quick.stdout
        # in this process (whose relnotes may be another copy than the subprocesses' installed
        # one, with a cache key of its own): the cache made again by it, then asked
        assert CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY_ISO, "due"]).exit_code == 0
        stored = warm.stored_due(str(vault), TODAY, as_json=True)
        assert stored is not None and stored.json is None and stored.items
    elif case == "window in months":  # a window in months: the full path's (it counts months)
        assert probe != LIGHT
    elif case == "friendly today":  # read by the fast path's own date reading, then answered warm
        assert "relnotes.cli.app" not in probe and "click" not in probe
    elif case == "edited":
        assert probe != LIGHT
        again = _run(args, tmp_path)
        assert again.stderr.splitlines(keepends=True)[-1] == LIGHT and again.stdout == full.stdout
    else:
        assert probe != LIGHT


def test_stored_due_is_none_without_a_cache_and_an_answer_with_one(vault, tmp_path, runner):
    from conftest import invoke

    age(vault)
    assert warm.stored_due(str(vault), TODAY) is None  # no .relnotes yet
    assert invoke(runner, "due", vault=vault, today=TODAY_ISO).exit_code == 0
    stored = warm.stored_due(str(vault), TODAY)
    assert stored is not None and stored.json is None and "Ann Lee" in [i.contact for i in stored.items]
    as_json = warm.stored_due(str(vault), TODAY, as_json=True)
    assert as_json is not None and len(as_json.json or []) == len(stored.items) and as_json.items == []
    assert warm.stored_due(str(vault), date(2031, 1, 1)) is None  # outside the stored years


def test_what_the_warm_answer_hard_codes_is_what_the_rest_of_relnotes_says():
    assert warm.CONFIG_NAME == config.CONFIG_NAME
    defaults = Config(root=Path("."))
    assert (defaults.contacts_dir, defaults.events_dir) == warm.NOTE_FOLDERS
    assert warm.Item._fields == tuple(f.name for f in dataclasses.fields(DueItem))
    assert str(defaults.rules.upcoming) == "7d"  # the default window is one the warm answer takes


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-11-23", date(2026, 11, 23)), ("2026-02-30", None), ("2026-1-23", None), ("fri", None),
    (" 2026-11-23", None), ("2026-11-23T1", None), ("２026-11-23", None), ("20261123", None),
])
def test_iso_day_takes_only_what_every_reading_takes_as_that_day(text, expected):
    from relnotes.core.friendly import given_date

    assert warm.iso_day(text) == expected
    if expected is not None:
        assert given_date(text, date.today) == expected


def test_a_working_folder_that_was_deleted_is_the_full_paths_to_report(vault, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    age(vault)
    probe = ("import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); sys.argv[0] = 'relnotes';"
             " sys.argv[1:2] = []; from relnotes.entry import main; main()")
    runs = []
    for fast_on in ("1", "0"):
        gone.mkdir(exist_ok=True)
        env = {**os.environ, "RELNOTES_TODAY": TODAY_ISO, "RELNOTES_FAST": fast_on}
        env.pop("RELNOTES_VAULT", None)
        runs.append(subprocess.run([sys.executable, "-c", probe, str(gone), "due"], capture_output=True, text=True,
                                   env=env, timeout=120))
    quick, full = runs
    assert "Traceback" not in quick.stderr
    assert (quick.returncode, quick.stdout, quick.stderr) == (full.returncode, full.stdout, full.stderr)


@pytest.mark.parametrize("args", [["due"], ["due", "--json"]])
def test_stderr_closed_prints_the_list_on_every_path(vault, tmp_path, args):
    argv = ["--vault", str(vault), *args]
    age(vault)
    _run(argv, tmp_path)
    runs = []
    for env in ({}, {"RELNOTES_FAST": "0"}, {"RELNOTES_NO_CACHE": "1"}):
        full_env = {**os.environ, "RELNOTES_TODAY": TODAY_ISO, **env}
        runs.append(subprocess.run([sys.executable, "-c", "import sys; sys.argv[0] = 'relnotes'\n"
                                    "from relnotes.entry import main; main()", *argv],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=full_env, timeout=120,
                                   preexec_fn=lambda: os.close(2), text=True))
    assert [(r.returncode, r.stdout) for r in runs] == [(0, runs[0].stdout)] * 3
    assert "Ann Lee" in runs[0].stdout


def test_a_locked_cache_is_left_to_the_full_path(vault, tmp_path):
    import sqlite3

    from relnotes.vault.cache import cache_path

    age(vault)
    assert CliRunner().invoke(cli, ["--vault", str(vault), "--today", TODAY_ISO, "due"]).exit_code == 0  # in this process
    assert warm.stored_due(str(vault), TODAY) is not None
    holder = sqlite3.connect(cache_path(vault), isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE meta SET value = value WHERE key = 'generation'")
        assert warm.stored_due(str(vault), TODAY) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()

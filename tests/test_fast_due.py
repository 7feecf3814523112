"""The fast `due` (relnotes/cli/fast.py): the same bytes and exit status as click's `due`,
without importing click, and only for the command lines it is sure of."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from conftest import read_terminal
from relnotes.cli import fast
from relnotes.cli.group import cli
from relnotes.cli.params import TODAY

TODAY_ISO = "2026-11-23"
PROBE = """
import sys
sys.argv[0] = "relnotes"
from relnotes.entry import main
try:
    main()
finally:
    sys.stderr.write("click imported: %s\\n" % ("click" in sys.modules))
"""


def _options(command: click.Command) -> dict[str, click.Option]:
    return {name: p for p in command.params if isinstance(p, click.Option) for name in p.opts + p.secondary_opts}


def test_the_fast_options_are_clicks_own():
    """Every option the fast path takes is the group's or due's, with the same arity, once."""
    due = cli.get_command(click.Context(cli), "due")
    assert due is not None
    for level, command in (("group", cli), ("due", due)):
        options = _options(command)
        for name, takes_value in fast.OPTIONS[level].items():
            option = options[name]
            assert option.is_flag is not takes_value, (level, name)
            assert not option.multiple and option.nargs == 1, (level, name)
        assert options["--today"].type is TODAY
        assert isinstance(options["--vault"].type, click.Path) and not options["--vault"].type.file_okay
    assert [p for p in due.params if isinstance(p, click.Argument)] == []  # no arguments to mistake for options


@pytest.mark.parametrize("args", [
    ["due"], ["due", "--json"], ["--vault", "v", "due"], ["--vault=v", "--today=2026-11-23", "due", "--json"],
    ["due", "--today", "fri", "--vault", "w", "--json", "--json"],
])
def test_forms_it_takes(args):
    assert fast.parse(args) is not None


@pytest.mark.parametrize("args", [
    [], ["check"], ["due", "--within", "3d"], ["due", "--tag", "x"], ["due", "-h"], ["--debug", "due"],
    ["--vault", "due"], ["--today", "-1d", "due"], ["due", "--json=1"], ["due", "extra"], ["due", "--vault"],
    ["--json", "due"], ["due", "due"], ["--vault=", "due"], ["due", "--"],
])
def test_forms_it_leaves_to_click(args):
    assert fast.parse(args) is None


def test_the_commands_value_wins():
    parsed = fast.parse(["--vault", "a", "--today", "2026-01-01", "due", "--vault", "b"])
    assert parsed is not None
    assert (parsed.value("--vault"), parsed.value("--today")) == ("b", "2026-01-01")


SCRIPT = Path(sys.executable).with_name("relnotes")
needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="the relnotes script is not installed beside this Python")


def _run(args: list[str], cwd: Path, fast_on: bool, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RELNOTES_TODAY": TODAY_ISO, "COLUMNS": "100", **env_extra}
    env.pop("RELNOTES_VAULT", None)
    env.pop("RELNOTES_FAST", None)
    if not fast_on:
        env["RELNOTES_FAST"] = "0"
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)


def _both(args: list[str], cwd: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run fast and with click; assert they agree; the fast run, and whether it imported click."""
    quick = _run(args, cwd, True, **env)
    slow = _run(args, cwd, False, **env)
    *quick_err, quick_probe = quick.stderr.splitlines(keepends=True)
    *slow_err, slow_probe = slow.stderr.splitlines(keepends=True)
    assert (quick.returncode, quick.stdout, quick_err) == (slow.returncode, slow.stdout, slow_err)
    assert slow_probe == "click imported: True\n"
    return quick, quick_probe


@pytest.fixture
def vaults(make_vault, tmp_path):
    v = make_vault
    v.write("relnotes.toml", "")
    v.contact("Ann Lee", "tier: ally\nfollow_up: 2026-11-20\nfollow_up_note: \"ask about the \\e[31mpilot\"")
    v.contact("Bob Stone", "tier: active\nemail: bob@example.com", "## Log\n- 2026-06-01 call: caught up\n")
    v.event("2026-11-19 Fintech Meetup", "date: 2026-11-19\npeople: ['[[Ann Lee]]', Carol Diaz]")
    v.write("contacts/Broken.md", "---\nname: [unclosed\n---\n")
    (tmp_path / "a-file").write_text("not a folder")
    return v.root


@needs_script
@pytest.mark.parametrize("args", [
    ["--vault", "{v}", "due"],
    ["--vault", "{v}", "due", "--json"],
    ["due", "--vault={v}", "--json", "--today", "2026-11-30"],
    ["--today", "fri", "--vault", "{v}", "due"],
    ["--vault", "{v}", "due", "--today", "nonsense"],  # left to click, which says why
    ["--vault", "{tmp}/a-file", "due"],
    ["--vault", "{tmp}/nowhere", "due", "--json"],
    ["--vault", "{v}", "due", "--within", "60d"],
])
def test_fast_and_click_print_the_same(vaults, tmp_path, args):
    args = [a.format(v=vaults, tmp=tmp_path) for a in args]
    for _ in range(2):  # the first run fills the cache, the second is answered from it
        quick, probe = _both(args, tmp_path)
    taken = fast.parse(args) is not None and "nonsense" not in args and "a-file" not in " ".join(args)
    assert probe == f"click imported: {not taken}\n"
    if taken and quick.returncode == 0:
        assert "Ann Lee" in quick.stdout and "\x1b" not in quick.stdout  # the ESC is shown escaped
        assert "1 note is skipped (contacts/Broken.md)" in quick.stderr


@needs_script
def test_fast_and_click_agree_on_errors_from_the_environment(vaults, tmp_path):
    quick, probe = _both(["--vault", str(vaults), "due"], tmp_path, RELNOTES_TODAY="someday")
    assert quick.returncode == 2 and "RELNOTES_TODAY='someday' is not a date" in quick.stderr
    assert probe == "click imported: False\n"
    (vaults / "relnotes.toml").write_text("[rules\n")
    quick, probe = _both(["--vault", str(vaults), "due", "--json"], tmp_path)
    assert quick.returncode == 2 and "relnotes.toml" in quick.stderr
    quick, _ = _both(["due"], tmp_path)  # no vault here
    assert quick.returncode == 2 and "no vault here" in quick.stderr


@needs_script
def test_fast_due_found_from_the_working_folder_and_after_an_edit(vaults, tmp_path):
    quick, probe = _both(["due", "--json"], vaults / "contacts")
    assert '"contact": "Ann Lee"' in quick.stdout and probe == "click imported: False\n"
    note = vaults / "contacts" / "Ann Lee.md"
    note.write_text(note.read_text().replace("follow_up: 2026-11-20", "follow_up: 2026-11-22"))
    quick, _ = _both(["due", "--json"], vaults)
    assert '"due": "2026-11-22"' in quick.stdout


@needs_script
def test_fast_due_into_a_closed_pipe_is_quiet(vaults, tmp_path):
    results = []
    for fast_on in ("1", "0"):
        env = {**os.environ, "RELNOTES_TODAY": TODAY_ISO, "RELNOTES_FAST": fast_on}
        reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        done = subprocess.run([str(SCRIPT), "--vault", str(vaults), "due", "--json"], stdout=reader.stdin,
                              stderr=subprocess.PIPE, text=True, env=env, timeout=120)
        reader.stdin.close()  # type: ignore[union-attr]
        reader.wait()
        results.append((done.returncode, "Traceback" in done.stderr))
    assert results[0] == results[1] == (0, False)


def _on_a_terminal(args: list[str], cwd: Path, fast_on: str) -> tuple[int, bytes]:
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": "70", "RELNOTES_TODAY": TODAY_ISO, "RELNOTES_FAST": fast_on, "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-c", PROBE, *args], stdout=follower, stderr=subprocess.DEVNULL,
                          env=env, cwd=cwd, timeout=120)
    os.close(follower)
    data = read_terminal(leader)
    return done.returncode, data


def test_fast_and_click_colour_and_cut_alike_on_a_terminal(vaults, tmp_path):
    args = ["--vault", str(vaults), "due"]
    quick, slow = _on_a_terminal(args, tmp_path, "1"), _on_a_terminal(args, tmp_path, "0")
    assert quick == slow
    assert quick[0] == 0 and b"\x1b[1;31mOverdue" in quick[1] and "…".encode() in quick[1]


@needs_script
def test_fast_and_click_agree_with_stdout_closed(vaults, tmp_path):
    """Started with stdout closed (`relnotes due >&-`): the warning still goes to stderr, no
    traceback, the same on both paths."""
    results = []
    for fast_on in ("1", "0"):
        env = {**os.environ, "RELNOTES_TODAY": TODAY_ISO, "RELNOTES_FAST": fast_on}
        done = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", str(SCRIPT), "--vault", str(vaults), "due"],
                              stderr=subprocess.PIPE, text=True, env=env, timeout=120)
        results.append((done.returncode, done.stderr))
    assert results[0] == results[1]
    assert results[0][0] == 0 and "Traceback" not in results[0][1] and "contacts/Broken.md" in results[0][1]

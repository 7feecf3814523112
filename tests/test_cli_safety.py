"""The CLI's edges: control characters shown escaped, a closed pipe, clashes on disk, odd input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import invoke

from relnotes.cli.app import App
from relnotes.cli.group import cli
from relnotes.cli.output import Style

TODAY = "2026-11-23"
SCRIPT = Path(sys.executable).with_name("relnotes")
# What must never reach a terminal raw: ESC, BEL, DEL, a C1 CSI, a right-to-left override.
RAW = ("\x1b", "\x07", "\x7f", "\x9b", "\u202e")
needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="the relnotes script is not installed beside Python")

# --- escapes -------------------------------------------------------------------------------


@pytest.fixture
def hostile(make_vault):
    """A vault whose names, notes and file names carry clear-screen, OSC 52, title and bidi codes."""
    v = make_vault
    v.write("contacts/Eve.md", (
        '---\nname: "Eve \\e]52;c;cHduZWQ=\\a Mallory"\nemail: eve@example.org\nfollow_up: 2026-11-20\n'
        'follow_up_note: "call \\e[2J back"\n---\n\n## Log\n'
        "- 2026-11-10 sent: hi \x1b]0;owned\x07 there \u202eevil\x9b31m\n"))
    v.write("contacts/Odd\x1b]0;t\x07.md", "---\ntier: ally\n---\n\n- [ ] send \x1b[5mdeck\x7f 📅 2026-11-21\n")
    v.write("contacts/Broken\x1b[2J.md", "---\nname: [unclosed\n---\n")
    return v


EVE = "Eve \\x1b]52;c;cHduZWQ=\\x07 Mallory"
ODD = "Odd\\x1b]0;t\\x07"
BROKEN = ("contacts/Broken\\x1b[2J.md:2: front matter is not valid YAML (did not find expected ',' or ']'); "
          "the note is skipped")


def _clean(result) -> None:
    for stream in (result.stdout, result.stderr):
        assert not [ch for ch in RAW if ch in stream], stream


@pytest.mark.parametrize(("args", "code"), [
    (("due",), 0), (("due", "--json"), 0), (("show", "eve"), 0), (("show", "eve", "--json"), 0),
    (("show", "odd"), 0), (("find",), 0), (("find", "evil", "--json"), 0), (("check",), 1), (("check", "--json"), 1),
    (("prep", "eve"), 0), (("draft", "eve"), 0), (("draft", "odd"), 0), (("draft", "--due"), 0), (("draft", "eve", "--json"), 0),
    (("agenda", "--out", "-"), 0), (("agenda", "--json"), 0), (("intro", "eve", "odd"), 0),
    (("show", "nobody\x1b]0;x\x07"), 2), (("due", "--kind", "x\x1b[2J"), 2),
])
def test_no_control_character_reaches_the_terminal(runner, hostile, args, code):
    result = invoke(runner, *args, vault=hostile.root, today=TODAY)
    assert result.exit_code == code, result.output
    _clean(result)


def test_due_shows_the_escapes_and_keeps_the_columns(runner, hostile):
    result = invoke(runner, "due", vault=hostile.root, today=TODAY)
    assert result.stdout == (
        "Overdue (3)\n"
        f"  {EVE}  nudge       6 days late  sent on Nov 10 (hi \\x1b]0;owned\\x07 there \\u202eevil\\x9b31m), "
        "no reply yet\n"
        f"  {EVE}  follow-up   3 days late  follow-up planned: call \\x1b[2J back\n"
        f"  {ODD}{' ' * (len(EVE) - len(ODD))}  commitment  2 days late  you promised: send \\x1b[5mdeck\\x7f\n")
    assert result.stderr == f"warning: {BROKEN}\n"


def test_show_find_and_check_show_the_escapes(runner, hostile):
    show = invoke(runner, "show", "eve", vault=hostile.root, today=TODAY).stdout
    assert show.splitlines()[0] == f"{EVE}  (casual)"
    assert "  2026-11-10  sent  hi \\x1b]0;owned\\x07 there \\u202eevil\\x9b31m\n" in show
    find = invoke(runner, "find", vault=hostile.root, today=TODAY).stdout
    assert find == f"{EVE}  casual\n{ODD}{' ' * (len(EVE) - len(ODD))}  ally\n"
    check = invoke(runner, "check", vault=hostile.root, today=TODAY)
    assert (check.stdout, check.stderr) == (f"{BROKEN}\n", "1 problem in 1 file\n")


def test_json_keeps_the_values_with_nothing_raw(runner, hostile):
    result = invoke(runner, "due", "--json", vault=hostile.root, today=TODAY)
    items = json.loads(result.stdout)
    assert items[0]["contact"] == "Eve \x1b]52;c;cHduZWQ=\x07 Mallory"
    assert items[0]["reason"] == "sent on Nov 10 (hi \x1b]0;owned\x07 there \u202eevil\x9b31m), no reply yet"
    assert '"reason": "sent on Nov 10 (hi \\u001b]0;owned\\u0007 there \\u202eevil\\u009b31m), no reply yet"' \
        in result.stdout
    assert items[2]["file"] == "contacts/Odd\x1b]0;t\x07.md"
    shown = json.loads(invoke(runner, "show", "eve", "--json", vault=hostile.root, today=TODAY).stdout)
    assert shown["timeline"][0]["text"] == "hi \x1b]0;owned\x07 there \u202eevil\x9b31m"


def test_colour_codes_still_reach_a_terminal_but_a_notes_do_not(runner, hostile):
    app = App(style=Style(color=True))
    result = runner.invoke(cli, ["--vault", str(hostile.root), "--today", TODAY, "show", "eve"],
                           obj=app, catch_exceptions=False)
    assert result.stdout.splitlines()[0] == f"\x1b[1m{EVE}  (casual)\x1b[0m"
    assert result.stdout.endswith("\n\x1b[2mcontacts/Eve.md\x1b[0m\n")
    for code in ("\x1b[1m", "\x1b[2m", "\x1b[0m"):  # Style's own, and nothing else
        assert code in result.stdout
    assert "\x1b" not in result.stdout.replace("\x1b[1m", "").replace("\x1b[2m", "").replace("\x1b[0m", "")


# --- a closed pipe -------------------------------------------------------------------------


def _many(root: Path, front: str) -> Path:
    (root / "contacts").mkdir()
    (root / "events").mkdir()
    for i in range(2000):
        (root / "contacts" / f"P{i:04d}.md").write_text(
            f"---\nname: Person {i:04d}\nemail: p{i}@example.org\nfollow_up: 2026-11-01\n{front}---\n\n"
            "## Log\n- 2026-11-01 sent: hello\n")
    return root


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """2000 overdue contacts: every listing is far bigger than a pipe's buffer."""
    return _many(tmp_path_factory.mktemp("many"), "")


@pytest.fixture(scope="module")
def many_problems(tmp_path_factory):
    return _many(tmp_path_factory.mktemp("problems"), "tier: vip\n")


def _into(reader: list[str], args: list[str], vault: Path, tmp_path: Path) -> tuple[int, bytes, str]:
    """Run relnotes with its stdout piped into ``reader``; its exit status, what reader got, its stderr."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}
    with open(tmp_path / "stderr", "w+b") as err:
        relnotes = subprocess.Popen([str(SCRIPT), "--vault", str(vault), "--today", TODAY, *args],
                                    stdout=subprocess.PIPE, stderr=err, env=env)
        assert relnotes.stdout is not None
        head = subprocess.Popen(reader, stdin=relnotes.stdout, stdout=subprocess.PIPE)
        relnotes.stdout.close()  # only the reader holds the read end now
        out, _ = head.communicate(timeout=120)
        code = relnotes.wait(timeout=120)
        err.seek(0)
        return code, out, err.read().decode()


@needs_script
@pytest.mark.parametrize("args", [
    ["due", "--json"], ["due"], ["find"], ["find", "--json"], ["agenda", "--out", "-"], ["draft", "--due"],
    ["draft", "--due", "--json"],
])
def test_a_reader_that_stops_early_is_no_error(many, tmp_path, args):
    code, out, err = _into(["head", "-c", "10"], args, many, tmp_path)
    assert (code, err) == (0, "")
    assert len(out) == 10


@needs_script
@pytest.mark.parametrize("args", [["show", "person 0001"], ["due", "--help"], ["find", "person 0001"]])
def test_a_reader_already_gone_is_no_error(many, tmp_path, args):
    """Nothing is read at all: the output fails on its first flush, or at the interpreter's last one."""
    assert _into(["true"], args, many, tmp_path) == (0, b"", "")


@needs_script
@pytest.mark.parametrize("args", [["check"], ["check", "--json"]])
def test_check_cut_short_still_says_there_are_problems(many_problems, tmp_path, args):
    code, out, err = _into(["head", "-c", "10"], args, many_problems, tmp_path)
    assert (code, len(out), err) == (1, 10, "")


@needs_script
def test_an_error_still_exits_2_when_stderr_is_closed(many):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}
    proc = subprocess.Popen([str(SCRIPT), "--vault", str(many), "show", "nobody"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    proc.stderr.close()
    out, _ = proc.communicate(timeout=120)
    assert (proc.returncode, out) == (2, b"")

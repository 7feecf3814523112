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
    (("log", "eve", "note", "hi \x1b]0;x\x07"), 0), (("add", "Zed \x1bc\x07", "--met-at", "M\x1bc"), 0),
    (("done", "odd", "deck"), 0), (("snooze", "eve", "2026-01-01"), 0),
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


def _many(root: Path, front: str, count: int = 1000) -> Path:
    (root / "contacts").mkdir()
    (root / "events").mkdir()
    for i in range(count):
        (root / "contacts" / f"P{i:04d}.md").write_text(
            f"---\nname: Person {i:04d} of a long line of people who all met at one event\nemail: p{i}@example.org\nfollow_up: 2026-11-01\n"
            f"{front}---\n\n## Log\n- 2026-11-01 sent: hello\n")
    return root


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """1000 overdue contacts with long names: every listing is bigger than a pipe's buffer (64 KiB)."""
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
    ["due", "--json"], ["due"], ["find"], ["find", "--json"], ["draft", "--due"],
])
def test_a_reader_that_stops_early_is_no_error(many, tmp_path, args):
    code, out, err = _into(["head", "-c", "10"], args, many, tmp_path)
    assert (code, err) == (0, "")
    assert len(out) == 10


@needs_script
@pytest.mark.parametrize("args", [["show", "person 0001"], ["due", "--help"], ["find", "person 0001"],
                                  ["agenda", "--out", "-"], ["agenda", "--json"]])
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


@needs_script
def test_the_progress_line_on_a_terminal_keeps_its_carriage_return(tmp_path):
    many = _many(tmp_path, "", 2000)  # progress is shown from 2000 notes on
    import pty

    main, child = pty.openpty()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}, "RELNOTES_NO_CACHE": "1"}
    proc = subprocess.Popen([str(SCRIPT), "--vault", str(many), "--today", TODAY, "check"],
                            stdout=subprocess.DEVNULL, stderr=child, env=env)
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal's other end is closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.wait(timeout=120) == 0
    assert seen.endswith(b"\rreading notes: 2000/2000\r\nNo problems in 2000 notes.\r\n")
    assert b"\\x0d" not in seen


# --- one warning line ----------------------------------------------------------------------


def test_skipped_notes_and_problems_are_one_warning_line(runner, make_vault):
    v = make_vault
    for name in "ABCDE":
        v.write(f"contacts/{name}.md", "---\nname: [unclosed\n---\n")
    v.contact("Fay", "tier: vip\nfollow_up: 2026-11-20")
    v.contact("Gus", "tier: vip")
    for args in (("due",), ("due", "--json"), ("draft", "fay")):
        result = invoke(runner, *args, vault=v.root, today=TODAY)
        assert result.exit_code == 0, args
        assert result.stderr.splitlines()[-1] == (
            "warning: 5 notes are skipped (contacts/A.md, contacts/B.md, contacts/C.md and 2 more); "
            "2 other problems in the vault; run 'relnotes check' to see them"), args


@pytest.mark.parametrize(("broken", "tiers", "line"), [
    ("", 2, "2 problems in the vault; run 'relnotes check' to see them"),
    ("A", 0, "contacts/A.md:2: front matter is not valid YAML (did not find expected ',' or ']'); "
             "the note is skipped"),
    ("A", 1, "1 note is skipped (contacts/A.md); 1 other problem in the vault; run 'relnotes check' to see them"),
    ("AB", 0, "2 notes are skipped (contacts/A.md, contacts/B.md); run 'relnotes check' to see them"),
])
def test_the_warning_line_says_what_it_can(runner, make_vault, broken, tiers, line):
    v = make_vault
    for name in broken:
        v.write(f"contacts/{name}.md", "---\nname: [unclosed\n---\n")
    for i in range(tiers):
        v.contact(f"Vip {i}", "tier: vip")
    result = invoke(runner, "due", vault=v.root, today=TODAY)
    assert result.stderr == f"warning: {line}\n"


# --- clashes on disk -----------------------------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    """Every file but the cache's, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".relnotes" not in p.relative_to(root).parts}


@pytest.mark.parametrize(("blocked", "args", "message"), [
    ("contacts", ("add", "Jane Doe"),
     "contacts is a file, not a folder, so contacts/Jane Doe.md cannot be created there; move it away; "
     "nothing was written"),
    ("events", ("debrief", "Mixer", "--people", "Jane Doe"),
     "events is a file, not a folder, so events/2026-11-23 Mixer.md cannot be created there; move it away; "
     "nothing was written"),
    ("contacts", ("debrief", "Mixer", "--people", "Ann Lee, Bo Chen"),  # the event could be, the stubs not
     "contacts is a file, not a folder, so contacts/Ann Lee.md cannot be created there; move it away; "
     "nothing was written"),
])
def test_a_file_where_a_folder_should_be_is_one_line(runner, tmp_path, blocked, args, message):
    root = tmp_path / "v"
    for folder in ("contacts", "events"):
        (root / folder).parent.mkdir(parents=True, exist_ok=True)
        if folder == blocked:
            (root / folder).write_text("my own file\n")
        else:
            (root / folder).mkdir()
    before = _files(root)
    result = invoke(runner, *args, vault=root, today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"relnotes: {message}\n")
    assert _files(root) == before


def test_a_link_to_nothing_where_a_folder_should_be(runner, make_vault):
    v = make_vault
    (v.root / "contacts").rmdir()
    (v.root / "contacts").symlink_to(v.root / "gone")
    result = invoke(runner, "add", "Jane Doe", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: contacts is a link to nothing, not a folder, so contacts/Jane Doe.md cannot be created there; "
           "move it away; nothing was written\n")


@pytest.mark.parametrize("sample", [False, True])
@pytest.mark.parametrize("blocked", ["contacts", "events"])
def test_init_refuses_a_file_where_a_folder_goes(runner, tmp_path, sample, blocked):
    root = tmp_path / "v"
    root.mkdir()
    (root / blocked).write_text("mine\n")
    result = invoke(runner, "init", str(root), *(["--sample"] if sample else []))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"relnotes: {root / blocked} is a file, not a folder; nothing was changed (init never overwrites)\n")
    assert _files(root) == {blocked: b"mine\n"}


def test_init_under_a_file_is_one_line(runner, tmp_path):
    (tmp_path / "plain").write_text("mine\n")
    result = invoke(runner, "init", str(tmp_path / "plain" / "vault"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"relnotes: {tmp_path / 'plain'} is a file, not a folder; nothing was changed\n")


def test_new_notes_are_all_created_or_none(tmp_path):
    """A note that fails after others were created takes them back: "nothing was written" stays true."""
    from relnotes.errors import NoteError
    from relnotes.vault.create import create_all

    (tmp_path / "contacts").mkdir()
    notes = [(tmp_path / "events" / "Mixer.md", "event\n"), (tmp_path / "contacts" / "Ann.md", "ann\n"),
             (tmp_path / "contacts" / ("x" * 300 + ".md"), "too long a name\n")]
    with pytest.raises(NoteError) as caught:
        create_all(tmp_path, notes)
    assert caught.value.message == "cannot create the note (File name too long); nothing was written"
    assert _files(tmp_path) == {}


def test_debrief_creates_nothing_when_one_stub_cannot_be(runner, make_vault):
    v = make_vault
    (v.root / "contacts" / "Bo Chen.md").mkdir()  # not a note: a folder with the stub's name
    result = invoke(runner, "debrief", "Mixer", "--people", "Ann Lee, Bo Chen", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relnotes: contacts/Bo Chen.md already exists; nothing was written\n"
    assert _files(v.root) == {}


# --- input refused at the door --------------------------------------------------------------


@pytest.mark.parametrize(("option", "value"), [
    ("--cost", "nan"), ("--cost", "inf"), ("--cost", "-inf"), ("--cost", "1e400"), ("--cost", "-1"),
    ("--cost", "twelve"), ("--hours", "NaN"), ("--hours", "infinity"),
])
def test_debrief_refuses_a_cost_that_is_no_number(runner, make_vault, option, value):
    result = invoke(runner, "debrief", "Mixer", option, value, vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '{option}': {value!r} is not a number of 0 or more (e.g. 25 or 2.5)")
    assert _files(make_vault.root) == {}


def test_debrief_keeps_a_good_cost(runner, make_vault):
    result = invoke(runner, "debrief", "Mixer", "--cost", "25", "--hours", "2.5", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0
    assert invoke(runner, "check", vault=make_vault.root, today=TODAY).exit_code == 0


@pytest.mark.parametrize("within", ["1000000y", "101y", "1201m", "5218w", "36526d"])
def test_within_has_the_limit_relnotes_toml_has(runner, make_vault, within):
    result = invoke(runner, "due", "--within", within, vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"Error: Invalid value for '--within': {within!r} is too long: "
                                              "at most 100 years (100y, 1200m, 5217w or 36525d)")


@pytest.mark.parametrize("within", ["100y", "1200m", "5217w", "36525d"])
def test_within_up_to_100_years_is_fine(runner, make_vault, within):
    assert invoke(runner, "due", "--within", within, vault=make_vault.root, today=TODAY).exit_code == 0


@pytest.mark.parametrize("task", ["", "  "])
def test_done_with_an_empty_task_is_a_usage_error(runner, make_vault, task):
    v = make_vault
    path = v.contact("Ann Lee", body="- [ ] send the deck 📅 2026-11-20")
    before = path.read_bytes()
    result = invoke(runner, "done", "ann", task, vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == (
        "Error: TASK is empty: give part of the task's text, or leave it out for the most urgent")
    assert path.read_bytes() == before
    assert invoke(runner, "done", "ann", vault=v.root, today=TODAY).exit_code == 0  # no TASK at all: as before


def test_the_config_when_there_may_be_no_vault(runner, make_vault, tmp_path, monkeypatch):
    from relnotes.errors import VaultError

    assert App().config_or_none is None  # the runner works in an empty home folder
    monkeypatch.chdir(make_vault.root)
    assert App().config_or_none is not None and App().config_or_none.root == make_vault.root.resolve()
    monkeypatch.chdir(tmp_path)
    assert App(vault_opt=str(make_vault.root)).config_or_none.root == make_vault.root.resolve()
    with pytest.raises(VaultError):
        _ = App(vault_opt=str(tmp_path / "missing")).config_or_none
    monkeypatch.setenv("RELNOTES_VAULT", str(tmp_path / "missing"))
    with pytest.raises(VaultError):
        _ = App().config_or_none

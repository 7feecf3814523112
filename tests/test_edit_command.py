"""relnotes edit: a real editor run (a script as $EDITOR), then the note is checked."""

from __future__ import annotations

import os
import stat

from conftest import invoke

TODAY = "2026-12-02"


def _script(tmp_path, name, body):
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_edit_runs_the_editor_on_the_note_and_checks_it(runner, make_vault, tmp_path, monkeypatch):
    path = make_vault.contact("Ann Lee", "tier: active", "## Log\n- 2026-11-01 met: at the summit")
    monkeypatch.setenv("EDITOR", _script(tmp_path, "ed.sh", 'printf -- "- 2026-11-31 call: hi\\n" >> "$1"'))
    result = invoke(runner, "edit", "Ann", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 1
    assert result.stdout == "contacts/Ann Lee.md:8: log line has a bad date '2026-11-31' (use YYYY-MM-DD); it is ignored\n"
    assert result.stderr == "1 problem in contacts/Ann Lee.md\n"
    assert path.read_text().endswith("- 2026-11-01 met: at the summit\n- 2026-11-31 call: hi\n")


def test_visual_wins_and_a_clean_note_says_so(runner, make_vault, tmp_path, monkeypatch):
    make_vault.contact("Ann Lee", "tier: active")
    log = tmp_path / "seen"
    monkeypatch.setenv("VISUAL", _script(tmp_path, "vis.sh", f'echo "$1" > "{log}"'))
    monkeypatch.setenv("EDITOR", _script(tmp_path, "ed.sh", "exit 3"))
    result = invoke(runner, "edit", "Ann Lee", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "contacts/Ann Lee.md: no problems\n")
    assert log.read_text() == f"{make_vault.root / 'contacts' / 'Ann Lee.md'}\n"


def test_edit_opens_an_event(runner, make_vault, tmp_path, monkeypatch):
    make_vault.event("2026-11-20 Summit", "date: 2026-11-20")
    log = tmp_path / "seen"
    monkeypatch.setenv("EDITOR", _script(tmp_path, "ed.sh", f'basename "$1" > "{log}"'))
    result = invoke(runner, "edit", "Summit", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "events/2026-11-20 Summit.md: no problems\n")
    assert log.read_text() == "2026-11-20 Summit.md\n"


def test_no_editor_and_no_terminal_is_a_clear_error(runner, make_vault):
    path = make_vault.contact("Ann Lee", "tier: active")
    before = path.read_bytes()
    assert "EDITOR" not in os.environ and "VISUAL" not in os.environ
    result = invoke(runner, "edit", "Ann", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "relnotes: no editor: set $VISUAL or $EDITOR (e.g. export EDITOR=nano) to edit notes\n")
    assert path.read_bytes() == before


def test_a_failing_editor_is_one_line(runner, make_vault, tmp_path, monkeypatch):
    make_vault.contact("Ann Lee", "tier: active")
    editor = _script(tmp_path, "ed.sh", "exit 3")
    monkeypatch.setenv("EDITOR", editor)
    result = invoke(runner, "edit", "Ann", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"relnotes: {editor}: Editing failed; contacts/Ann Lee.md is as the editor left it\n"


def test_a_skipped_note_is_opened_so_it_can_be_fixed(runner, make_vault, tmp_path, monkeypatch):
    """Conflict markers, bad YAML, bytes that are not UTF-8: relnotes skips the note, and `edit`
    is how it gets fixed (by its name, or by its path)."""
    broken = make_vault.write("contacts/Connie Conflict.md",
                              "---\n<<<<<<< HEAD\ntier: ally\n=======\ntier: active\n>>>>>>> theirs\n---\n")
    latin = make_vault.root / "contacts" / "Latin Lu.md"
    latin.write_bytes(b"---\nname: Lu\ncompany: Caf\xe9\n---\n")
    fixer = _script(tmp_path, "fix.sh", 'printf -- "---\\ntier: ally\\n---\\n" > "$1"')
    monkeypatch.setenv("EDITOR", fixer)
    result = invoke(runner, "edit", "Connie", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "contacts/Connie Conflict.md: no problems\n")
    assert broken.read_text() == "---\ntier: ally\n---\n"
    monkeypatch.setenv("EDITOR", _script(tmp_path, "look.sh", "true"))
    result = invoke(runner, "edit", "contacts/Latin Lu.md", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 1 and result.stderr == "1 problem in contacts/Latin Lu.md\n"
    assert "contacts/Latin Lu.md:3: " in result.stdout and "UTF-8" in result.stdout
    assert latin.read_bytes() == b"---\nname: Lu\ncompany: Caf\xe9\n---\n"

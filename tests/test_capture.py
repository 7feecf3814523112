"""The capture flow end to end, and new notes: add, debrief."""

from __future__ import annotations

import json
import os
import stat
import sys

from conftest import invoke, kinds

TODAY = "2026-11-21"


def _due(runner, root, today=TODAY):
    result = invoke(runner, "due", "--json", vault=root, today=today)
    assert result.exit_code == 0, result.output
    return kinds(json.loads(result.stdout))


def test_the_whole_capture_flow(runner, tmp_path):
    root = tmp_path / "network"
    assert invoke(runner, "init", str(root)).exit_code == 0
    result = invoke(runner, "debrief", "Atlanta Tech Mixer", "--date", "2026-11-20", "--purpose", "community",
                    "--people", "Jane Doe, Priya Raman, [[Bo Chen]]", vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "created events/2026-11-20 Atlanta Tech Mixer.md", "created contacts/Jane Doe.md",
        "created contacts/Priya Raman.md", "created contacts/Bo Chen.md"]
    assert _due(runner, root) == [("Bo Chen", "first-follow-up", "2026-11-21"),
                                  ("Jane Doe", "first-follow-up", "2026-11-21"),
                                  ("Priya Raman", "first-follow-up", "2026-11-21")]
    assert invoke(runner, "log", "jane", "sent", "the podcast link", "--gave", "insight",
                  vault=root, today=TODAY).exit_code == 0
    assert ("Jane Doe", "first-follow-up", "2026-11-21") not in _due(runner, root)
    assert ("Jane Doe", "nudge", "2026-11-28") in _due(runner, root)
    result = invoke(runner, "promise", "Priya Raman", "Send the hiring deck", "--due", "2026-11-25",
                    vault=root, today=TODAY)
    assert result.stdout == "contacts/Priya Raman.md: promise: Priya Raman — Send the hiring deck (due 2026-11-25)\n"
    assert ("Priya Raman", "commitment", "2026-11-25") in _due(runner, root)
    result = invoke(runner, "done", "Priya Raman", "deck", vault=root, today="2026-11-24")
    assert result.stdout == "contacts/Priya Raman.md: done: Priya Raman — Send the hiring deck\n"
    assert ("Priya Raman", "commitment", "2026-11-25") not in _due(runner, root)
    assert "- [x] Send the hiring deck 📅 2026-11-25 ✅ 2026-11-24\n" in (root / "contacts/Priya Raman.md").read_text()
    check = invoke(runner, "check", vault=root)
    assert (check.exit_code, check.stdout) == (0, "")


def test_debrief_note_carries_the_prompts(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe")
    result = invoke(runner, "debrief", "Fintech Breakfast", "--date", "2026-11-19", "--format", "managed",
                    "--goal", "meet credit unions", "--people", "jane doe", "--cost", "25", "--hours", "1.5",
                    vault=v.root)
    assert result.stdout == "created events/2026-11-19 Fintech Breakfast.md\n"  # Jane exists: no stub
    text = (v.root / "events/2026-11-19 Fintech Breakfast.md").read_text()
    assert text.startswith('---\ntitle: Fintech Breakfast\ndate: 2026-11-19\nformat: managed\n'
                           'goal: meet credit unions\ncost: 25\nhours: 1.5\npeople: ["[[Jane Doe]]"]\nrating:\n---\n')
    for prompt in ("## Why I went", "## What I learned", "## Who was worth a follow-up, and why",
                   "What drew you to this event?", "How does it touch your work?", "## What I promised, to whom"):
        assert prompt in text


def test_add_with_met_at_sets_met_and_logs_it(runner, make_vault):
    v = make_vault
    v.write("events/2026-11-20 Atlanta Tech Mixer.md", "---\ntitle: Atlanta Tech Mixer\ndate: 2026-11-20\n---\n")
    result = invoke(runner, "add", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme: Payments",
                    "--tier", "Strategic", "--tag", "fintech", "--tag", "#atl", "--met-at", "atlanta tech mixer",
                    vault=v.root, today=TODAY)
    assert result.stdout == "created contacts/Jane Doe.md\n"
    assert (v.root / "contacts/Jane Doe.md").read_text() == (
        '---\nname: Jane Doe\nemail: jane@acme.example\ncompany: "Acme: Payments"\ntier: strategic\n'
        'tags: [fintech, atl]\nmet: 2026-11-20\nmet_at: "[[2026-11-20 Atlanta Tech Mixer]]"\n---\n\n# Jane Doe\n\n'
        "<!-- Who they are, what they care about, what they need and can offer. -->\n\n## Log\n"
        "- 2026-11-20 met: at [[2026-11-20 Atlanta Tech Mixer]]\n")
    assert invoke(runner, "check", vault=v.root).exit_code == 0


def test_add_writes_each_tag_once_and_no_empty_one(runner, make_vault):
    result = invoke(runner, "add", "Bo Chen", "--tag", "yes", "--tag", "#yes", "--tag", "", "--tag", " # ",
                    "--tag", "atl", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0
    assert "\ntags: [\"yes\", atl]\n" in (make_vault.root / "contacts/Bo Chen.md").read_text()


def test_add_never_overwrites(runner, make_vault):
    v = make_vault
    v.write("contacts/Jane Doe.md", "mine\n")
    result = invoke(runner, "add", "Jane Doe", vault=v.root)
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: Jane Doe already has a note: contacts/Jane Doe.md; nothing was written\n")
    v.write("contacts/Bo.md", "---\nname: Robert\n---\n")
    result = invoke(runner, "add", "Bo", vault=v.root)  # the file exists though no contact is named Bo
    assert result.exit_code == 2
    assert (v.root / "contacts/Jane Doe.md").read_text() == "mine\n"


def test_names_cannot_escape_the_vault(runner, make_vault):
    v = make_vault
    for name, expected in (("../../etc/passwd", "contacts/etc passwd.md"), ("CON", "contacts/CON_.md"),
                           (".hidden", "contacts/hidden.md"), ('Zoë: "the best"', "contacts/Zoë the best.md")):
        result = invoke(runner, "add", name, vault=v.root)
        assert result.stdout == f"created {expected}\n", name
    assert sorted(p.name for p in (v.root / "contacts").iterdir()) == [
        "CON_.md", "Zoë the best.md", "etc passwd.md", "hidden.md"]
    assert invoke(runner, "check", vault=v.root).exit_code == 0


def test_edit_opens_the_editor(runner, make_vault, tmp_path, monkeypatch):
    editor = tmp_path / "fake-editor"
    editor.write_text(f"#!{sys.executable}\nimport sys\nopen(sys.argv[-1], 'a').write('Edited by hand.\\n')\n")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("EDITOR", str(editor))
    result = invoke(runner, "add", "Jane Doe", "--edit", vault=make_vault.root)
    assert result.exit_code == 0
    assert (make_vault.root / "contacts/Jane Doe.md").read_text().endswith("## Log\nEdited by hand.\n")
    assert os.environ["EDITOR"] == str(editor)


def test_empty_titles_and_names_are_refused(runner, make_vault):
    v = make_vault
    for args, message in (
        (("debrief", "", "--date", "2026-11-21"),
         "an event's title cannot be empty (got ''); for example: relnotes debrief \"Atlanta Tech Mixer\""),
        (("debrief", "   ", "--date", "2026-11-21"),
         "an event's title cannot be empty (got '   '); for example: relnotes debrief \"Atlanta Tech Mixer\""),
        (("debrief", "2026-11-21", "--date", "2026-11-21"),
         "'2026-11-21' leaves no title for the file name once the date is taken out; use letters or digits, "
         "e.g. relnotes debrief \"Atlanta Tech Mixer\""),
        (("add", "   "), "a contact's name cannot be empty (got '   '); for example: relnotes add \"Jane Doe\""),
    ):
        result = invoke(runner, *args, vault=v.root, today=TODAY)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"relnotes: {message}\n"), args
    assert list(v.root.rglob("*.md")) == []


def test_an_editor_that_cannot_start_says_the_note_was_created(runner, make_vault, monkeypatch):
    monkeypatch.setenv("EDITOR", "nonexistent-editor")
    result = invoke(runner, "add", "Ed Two", "--edit", vault=make_vault.root)
    assert result.exit_code == 2
    assert result.stdout == "created contacts/Ed Two.md\n"
    assert result.stderr == (
        "relnotes: created contacts/Ed Two.md, but the editor 'nonexistent-editor' could not be started "
        "([Errno 2] No such file or directory: 'nonexistent-editor'); set $EDITOR, or open the note yourself\n")
    assert (make_vault.root / "contacts/Ed Two.md").read_text().startswith("---\nname: Ed Two\n---\n")
    monkeypatch.setenv("EDITOR", "false")
    result = invoke(runner, "debrief", "Mixer", "--date", "2026-11-20", "--edit", vault=make_vault.root)
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: created events/2026-11-20 Mixer.md, but the editor 'false' ended with an error; "
           "open the note yourself\n")


def test_add_warns_about_an_odd_email_but_keeps_it(runner, make_vault):
    v = make_vault
    result = invoke(runner, "add", "Ann Lee", "--email", "not-an-email", vault=v.root)
    assert (result.exit_code, result.stdout) == (0, "created contacts/Ann Lee.md\n")
    assert result.stderr == ("warning: 'not-an-email' does not look like an email address (name@example.org); "
                             "it is saved as typed\n")
    assert "email: not-an-email\n" in (v.root / "contacts/Ann Lee.md").read_text()
    result = invoke(runner, "add", "Bo Chen", "--email", "bo@octane.example", vault=v.root)
    assert (result.exit_code, result.stderr) == (0, "")

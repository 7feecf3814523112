"""relnotes debrief in a terminal asks the filter questions; run for real, with stdin a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import invoke

SCRIPT = Path(sys.executable).with_name("relnotes")
pytestmark = pytest.mark.skipif(not SCRIPT.exists() or sys.platform == "win32",
                                reason="needs the installed relnotes script and a pseudo-terminal")

JANE = "---\nname: Jane Doe\ntier: ally  # since the summit\nneeds: [podcast guests]\n---\n\n## Log\n- 2026-11-01 call: catch-up\n"


def in_terminal(root: Path, *args: str, answers: str) -> subprocess.CompletedProcess[str]:
    """Run relnotes with a pseudo-terminal as stdin, the answers typed into it up front."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES_")}
    env.update(RELNOTES_VAULT=str(root), RELNOTES_TODAY="2026-11-23", NO_COLOR="1")
    try:
        proc = subprocess.Popen([str(SCRIPT), *args], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, cwd=root)
        os.write(master, answers.encode())
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(slave)
        os.close(master)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_the_questions_fill_purpose_people_needs_and_offers(make_vault):
    v = make_vault
    jane = v.write("contacts/Jane Doe.md", JANE)
    typed = "\n".join([
        "mixer",  # not a purpose: asked again
        "Community",
        "jane doe, Sam Lee",
        "Podcast guests, a designer",  # Jane needs: one she had already, one new
        "",  # Jane offers: skipped
        "",  # Sam needs: skipped
        "intro to VCs; hiring advice",  # Sam offers
    ]) + "\n"
    result = in_terminal(v.root, "debrief", "Tech Mixer", "--date", "2026-11-20", answers=typed)
    assert (result.returncode, result.stderr) == (0, "")
    assert "please answer content, community, both, or press Enter to skip" in result.stdout
    assert result.stdout.endswith(
        "created events/2026-11-20 Tech Mixer.md\ncreated contacts/Sam Lee.md\n"
        "debrief: Jane Doe — needs: a designer\n")
    event = (v.root / "events" / "2026-11-20 Tech Mixer.md").read_text(encoding="utf-8")
    assert 'purpose: community\n' in event and 'people: ["[[Jane Doe]]", "[[Sam Lee]]"]\n' in event
    sam = (v.root / "contacts" / "Sam Lee.md").read_text(encoding="utf-8")
    assert sam.startswith('---\nname: Sam Lee\nmet_at: "[[2026-11-20 Tech Mixer]]"\n'
                          "offers:\n  - intro to VCs\n  - hiring advice\n---\n")
    # Jane's note: only the needs line changed, her comment and log kept byte for byte
    assert jane.read_text(encoding="utf-8") == JANE.replace("needs: [podcast guests]",
                                                            "needs: [podcast guests, a designer]")


def test_only_what_the_options_left_open_is_asked(make_vault):
    v = make_vault
    v.write("contacts/Jane Doe.md", JANE)
    result = in_terminal(v.root, "debrief", "Breakfast", "--people", "Jane Doe", answers="content\n")
    assert result.returncode == 0, result.stderr
    assert "Who were" not in result.stdout and "What does" not in result.stdout
    assert "purpose: content\n" in (v.root / "events" / "2026-11-23 Breakfast.md").read_text(encoding="utf-8")
    assert (v.root / "contacts" / "Jane Doe.md").read_text(encoding="utf-8") == JANE


def test_enter_everywhere_writes_what_it_always_did(make_vault, runner):
    result = in_terminal(make_vault.root, "debrief", "Quiet Evening", answers="\n\n")
    assert result.returncode == 0, result.stderr
    prompted = (make_vault.root / "events" / "2026-11-23 Quiet Evening.md").read_text(encoding="utf-8")
    plain = invoke(runner, "debrief", "Quiet Evening 2", vault=make_vault.root, today="2026-11-23")
    assert plain.exit_code == 0 and "Why did you go" not in plain.stdout  # no terminal: no questions
    written = (make_vault.root / "events" / "2026-11-23 Quiet Evening 2.md").read_text(encoding="utf-8")
    assert prompted == written.replace("Quiet Evening 2", "Quiet Evening")

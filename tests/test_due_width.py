"""`due` on a terminal fits each row to its width (the reason cut with …, never wrapped); piped,
rows are printed whole."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import invoke, read_terminal

TODAY = "2026-11-23"
LONG = "ask whether our sandbox API access came through vendor risk and legal review this week"


def _vault(make_vault):
    v = make_vault
    v.write("relnotes.toml", "")
    v.contact("Ann Lee", f"tier: ally\nfollow_up: 2026-11-20\nfollow_up_note: {LONG}")
    return v


def _on_a_terminal(root, columns: str, tmp_path) -> str:
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": columns, "RELNOTES_TODAY": TODAY, "NO_COLOR": "1"}
    env.pop("RELNOTES_VAULT", None)
    code = "import sys; from relnotes.cli.group import main; sys.argv[0] = 'relnotes'; main()"
    done = subprocess.run([sys.executable, "-c", code, "--vault", str(root), "due"], stdout=follower,
                          stderr=subprocess.PIPE, env=env, cwd=tmp_path, timeout=60)
    os.close(follower)
    data = read_terminal(leader)
    assert done.returncode == 0, done.stderr
    return data.decode().replace("\r\n", "\n")


def test_due_on_a_narrow_terminal_cuts_the_reason(make_vault, tmp_path):
    v = _vault(make_vault)
    assert _on_a_terminal(v.root, "60", tmp_path) == (
        "Overdue (1)\n"
        "  Ann Lee  follow-up  3 days late  follow-up planned: ask w…\n"
    )


def test_due_piped_prints_whole_rows(make_vault, runner):
    v = _vault(make_vault)
    result = invoke(runner, "due", vault=v.root, today=TODAY)
    # 114 columns: not cut to any terminal (the rule itself shortens a reason to 60 characters)
    assert result.stdout == (f"Overdue (1)\n  Ann Lee  follow-up  3 days late  follow-up planned: "
                             f"{LONG[:59]}…\n")

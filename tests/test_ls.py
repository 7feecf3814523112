"""relnotes ls: one aligned line per contact; fitted with … to a width; --json."""

from __future__ import annotations

import json

from conftest import invoke, read_terminal

TODAY = "2026-12-02"


def _vault(make_vault):
    make_vault.contact("Ann Lee", "tier: ally\ntags: [fintech]", "## Log\n- 2026-11-20 call: caught up on the raise")
    make_vault.contact("Bo Chan", "tier: casual\nstatus: archived", "## Log\n- 2026-01-05 met: at the mixer")
    make_vault.contact("Cy Dunn", "tier: strategic\ntags: [atl, fintech]",
                       "## Log\n- 2026-09-01 call: intro\n\n## Promises\n- [ ] send Cy the deck 📅 2026-12-04")
    return make_vault.root


def test_ls_lists_every_contact_aligned(runner, make_vault):
    result = invoke(runner, "ls", vault=_vault(make_vault), today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Ann Lee  ally       2026-11-20  2026-12-11 keep-in-touch: last contact Nov 20 (12 days ago); ally tier: every 21d\n"
        "Bo Chan  casual     2026-01-05  -\n"
        "Cy Dunn  strategic  2026-09-01  2026-10-16 keep-in-touch: last contact Sep 1 (92 days ago); strategic tier: every 45d\n"
    )


def test_ls_fits_the_width_with_an_ellipsis(runner, make_vault):
    result = invoke(runner, "ls", "--width", "50", vault=_vault(make_vault), today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == (
        "Ann Lee  ally       2026-11-20  2026-12-11 keep-i…\n"
        "Bo Chan  casual     2026-01-05  -\n"
        "Cy Dunn  strategic  2026-09-01  2026-10-16 keep-i…\n"
    )
    assert all(len(line) <= 50 for line in result.stdout.splitlines())


def test_ls_piped_is_full_width(runner, make_vault):
    wide = invoke(runner, "ls", vault=_vault(make_vault), today=TODAY)
    assert max(len(line) for line in wide.stdout.splitlines()) > 80 and "…" not in wide.stdout


def test_ls_filters_and_sorts(runner, make_vault):
    root = _vault(make_vault)
    by_tag = invoke(runner, "ls", "--tag", "#fintech", "--sort", "last", vault=root, today=TODAY)
    assert [line.split("  ")[0] for line in by_tag.stdout.splitlines()] == ["Cy Dunn", "Ann Lee"]
    by_next = invoke(runner, "ls", "--sort", "next", "--status", "active", "--tier", "ALLY", "--tier", "strategic",
                     vault=root, today=TODAY)
    assert [line.split("  ")[0] for line in by_next.stdout.splitlines()] == ["Cy Dunn", "Ann Lee"]
    archived = invoke(runner, "ls", "--status", "archived", vault=root, today=TODAY)
    assert archived.stdout == "Bo Chan  casual  2026-01-05  -\n"
    none = invoke(runner, "ls", "--tag", "nope", vault=root, today=TODAY)
    assert (none.exit_code, none.stdout, none.stderr) == (0, "", "No contacts match.\n")


def test_ls_json(runner, make_vault):
    result = invoke(runner, "ls", "--json", "--tier", "casual", vault=_vault(make_vault), today=TODAY)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"name": "Bo Chan", "file": "contacts/Bo Chan.md", "tier": "casual",
                                          "status": "archived", "tags": [], "last_contact": "2026-01-05",
                                          "next": None}]
    cy = json.loads(invoke(runner, "ls", "--json", "--tier", "strategic", vault=make_vault.root, today=TODAY).stdout)
    assert cy[0]["next"]["kind"] == "keep-in-touch" and cy[0]["next"]["due"] == "2026-10-16"


def test_ls_bad_sort_is_a_usage_error(runner, make_vault):
    result = invoke(runner, "ls", "--sort", "age", vault=_vault(make_vault), today=TODAY)
    assert result.exit_code == 2 and "'age' is not one of 'name', 'last', 'next'" in result.stderr


def test_fit_counts_wide_characters_and_never_cuts_short_lines():
    from relnotes.cli.commands.ls import fit

    assert fit("Zoë  ally  -", 12) == "Zoë  ally  -"
    assert fit("李小龍  ally  2026-12-01 birthday", 20) == "李小龍  ally  2026-…"  # 19 columns and the …
    assert fit("abc", None) == "abc"


def test_ls_on_a_terminal_fits_its_width(make_vault, tmp_path):
    import os
    import subprocess
    import sys

    root = _vault(make_vault)
    leader, follower = os.openpty()
    env = {**os.environ, "COLUMNS": "50", "RELNOTES_TODAY": TODAY, "NO_COLOR": "1"}
    env.pop("RELNOTES_VAULT", None)
    code = "import sys; from relnotes.cli.group import main; sys.argv[0] = 'relnotes'; main()"
    done = subprocess.run([sys.executable, "-c", code, "--vault", str(root), "ls"], stdout=follower,
                          stderr=subprocess.PIPE, env=env, cwd=tmp_path, timeout=60)
    os.close(follower)
    data = read_terminal(leader)
    assert done.returncode == 0, done.stderr
    assert data.decode().replace("\r\n", "\n") == (
        "Ann Lee  ally       2026-11-20  2026-12-11 keep-i…\n"
        "Bo Chan  casual     2026-01-05  -\n"
        "Cy Dunn  strategic  2026-09-01  2026-10-16 keep-i…\n"
    )

"""The demo vault: every rule fires on the README's date, and check is clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SAMPLE, SAMPLE_TODAY, invoke, kinds

# Worked out by hand in sample-vault/README.md.
EXPECTED = [
    ("Rachel Chen", "follow-up", "2026-11-18"),
    ("Greg Whitfield", "review", "2026-11-18"),
    ("Ben Okafor", "keep-in-touch", "2026-11-19"),
    ("Ben Okafor", "birthday", "2026-11-20"),
    ("Priya Raman", "first-follow-up", "2026-11-20"),
    ("Luis Ortega", "first-follow-up", "2026-11-20"),
    ("Jane Doe", "nudge", "2026-11-21"),
    ("Nina Patel", "review", "2026-11-21"),
    ("Marcus Lee", "commitment", "2026-11-22"),
    ("Dana Kim", "birthday", "2026-11-23"),
    ("Victor Alvarez", "follow-up", "2026-11-23"),
    ("Kevin Osei", "first-follow-up", "2026-11-23"),
    ("Hannah Brooks", "commitment", "2026-11-24"),
    ("Rachel Chen", "keep-in-touch", "2026-11-24"),
    ("Omar Haddad", "birthday", "2026-11-25"),
    ("Priya Raman", "commitment", "2026-11-25"),
    ("Tom Becker", "review", "2026-11-26"),
    ("Aisha Bello", "commitment", "2026-11-27"),
    ("Marcus Lee", "waiting", "2026-11-27"),
    ("Omar Haddad", "keep-in-touch", "2026-11-27"),
    ("Tom Becker", "nudge", "2026-11-27"),
    ("Lena Fischer", "commitment", "2026-11-30"),
    ("Lena Fischer", "keep-in-touch", "2026-11-30"),
    ("Fintech Breakfast", "commitment", "2026-11-30"),
]


def test_every_rule_fires_on_the_demo_date(runner):
    result = invoke(runner, "due", "--json", vault=SAMPLE, today=SAMPLE_TODAY)
    assert result.exit_code == 0 and result.stderr == ""
    items = json.loads(result.stdout)
    assert kinds(items) == EXPECTED
    assert {i["kind"] for i in items} >= {"first-follow-up", "nudge", "follow-up", "commitment", "keep-in-touch",
                                          "review", "birthday"}
    assert all(set(i) == {"contact", "file", "kind", "due", "days_overdue", "reason", "tier", "email"} for i in items)


def test_json_item_shape(runner):
    items = json.loads(invoke(runner, "due", "--json", vault=SAMPLE, today=SAMPLE_TODAY).stdout)
    assert items[8] == {
        "contact": "Marcus Lee", "file": "contacts/Marcus Lee.md", "kind": "commitment", "due": "2026-11-22",
        "days_overdue": 1, "reason": "you promised: Send the hiring deck", "tier": "active",
        "email": "marcus@cobaltlending.example",
    }
    assert items[-1]["tier"] is None and items[-1]["email"] is None
    assert [i["days_overdue"] for i in items[:3]] == [5, 5, 4]


def test_check_is_clean(runner):
    result = invoke(runner, "check", vault=SAMPLE)
    assert (result.exit_code, result.stdout) == (0, "")


def test_human_output_groups_and_aligns(runner):
    result = invoke(runner, "due", vault=SAMPLE, today=SAMPLE_TODAY)
    lines = result.stdout.splitlines()
    assert lines[0] == "Overdue (9)"
    assert lines[11] == "Today (3)"
    assert lines[16] == "Upcoming (12)"
    assert lines[1] == ("  Rachel Chen     follow-up        5 days late  follow-up planned: ask whether our sandbox API "
                        "access came through vendor risk")
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_filters(runner):
    def names(*args: str) -> list[tuple[str, str, str]]:
        return kinds(json.loads(invoke(runner, "due", "--json", *args, vault=SAMPLE, today=SAMPLE_TODAY).stdout))

    assert names("--kind", "birthday") == [k for k in EXPECTED if k[1] == "birthday"]
    assert names("--kind", "nudge", "--kind", "waiting") == [k for k in EXPECTED if k[1] in ("nudge", "waiting")]
    assert [k for k in names("--within", "0d")] == EXPECTED[:12]
    allies = names("--tier", "ally")
    assert allies and set(allies) < set(EXPECTED)
    assert names("--tag", "no-such-tag") == []


def test_installed_console_script_runs_the_readme_demo():
    """The README's first command, minus the install: the real executable in a subprocess."""
    exe = Path(sys.executable).parent / "relnotes"
    result = subprocess.run([str(exe), "--vault", str(SAMPLE), "due", "--today", SAMPLE_TODAY, "--json"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert kinds(json.loads(result.stdout)) == EXPECTED


def test_the_wheel_ships_the_sample_vaults_notes_and_never_its_cache():
    """pyproject.toml names each visible part of sample-vault/ for the wheel: running the README's
    demo makes a .relnotes/ cache in it, which must not be packaged."""
    import tomllib

    from conftest import ROOT

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    shipped = {src.removeprefix("sample-vault/") for src in included if src.startswith("sample-vault")}
    visible = {p.name for p in (ROOT / "sample-vault").iterdir() if not p.name.startswith(".")}
    assert shipped == visible

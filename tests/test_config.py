"""Finding the vault and reading relnotes.toml."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from conftest import invoke, kinds
from relnotes.cli import cli
from relnotes.config import Config, defaults_toml, load_config


def _vault_with_task(make_vault):
    make_vault.contact("Jane", body="- [ ] call 📅 2026-11-22")
    return make_vault.root


def test_vault_from_flag_env_upward_search_and_cwd(make_vault, runner, monkeypatch):
    root = _vault_with_task(make_vault)
    expected = [("Jane", "commitment", "2026-11-22")]

    def listed(*args: str) -> list:
        result = invoke(runner, *args, "due", "--json", today="2026-11-23")
        assert result.exit_code == 0, result.output
        return kinds(json.loads(result.stdout))

    assert listed("--vault", str(root)) == expected
    monkeypatch.setenv("RELNOTES_VAULT", str(root))
    assert listed() == expected
    monkeypatch.delenv("RELNOTES_VAULT")
    (root / "relnotes.toml").write_text("")
    monkeypatch.chdir(root / "contacts")
    assert listed() == expected  # found upward
    (root / "relnotes.toml").unlink()
    monkeypatch.chdir(root)
    assert listed() == expected  # the working directory


def test_vault_option_after_the_command(make_vault, runner):
    root = _vault_with_task(make_vault)
    result = runner.invoke(cli, ["due", "--vault", str(root), "--today", "2026-11-23"])
    assert result.exit_code == 0
    assert "Jane" in result.stdout


def test_missing_vault_is_one_line_exit_2(runner, tmp_path):
    result = invoke(runner, "due", vault=tmp_path / "nope")
    assert result.exit_code == 2
    assert result.stderr == f"relnotes: vault folder {tmp_path / 'nope'} does not exist\n"


@pytest.mark.parametrize("toml, message", [
    ("[rules]\nnudge = 'soon'\n", "relnotes.toml:2: rules.nudge: 'soon' is not a duration (use e.g. 10d, 3w, 2m, 1y or none)"),
    ("[vault]\ncontacts = 'people'\n", "relnotes.toml:2: unknown key 'contacts' in [vault] (known: contacts_dir, "
     "events_dir, drafts_dir, templates_dir, agenda_file, daily_notes, filename, autocommit, refresh_agenda)"),
    ("[cadence]\nvip = '1w'\n", "relnotes.toml:2: cadence: unknown tier 'vip' (known: ally, strategic, active, casual)"),
    ("[vault]\ndaily_notes = 'yes'\n", "relnotes.toml:2: vault.daily_notes: 'yes' is not true or false"),
    ("[vault]\ncontacts_dir = '../elsewhere'\n", "relnotes.toml:2: vault.contacts_dir: '../elsewhere' must be a "
     "relative path inside the vault"),
    ("[rules]\nreview_checkpoints = [30, 'sixty']\n", "relnotes.toml:2: rules.review_checkpoints: [30, 'sixty'] "
     "is not a list of positive whole numbers of days"),
    ("[rules\n", "relnotes.toml:1: not valid TOML: Expected ']' at the end of a table declaration"),
    ("[colour]\n", "relnotes.toml:1: unknown section [colour] (known: vault, me, rules, cadence)"),
])
def test_bad_configuration_is_one_line_with_the_line(make_vault, runner, toml, message):
    make_vault.write("relnotes.toml", toml)
    result = invoke(runner, "due", vault=make_vault.root)
    assert result.exit_code == 2
    assert result.stderr == f"relnotes: {message}\n"


def test_configured_rules_and_folders_change_what_is_due(make_vault, due_json):
    v = make_vault
    v.write("relnotes.toml", "[vault]\ncontacts_dir = 'people'\n[rules]\nnudge = '3d'\n[cadence]\ncasual = '1y'\n")
    v.write("people/Ann.md", "---\nlast_contact: 2025-11-25\n---\n## Log\n- 2026-11-18 sent: hi\n")
    assert kinds(due_json(v.root, "2026-11-23")) == [("Ann", "nudge", "2026-11-21")]


def test_defaults_file_written_by_init_matches_the_defaults(tmp_path):
    text = defaults_toml()
    uncommented = re.sub(r"(?m)^# ([a-z_]+ =)", r"\1", text)
    data = tomllib.loads(uncommented)
    assert set(data) == {"me", "vault", "cadence", "rules"}
    (tmp_path / "relnotes.toml").write_text(re.sub(r'(?m)^(name|email|signature) = .*$', "", uncommented))
    loaded = load_config(tmp_path)
    fresh = Config(root=tmp_path)
    assert (loaded.rules, loaded.cadence, loaded.contacts_dir, loaded.daily_notes) == \
        (fresh.rules, fresh.cadence, fresh.contacts_dir, fresh.daily_notes)


def test_bad_today_is_a_usage_error(make_vault, runner, monkeypatch):
    result = invoke(runner, "due", vault=make_vault.root, today="2026-13-01")
    assert result.exit_code == 2
    assert "'2026-13-01' is not a date (use YYYY-MM-DD)" in result.stderr
    monkeypatch.setenv("RELNOTES_TODAY", "tomorrow")
    result = invoke(runner, "due", vault=make_vault.root)
    assert (result.exit_code, result.stderr) == (2, "relnotes: RELNOTES_TODAY='tomorrow' is not a date (use YYYY-MM-DD)\n")

"""Finding the vault and reading relnotes.toml."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from conftest import invoke, kinds
from relnotes.cli.group import cli
from relnotes.config import defaults_toml, load_config
from relnotes.core.settings import Config


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
     "events_dir, drafts_dir, templates_dir, agenda_file, daily_notes, filename, autocommit, refresh_agenda, agenda_limit, agenda_introductions)"),
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


# --- no vault here -------------------------------------------------------------------------

def test_no_vault_here_refuses_instead_of_reading_everything(runner, tmp_path, monkeypatch):
    home = tmp_path / "home"  # the runner's working directory: no relnotes.toml, no contacts/ or events/
    (home / "Documents").mkdir()
    (home / "Documents" / "Jane.md").write_text("---\ntype: contact\nname: Jane\nfollow_up: 2026-11-20\n---\n")
    result = invoke(runner, "due", today="2026-11-23")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: no vault here: no relnotes.toml in {home} or above; "
                             "run 'relnotes init' or pass --vault\n")
    assert not (home / ".relnotes").exists()  # nothing was read, no cache was built
    # the same folder named explicitly is a vault: --vault and $RELNOTES_VAULT need no relnotes.toml
    expected = [("Jane", "follow-up", "2026-11-20")]
    result = invoke(runner, "due", "--json", vault=home, today="2026-11-23")
    assert kinds(json.loads(result.stdout)) == expected
    monkeypatch.setenv("RELNOTES_VAULT", str(home))
    assert kinds(json.loads(invoke(runner, "due", "--json", today="2026-11-23").stdout)) == expected
    monkeypatch.delenv("RELNOTES_VAULT")
    (home / "events").mkdir()  # a folder with the events (or contacts) folder is a vault without relnotes.toml
    result = invoke(runner, "due", "--json", today="2026-11-23")
    assert (result.exit_code, kinds(json.loads(result.stdout))) == (0, expected)


# --- durations -----------------------------------------------------------------------------

@pytest.mark.parametrize("toml, message", [
    ("[cadence]\nally = 21\n", 'relnotes.toml:2: cadence.ally: 21 is a number, not a duration: write it with a '
     'unit, in quotes, e.g. "21d"'),
    ("[me]\nname = 'Sam'\n\n[rules]\nnudge = 7\n", 'relnotes.toml:5: rules.nudge: 7 is a number, not a duration: '
     'write it with a unit, in quotes, e.g. "7d"'),
    ("[cadence]\nactive = true\n", "relnotes.toml:2: cadence.active: true is not a duration (use e.g. 10d, 3w, 2m, "
     "1y or none)"),
    ("[cadence]\ncasual = '10000y'\n", "relnotes.toml:2: cadence.casual: '10000y' is too long: at most 100 years "
     "(100y, 1200m, 5217w or 36525d)"),
    ("[rules]\nupcoming = '10000y'\n", "relnotes.toml:2: rules.upcoming: '10000y' is too long: at most 100 years "
     "(100y, 1200m, 5217w or 36525d)"),
    ("[rules]\nreview_stale = '36526d'\n", "relnotes.toml:2: rules.review_stale: '36526d' is too long: at most "
     "100 years (100y, 1200m, 5217w or 36525d)"),
    ("[rules]\nreview_checkpoints = [30, 4000000]\n", "relnotes.toml:2: rules.review_checkpoints: 4000000 days is "
     "too long: at most 100 years (36525 days)"),
])
def test_bad_durations_are_errors_with_file_line_key_and_form(make_vault, runner, toml, message):
    make_vault.contact("Ann", "tier: ally\nlast_contact: 2026-11-01")
    make_vault.write("relnotes.toml", toml)
    result = invoke(runner, "due", vault=make_vault.root, today="2026-11-23")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"relnotes: {message}\n")


def test_durations_up_to_100_years_are_accepted(make_vault, runner, due_json):
    make_vault.contact("Ann", "tier: casual\nlast_contact: 2026-11-01")
    make_vault.write("relnotes.toml", "[cadence]\ncasual = '100y'\n[rules]\nupcoming = '1200m'\n"
                                      "review_checkpoints = [36525]\n")
    assert kinds(due_json(make_vault.root, "2026-11-23")) == [("Ann", "keep-in-touch", "2126-11-01")]
    make_vault.write("relnotes.toml", "[cadence]\ncasual = '101y'\n")
    assert invoke(runner, "due", vault=make_vault.root).exit_code == 2


# --- folders and the agenda file -----------------------------------------------------------

OUTSIDE = "keep it outside the contacts and events folders"


@pytest.mark.parametrize("toml, message", [
    ('[vault]\nagenda_file = "contacts/Jane Doe.md"\n', "relnotes.toml:2: vault.agenda_file: 'contacts/Jane Doe.md' "
     f"is inside contacts_dir 'contacts', but relnotes writes the agenda there and never reads it as a note: {OUTSIDE}"),
    ('[vault]\nagenda_file = "Events"\n', "relnotes.toml:2: vault.agenda_file: 'Events' is the same as events_dir "
     f"'events', but relnotes writes the agenda there and never reads it as a note: {OUTSIDE}"),
    ('[vault]\ndrafts_dir = "./events/out/"\n', "relnotes.toml:2: vault.drafts_dir: 'events/out' is inside "
     f"events_dir 'events', but the drafts folder is never read as notes: {OUTSIDE}"),
    ('[vault]\ntemplates_dir = "notes"\ncontacts_dir = "notes/people"\n', "relnotes.toml:2: vault.templates_dir: "
     f"'notes' holds contacts_dir 'notes/people', but the templates folder is never read as notes: {OUTSIDE}"),
    ('[vault]\ncontacts_dir = "drafts"\n', "relnotes.toml:2: vault.contacts_dir: 'drafts' is the same as "
     "drafts_dir 'drafts', but the drafts folder is never read as notes: keep drafts_dir outside it"),
    ('[vault]\nevents_dir = "Meetings"\nagenda_file = "meetings/week.md"\n', "relnotes.toml:3: vault.agenda_file: "
     "'meetings/week.md' is inside events_dir 'Meetings', but relnotes writes the agenda there and never reads it "
     f"as a note: {OUTSIDE}"),
    ('[vault]\nagenda_file = "relnotes.toml"\n', "relnotes.toml:2: vault.agenda_file: 'relnotes.toml' is the "
     "configuration file itself: choose another name"),
    ('[vault]\ndrafts_dir = "C:/drafts"\n', "relnotes.toml:2: vault.drafts_dir: 'C:/drafts' must be a relative "
     "path inside the vault"),
    ('[vault]\ntemplates_dir = ".templates"\n', "relnotes.toml:2: vault.templates_dir: '.templates' is a hidden "
     "path (a name starting with '.'), which relnotes skips: choose a visible one"),
    ('[vault]\nagenda_file = ".relnotes/AGENDA.md"\n', "relnotes.toml:2: vault.agenda_file: '.relnotes/AGENDA.md' "
     "is a hidden path (a name starting with '.'), which relnotes skips: choose a visible one"),
    ('[vault]\ndrafts_dir = "./"\n', "relnotes.toml:2: vault.drafts_dir: './' is the vault itself: name a folder "
     "or file inside it"),
])
def test_places_that_clash_with_notes_are_refused(make_vault, runner, toml, message):
    jane = make_vault.contact("Jane Doe", "follow_up: 2026-11-20")
    make_vault.write("relnotes.toml", toml)
    for command in ("due", "agenda"):
        result = invoke(runner, command, vault=make_vault.root, today="2026-11-23")
        assert (result.exit_code, result.stderr) == (2, f"relnotes: {message}\n")
    assert jane.read_text(encoding="utf-8").startswith("---\nname: Jane Doe\n")


def test_folders_are_normalised_so_the_drafts_folder_is_skipped(make_vault, due_json):
    make_vault.write("relnotes.toml", "[vault]\ndrafts_dir = './out/'\nagenda_file = './Follow-ups.md'\n")
    make_vault.write("out/Ann.md", "---\ntype: contact\nname: Ann\nfollow_up: 2026-11-20\n---\n")
    make_vault.write("Follow-ups.md", "---\ntype: contact\nname: Bob\nfollow_up: 2026-11-20\n---\n")
    make_vault.contact("Cy", "follow_up: 2026-11-21")
    assert kinds(due_json(make_vault.root, "2026-11-23")) == [("Cy", "follow-up", "2026-11-21")]


def test_the_templates_group_takes_vault_like_every_command(runner, vault, tmp_path):
    (vault / "templates").mkdir(exist_ok=True)
    (vault / "templates" / "mine.eml.j2").write_text("Subject: hi\n\nHello {{ contact.name }}\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = runner.invoke(cli, ["templates", "--vault", str(vault), "list"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "mine" in result.stdout

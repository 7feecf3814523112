"""Log typos that silently remove reminders: unknown kinds (log warns, check reports) and log
dates more than a year ahead (check reports)."""

from __future__ import annotations

import json
from datetime import date

from conftest import invoke, kinds
from relnotes.config import load_config
from relnotes.core.live import LiveIndex
from relnotes.vault.load import NoteSet, load_index

TODAY = "2026-11-23"


def test_log_warns_about_an_unknown_kind_with_the_closest_one(runner, make_vault):
    path = make_vault.contact("Bo", "met: 2026-11-01")
    result = invoke(runner, "log", "Bo", "snet", "the deck", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == "contacts/Bo.md: log: Bo — snet the deck\n"
    assert result.stderr == "warning: 'snet' is not a known kind; did you mean sent?\n"
    assert path.read_text(encoding="utf-8").endswith("## Log\n\n- 2026-11-23 snet: the deck\n")  # accepted
    result = invoke(runner, "log", "Bo", "lunch", "at the diner", vault=make_vault.root, today=TODAY)
    assert result.stderr == ("warning: 'lunch' is not a known kind (met, sent, received, call, meeting, note, "
                             "review); it counts as a touchpoint (list it in rules.extra_log_kinds if you mean it)\n")
    for kind in ("Sent", "received", "review", "note"):
        result = invoke(runner, "log", "Bo", kind, "day=30 fine" if kind == "review" else "x", vault=make_vault.root,
                        today=TODAY)
        assert (result.exit_code, result.stderr) == (0, ""), kind


def test_check_reports_unknown_kinds_and_far_future_dates(runner, make_vault):
    make_vault.contact("Bo", "met: 2026-11-01", """
        ## Log
        - 2026-11-02 snet: the deck
        - 2026-11-03 recieved: thanks
        - 2027-11-23 call: exactly a year ahead is fine
        - 2027-11-24 call: a day more is not
        - 2207-11-20 sent: a typo for 2027
    """)
    result = invoke(runner, "check", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 1
    assert result.stdout == (
        "contacts/Bo.md:7: log kind 'snet' is not a known kind; did you mean sent?\n"
        "contacts/Bo.md:8: log kind 'recieved' is not a known kind; did you mean received?\n"
        "contacts/Bo.md:10: log date 2027-11-24 is more than a year in the future (today is 2026-11-23); "
        "is the year a typo?\n"
        "contacts/Bo.md:11: log date 2207-11-20 is more than a year in the future (today is 2026-11-23); "
        "is the year a typo?\n")
    assert result.stderr == "4 problems in 1 file\n"
    data = json.loads(invoke(runner, "check", "--json", vault=make_vault.root, today=TODAY).stdout)
    assert [(p["line"], p["skipped"]) for p in data] == [(7, False), (8, False), (10, False), (11, False)]


def test_due_points_at_check_for_an_unknown_kind(runner, make_vault):
    make_vault.contact("Bo", "met: 2026-11-01", "## Log\n- 2026-11-02 snet: the deck\n")
    result = invoke(runner, "due", vault=make_vault.root, today=TODAY)
    assert result.stderr == "warning: 1 problem in the vault; run 'relnotes check' to see them\n"


def test_extra_log_kinds_are_known(runner, make_vault):
    make_vault.write("relnotes.toml", "[rules]\nextra_log_kinds = ['intro', 'Lunch']\n")
    make_vault.contact("Bo", "met: 2026-11-01", "## Log\n- 2026-11-02 intro: to Cy\n- 2026-11-03 lunch: tacos\n")
    assert invoke(runner, "check", vault=make_vault.root, today=TODAY).exit_code == 0
    result = invoke(runner, "log", "Bo", "lunch", "again", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "")
    # the closest kind is looked for among the extra kinds too
    assert invoke(runner, "log", "Bo", "lnuch", "x", vault=make_vault.root, today=TODAY).stderr == \
        "warning: 'lnuch' is not a known kind; did you mean lunch?\n"
    make_vault.write("relnotes.toml", "[rules]\nextra_log_kinds = ['two words']\n")
    result = invoke(runner, "check", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (2, "relnotes: relnotes.toml:2: rules.extra_log_kinds: ['two words'] "
                                                    "is not a list of one-word log kinds (e.g. [\"intro\", \"lunch\"])\n")


def test_a_typo_kind_hid_the_nudge_and_check_says_why(runner, make_vault, due_json):
    make_vault.contact("Bo", "met: 2026-11-01", "## Log\n- 2026-11-10 snet: the deck\n")
    assert ("Bo", "nudge", "2026-11-17") not in kinds(due_json(make_vault.root, TODAY))
    make_vault.contact("Bo", "met: 2026-11-01", "## Log\n- 2026-11-10 sent: the deck\n")
    assert ("Bo", "nudge", "2026-11-17") in kinds(due_json(make_vault.root, TODAY))


def test_watch_keeps_the_kind_problems_of_an_edited_note(tmp_path):
    """The live index (watch mode) re-links an edited contact in place: its kind problems follow."""
    (tmp_path / "contacts").mkdir()
    (tmp_path / "relnotes.toml").write_text("", encoding="utf-8")
    note = tmp_path / "contacts" / "Bo.md"
    note.write_text("---\nname: Bo\n---\n## Log\n- 2026-11-02 snet: the deck\n", encoding="utf-8")
    config = load_config(tmp_path)
    notes = NoteSet(config)
    notes.load_all()
    live = LiveIndex(config, notes.notes, notes.scan_problems, date(2026, 11, 23))
    note.write_text("---\nname: Bo\n---\n## Log\n- 2026-11-01 call: hi\n- 2026-11-02 snet: the deck\n"
                    "- 2026-11-03 meting: coffee\n", encoding="utf-8")
    notes.refresh(["contacts/Bo.md"])
    assert live.update(["contacts/Bo.md"]) is True  # in place
    expected = [p.format() for p in load_index(config).problems]
    assert [p.format() for p in live.index.problems] == expected == [
        "contacts/Bo.md:6: log kind 'snet' is not a known kind; did you mean sent?",
        "contacts/Bo.md:7: log kind 'meting' is not a known kind; did you mean meeting?",
    ]

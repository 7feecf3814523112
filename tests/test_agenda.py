"""relnotes agenda: exact content on a small vault, written only when it changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import invoke
from relnotes.agenda.build import HEADER, render_agenda
from relnotes.agenda.file import refresh_if_configured
from relnotes.config import find_root, load_config
from relnotes.vault.load import load_index

TODAY = "2026-11-23"

EXPECTED = """\
<!-- Written by relnotes (relnotes agenda, relnotes watch). Edits here are overwritten. -->
# Agenda for Mon 23 Nov 2026

## Overdue (2)

- [[jane|Jane Doe]] — nudge, 3 days late: sent on Nov 13 (the deck), no reply yet
- Sam Lee ([[2026-11-19 Fintech Breakfast|Fintech Breakfast]]) — first-follow-up, 3 days late: \
met at Fintech Breakfast on Nov 19, no follow-up yet (no contact note yet)

## Today (1)

- [[2026-11-19 Fintech Breakfast|Fintech Breakfast]] — commitment, today: you promised: Book the room

## This week (1)

- [[Bo]] — follow-up, in 3 days: follow-up planned: send the article

## Waiting on others (1)

- [[jane|Jane Doe]] — waiting, in 4 days: waiting on them since Nov 20: Send the intro

## Reviews due (1)

- [[Bo]] — review, in 1 day: 30-day review: is this relationship worth your time? (first met Oct 25)

## Introductions to make (1)

- [[jane|Jane Doe]] needs "a graphic designer" — [[Bo]] offers "graphic design" (graphic, designer ~ design)

## Events still owing first follow-ups (1)

- [[2026-11-19 Fintech Breakfast|Fintech Breakfast]] (Nov 19): Sam Lee

## Problems (2)

- contacts/Broken.md:2: front matter is not valid YAML (did not find expected ',' or ']'); the note is skipped
- events/2026-11-19 Fintech Breakfast.md:4: people: 'Sam Lee' has no contact note yet (relnotes add "Sam Lee")

## Next two weeks

```mermaid
xychart-beta
    title "Follow-ups per day from Mon 23 Nov 2026"
    x-axis ["late", "Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 29", "Mon 30", \
"Tue 1", "Wed 2", "Thu 3", "Fri 4", "Sat 5", "Sun 6"]
    y-axis "Follow-ups" 0 --> 2
    bar [2, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0]
```

## Event return by format

```mermaid
xychart-beta
    title "Lasting relationships per 10 hours of events"
    x-axis ["managed"]
    y-axis "Lasting per 10 h" 0 --> 1
    bar [0]
```

managed events: no lasting relationship in 2 h.
"""

EMPTY = """\
<!-- Written by relnotes (relnotes agenda, relnotes watch). Edits here are overwritten. -->
# Agenda for Mon 23 Nov 2026

## Overdue (0)

None.

## Today (0)

None.

## This week (0)

None.

## Waiting on others (0)

None.

## Reviews due (0)

None.

## Introductions to make (0)

None.

## Events still owing first follow-ups (0)

None.

## Problems (0)

None.

## Next two weeks

```mermaid
xychart-beta
    title "Follow-ups per day from Mon 23 Nov 2026"
    x-axis ["late", "Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27", "Sat 28", "Sun 29", "Mon 30", \
"Tue 1", "Wed 2", "Thu 3", "Fri 4", "Sat 5", "Sun 6"]
    y-axis "Follow-ups" 0 --> 1
    bar [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
```

## Event return by format

None yet: give your event debriefs `format:` and `hours:` to see which kind pays off.
"""


def small_vault(v) -> Path:
    """One item in every section, a problem, and a keep-in-touch item that only the chart shows;
    an introduction, an event owing a first follow-up and one event's return."""
    v.write("contacts/jane.md", """
        ---
        name: Jane Doe
        tier: ally
        needs: [a graphic designer]
        ---
        - [ ] Send the intro #waiting 📅 2026-11-20

        ## Log
        - 2026-11-13 sent: the deck
    """)
    v.write("contacts/Bo.md", """
        ---
        met: 2026-10-25
        follow_up: 2026-11-26
        follow_up_note: send the article
        offers: [graphic design]
        ---
        ## Log
        - 2026-10-28 received: thanks for the chat
    """)
    v.write("contacts/Broken.md", "---\nname: [oops\n---\n")
    v.write("events/2026-11-19 Fintech Breakfast.md", """
        ---
        title: Fintech Breakfast
        date: 2026-11-19
        people: ['[[Sam Lee]]']
        format: managed
        hours: 2
        ---
        - [ ] Book the room 📅 2026-11-23
    """)
    return v.root


def test_agenda_content_is_exact(runner, make_vault):
    root = small_vault(make_vault)
    result = invoke(runner, "agenda", vault=root, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == "wrote AGENDA.md (2 overdue, 1 today, 1 this week, 2 problems)\n"
    assert (root / "AGENDA.md").read_bytes() == EXPECTED.encode("utf-8")


def test_render_agenda_is_pure_and_matches_the_file(make_vault):
    root = small_vault(make_vault)
    index = load_index(load_config(root))
    from datetime import date

    assert render_agenda(index, date(2026, 11, 23)) == EXPECTED


def test_an_empty_vault_has_every_section_and_a_flat_chart(runner, make_vault):
    result = invoke(runner, "agenda", vault=make_vault.root, today=TODAY)
    assert result.stdout == "wrote AGENDA.md (0 overdue, 0 today, 0 this week)\n"
    assert (make_vault.root / "AGENDA.md").read_text(encoding="utf-8") == EMPTY


def test_nothing_changed_leaves_the_file_untouched(runner, make_vault):
    root = small_vault(make_vault)
    invoke(runner, "agenda", vault=root, today=TODAY)
    agenda = root / "AGENDA.md"
    os.utime(agenda, ns=(1_000_000_000, 1_000_000_000))
    result = invoke(runner, "agenda", vault=root, today=TODAY)
    assert result.stdout == "AGENDA.md unchanged (2 overdue, 1 today, 1 this week, 2 problems)\n"
    assert agenda.stat().st_mtime_ns == 1_000_000_000
    assert agenda.read_bytes() == EXPECTED.encode("utf-8")


def test_a_changed_note_or_a_new_day_rewrites_it(runner, make_vault):
    root = small_vault(make_vault)
    invoke(runner, "agenda", vault=root, today=TODAY)
    with (root / "contacts/jane.md").open("a", encoding="utf-8") as f:
        f.write("- 2026-11-22 received: thanks, will do\n")
    result = invoke(runner, "agenda", vault=root, today=TODAY)
    assert result.stdout == "wrote AGENDA.md (1 overdue, 1 today, 1 this week, 2 problems)\n"
    assert "nudge" not in (root / "AGENDA.md").read_text(encoding="utf-8")
    invoke(runner, "agenda", vault=root, today="2026-11-24")
    text = (root / "AGENDA.md").read_text(encoding="utf-8")
    assert "# Agenda for Tue 24 Nov 2026\n" in text
    assert "## Reviews due (1)\n\n- [[Bo]] — review, today: 30-day review" in text


def test_the_write_is_atomic_and_keeps_the_file_mode(runner, make_vault):
    root = small_vault(make_vault)
    agenda = root / "AGENDA.md"
    agenda.write_text(f"{HEADER}\n# Agenda for Sun 22 Nov 2026\n", encoding="utf-8")  # yesterday's
    agenda.chmod(0o600)
    invoke(runner, "agenda", vault=root, today=TODAY)
    assert agenda.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in root.iterdir() if p.name != ".relnotes") == ["AGENDA.md", "contacts", "events"]


def test_the_agenda_file_is_never_read_as_a_note(runner, make_vault):
    agenda = make_vault.root / "AGENDA.md"
    agenda.write_text("---\ntype: contact\nname: [broken\n---\n", encoding="utf-8")
    result = invoke(runner, "agenda", "--out", "-", vault=make_vault.root, today=TODAY)
    assert result.stdout == EMPTY  # no problem reported: the file was not read
    result = invoke(runner, "agenda", vault=make_vault.root, today=TODAY)  # nor overwritten: relnotes did not write it
    assert result.exit_code == 2
    assert agenda.read_text(encoding="utf-8") == "---\ntype: contact\nname: [broken\n---\n"


def test_agenda_file_from_the_config(runner, make_vault):
    root = make_vault.root
    (root / "relnotes.toml").write_text('[vault]\nagenda_file = "Follow-ups.md"\n', encoding="utf-8")
    result = invoke(runner, "agenda", vault=root, today=TODAY)
    assert result.stdout == "wrote Follow-ups.md (0 overdue, 0 today, 0 this week)\n"
    assert (root / "Follow-ups.md").read_text(encoding="utf-8") == EMPTY


def test_out_writes_elsewhere_and_dash_prints(runner, make_vault, tmp_path):
    root = small_vault(make_vault)
    out = tmp_path / "elsewhere" / "agenda.md"
    out.parent.mkdir()
    result = invoke(runner, "agenda", "--out", str(out), vault=root, today=TODAY)
    assert result.stdout == f"wrote {out} (2 overdue, 1 today, 1 this week, 2 problems)\n"
    assert out.read_text(encoding="utf-8") == EXPECTED
    assert not (root / "AGENDA.md").exists()
    result = invoke(runner, "agenda", "--out", "-", vault=root, today=TODAY)
    assert result.stdout == EXPECTED
    assert not (root / "AGENDA.md").exists()


def test_an_out_file_inside_the_vault_is_not_read_as_a_note(runner, make_vault):
    v = make_vault
    v.contact("Agenda", "follow_up: 2026-11-23")
    out = str(v.root / "notes" / "Agenda.md")
    (v.root / "notes").mkdir()
    for _ in range(2):  # the second run finds the first one's file, with the same stem as the contact
        result = invoke(runner, "agenda", "--out", out, vault=v.root, today=TODAY)
        assert result.exit_code == 0, result.stderr
    assert "## Today (1)\n\n- [[Agenda]] — follow-up, today: " in (v.root / "notes" / "Agenda.md").read_text()


def test_wikilinks_use_the_path_when_two_notes_share_a_stem(runner, make_vault):
    v = make_vault
    v.contact("Ann", "follow_up: 2026-11-23")
    v.write("notes/Ann.md", "Some other note called Ann.\n")
    invoke(runner, "agenda", vault=v.root, today=TODAY)
    text = (v.root / "AGENDA.md").read_text(encoding="utf-8")
    assert "## Today (1)\n\n- [[contacts/Ann|Ann]] — follow-up, today: follow-up planned for Nov 23\n" in text


def test_tags_quoted_in_a_reason_are_escaped(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe", body="## Log\n- 2026-11-14 sent: the podcast link #gave/insight")
    invoke(runner, "agenda", vault=v.root, today=TODAY)
    line = "- [[Jane Doe]] — nudge, 2 days late: sent on Nov 14 (the podcast link \\#gave/insight), no reply yet\n"
    assert line in (v.root / "AGENDA.md").read_text(encoding="utf-8")


def test_refresh_if_configured(make_vault):
    from datetime import date

    root = small_vault(make_vault)
    today = date(2026, 11, 23)
    config = load_config(find_root(str(root)))
    assert refresh_if_configured(config, load_index(config), today) is None
    assert not (root / "AGENDA.md").exists()

    (root / "relnotes.toml").write_text("[vault]\nrefresh_agenda = true\n", encoding="utf-8")
    config = load_config(find_root(str(root)))
    index = load_index(config)
    assert refresh_if_configured(config, index, today) == root / "AGENDA.md"
    assert (root / "AGENDA.md").read_text(encoding="utf-8") == EXPECTED
    assert refresh_if_configured(config, index, today) is None  # unchanged


# --- where the agenda may not go -------------------------------------------------------------

PRIYA = "---\nname: Priya Raman\ntier: strategic\n---\nMet at the breakfast; wants the hiring deck.\n"
NOT_OURS = "exists and was not written by relnotes agenda; choose another --out or remove it\n"


def refused(runner, root: Path, *args: str) -> str:
    """Run ``agenda`` expecting a refusal: exit 2, nothing on stdout; the stderr line."""
    result = invoke(runner, "agenda", *args, vault=root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    return result.stderr


def test_out_never_replaces_a_contact_note(runner, make_vault, monkeypatch):
    priya = make_vault.write("contacts/Priya Raman.md", PRIYA)
    monkeypatch.chdir(make_vault.root)
    stderr = refused(runner, make_vault.root, "--out", "contacts/Priya Raman.md")
    assert stderr == ("relnotes: contacts/Priya Raman.md is in the contacts folder, where relnotes would read it "
                      "as a contact; choose another --out\n")
    assert priya.read_text(encoding="utf-8") == PRIYA
    assert not (make_vault.root / "AGENDA.md").exists()


@pytest.mark.parametrize(("rel", "reason"), [
    ("contacts/Agenda.md", "is in the contacts folder, where relnotes would read it as a contact"),
    ("contacts/team/agenda.txt", "is in the contacts folder, where relnotes would read it as a contact"),
    ("Contacts/Agenda.md", "is in the contacts folder, where relnotes would read it as a contact"),
    ("events/Agenda.md", "is in the events folder, where relnotes would read it as an event"),
    ("2026-11-23.md", "is named like a daily note, so relnotes would read the agenda's links as mentions"),
    ("relnotes.toml", "is relnotes' configuration file"),
])
def test_places_relnotes_reads_are_refused_even_when_missing(runner, make_vault, rel, reason):
    stderr = refused(runner, make_vault.root, "--out", str(make_vault.root / rel))
    assert stderr == f"relnotes: {rel} {reason}; choose another --out\n"
    assert not (make_vault.root / rel).exists()


def test_the_configuration_file_is_never_replaced(runner, make_vault, monkeypatch):
    config = make_vault.write("relnotes.toml", "# my settings\n[vault]\ndaily_notes = true\n")
    monkeypatch.chdir(make_vault.root)
    stderr = refused(runner, make_vault.root, "--out", "relnotes.toml")
    assert stderr == "relnotes: relnotes.toml is relnotes' configuration file; choose another --out\n"
    assert config.read_text(encoding="utf-8") == "# my settings\n[vault]\ndaily_notes = true\n"


def test_a_daily_note_name_is_refused_only_while_daily_notes_are_read(runner, make_vault):
    out = str(make_vault.root / "daily" / "2026-11-23.md")
    (make_vault.root / "daily").mkdir()
    assert refused(runner, make_vault.root, "--out", out) == (
        "relnotes: daily/2026-11-23.md is named like a daily note, so relnotes would read the agenda's links as "
        "mentions; choose another --out\n")
    make_vault.write("relnotes.toml", "[vault]\ndaily_notes = false\n")
    result = invoke(runner, "agenda", "--out", out, vault=make_vault.root, today=TODAY)
    assert result.stdout == "wrote daily/2026-11-23.md (0 overdue, 0 today, 0 this week)\n"


def test_a_file_relnotes_did_not_write_is_never_replaced(runner, make_vault, tmp_path):
    mine = make_vault.write("Reading list.md", "# Books\n- Never Split the Difference\n")
    stderr = refused(runner, make_vault.root, "--out", str(mine))
    assert stderr == f"relnotes: Reading list.md {NOT_OURS}"
    assert mine.read_text(encoding="utf-8") == "# Books\n- Never Split the Difference\n"
    outside = tmp_path / "todo.md"
    outside.write_text("my list\n", encoding="utf-8")
    assert refused(runner, make_vault.root, "--out", str(outside)) == f"relnotes: {outside} {NOT_OURS}"
    assert outside.read_text(encoding="utf-8") == "my list\n"


def test_an_agenda_file_of_your_own_is_kept_and_the_setting_is_named(runner, make_vault):
    agenda = make_vault.write("AGENDA.md", "# My agenda\n- call the bank\n")
    stderr = refused(runner, make_vault.root)
    assert stderr == ("relnotes: AGENDA.md exists and was not written by relnotes agenda; set another [vault] "
                      "agenda_file in relnotes.toml or remove it\n")
    assert agenda.read_text(encoding="utf-8") == "# My agenda\n- call the bank\n"


def test_a_link_to_a_note_is_refused(runner, make_vault, tmp_path):
    priya = make_vault.write("contacts/Priya Raman.md", PRIYA)
    link = tmp_path / "agenda-link.md"
    link.symlink_to(priya)
    stderr = refused(runner, make_vault.root, "--out", str(link))
    assert stderr.endswith("contacts/Priya Raman.md is in the contacts folder, where relnotes would read it as a "
                           "contact; choose another --out\n")
    assert priya.read_text(encoding="utf-8") == PRIYA


def test_agenda_file_setting_pointing_at_a_note_does_not_replace_it(runner, make_vault):
    """config validation may reject the setting itself; either way the note survives, with one line and exit 2."""
    jane = make_vault.write("contacts/Jane Doe.md", "---\nname: Jane Doe\n---\nKeep me.\n")
    make_vault.write("relnotes.toml", '[vault]\nagenda_file = "contacts/Jane Doe.md"\n')
    result = invoke(runner, "agenda", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("relnotes: ") and result.stderr.count("\n") == 1
    assert jane.read_text(encoding="utf-8") == "---\nname: Jane Doe\n---\nKeep me.\n"


def test_write_time_rule_when_the_setting_names_a_note(make_vault):
    """The rule lives where the file is written, whatever relnotes.toml accepted."""
    from datetime import date

    from relnotes.core.settings import Config
    from relnotes.errors import AgendaError

    jane = make_vault.write("contacts/Jane Doe.md", "---\nname: Jane Doe\n---\nKeep me.\n")
    config = Config(root=make_vault.root, agenda_file="contacts/Jane Doe.md", refresh_agenda=True)
    with pytest.raises(AgendaError) as caught:
        refresh_if_configured(config, load_index(config), date(2026, 11, 23))
    assert caught.value.format() == ("contacts/Jane Doe.md is in the contacts folder, where relnotes would read it "
                                     "as a contact; set another [vault] agenda_file in relnotes.toml")
    assert jane.read_text(encoding="utf-8") == "---\nname: Jane Doe\n---\nKeep me.\n"


def test_the_first_line_decides_whose_file_it_is(runner, make_vault):
    agenda = make_vault.root / "AGENDA.md"
    header = HEADER.encode()
    cases = [  # (what the file holds, whether relnotes wrote it)
        (b"", True),  # an empty file: nothing to lose
        (header + b"\r\n# Agenda for Sun 22 Nov 2026\r\n", True),  # line ends changed by git or an editor
        (b"\xef\xbb\xbf" + header + b"\n# Agenda for Sun 22 Nov 2026\n", True),  # a byte-order mark added
        (b"My notes\n" + header + b"\n", False),  # the header below someone's own line
        (b"<!-- my own comment -->\n# Agenda\n", False),
    ]
    for old, ours in cases:
        agenda.write_bytes(old)
        result = invoke(runner, "agenda", vault=make_vault.root, today=TODAY)
        assert result.exit_code == (0 if ours else 2), old
        assert agenda.read_bytes() == (EMPTY.encode("utf-8") if ours else old)


# --- the calendar's last days ----------------------------------------------------------------

def test_the_chart_stops_at_the_calendars_last_day(runner, make_vault):
    make_vault.contact("Far", "follow_up: 9999-12-31")
    result = invoke(runner, "agenda", "--out", "-", vault=make_vault.root, today="9999-12-25")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        '    title "Follow-ups per day from Sat 25 Dec 9999"\n'
        '    x-axis ["late", "Sat 25", "Sun 26", "Mon 27", "Tue 28", "Wed 29", "Thu 30", "Fri 31"]\n'
        '    y-axis "Follow-ups" 0 --> 1\n'
        "    bar [0, 0, 0, 0, 0, 0, 0, 1]\n"
        "```\n\n## Event return by format\n\n"
        "None yet: give your event debriefs `format:` and `hours:` to see which kind pays off.\n"
    )


def test_agenda_json_gives_the_sections_as_due_items(runner, vault):
    result = invoke(runner, "agenda", "--json", vault=vault, today="2026-11-23")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert not (vault / "AGENDA.md").exists()  # --json writes nothing
    due = json.loads(invoke(runner, "due", "--json", vault=vault, today="2026-11-23").stdout)
    sections = ["overdue", "due_today", "this_week", "waiting", "reviews"]
    listed = [item for name in sections for item in data[name]]
    assert sorted(map(json.dumps, listed)) == sorted(map(json.dumps, due))
    assert {i["kind"] for i in data["waiting"]} <= {"waiting"}
    assert data["today"] == "2026-11-23"
    assert data["per_day"]["late"] == sum(1 for i in due if i["days_overdue"] > 0)
    assert len(data["per_day"]["from_today"]) == 14


def test_agenda_json_and_out_do_not_go_together(runner, vault):
    result = invoke(runner, "agenda", "--json", "--out", "-", vault=vault, today="2026-11-23")
    assert result.exit_code == 2


def test_long_sections_list_the_first_items_and_count_the_rest(runner, make_vault):
    for n in range(7):
        make_vault.contact(f"Person {n}", "tier: ally\nmet: 2026-11-10")
    (make_vault.root / "relnotes.toml").write_text("[vault]\nagenda_limit = 3\n", encoding="utf-8")
    result = invoke(runner, "agenda", "--out", "-", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    text = result.stdout
    overdue = text.split("## Overdue (", 1)[1].split("\n## ", 1)[0]
    assert overdue.startswith("7)\n")  # the heading counts them all
    assert overdue.count("\n- [[Person") == 3
    assert "- … and 4 more: run `relnotes due` for the whole list" in overdue
    unlimited = make_vault.root / "relnotes.toml"
    unlimited.write_text("[vault]\nagenda_limit = 0\n", encoding="utf-8")
    everything = invoke(runner, "agenda", "--out", "-", vault=make_vault.root, today=TODAY).stdout
    assert everything.split("## Overdue (", 1)[1].split("\n## ", 1)[0].count("\n- [[Person") == 7


def test_agenda_limit_must_be_a_whole_number(runner, make_vault):
    make_vault.contact("Jane Doe")
    (make_vault.root / "relnotes.toml").write_text("[vault]\nagenda_limit = -1\n", encoding="utf-8")
    result = invoke(runner, "agenda", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert "agenda_limit" in result.stderr

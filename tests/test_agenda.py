"""relnotes agenda: exact content on a small vault, written only when it changes."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import invoke
from relnotes.agenda import refresh_if_configured, render_agenda
from relnotes.config import find_root, load_config
from relnotes.vault import load_index

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
"""


def small_vault(v) -> Path:
    """One item in every section, a problem, and a keep-in-touch item that only the chart shows."""
    v.write("contacts/jane.md", """
        ---
        name: Jane Doe
        tier: ally
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
    agenda.write_text("old\n", encoding="utf-8")
    agenda.chmod(0o600)
    invoke(runner, "agenda", vault=root, today=TODAY)
    assert agenda.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in root.iterdir() if p.name != ".relnotes") == ["AGENDA.md", "contacts", "events"]


def test_the_agenda_file_is_never_read_as_a_note(runner, make_vault):
    (make_vault.root / "AGENDA.md").write_text("---\ntype: contact\nname: [broken\n---\n", encoding="utf-8")
    result = invoke(runner, "agenda", vault=make_vault.root, today=TODAY)
    assert result.stdout == "wrote AGENDA.md (0 overdue, 0 today, 0 this week)\n"


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
    root = make_vault.root
    (root / "contacts" / "Agenda.md").write_text("---\nname: [broken\n---\n", encoding="utf-8")
    result = invoke(runner, "agenda", "--out", str(root / "contacts" / "Agenda.md"), vault=root, today=TODAY)
    assert result.stdout == "wrote contacts/Agenda.md (0 overdue, 0 today, 0 this week)\n"


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

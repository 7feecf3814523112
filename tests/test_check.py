"""relnotes check: every problem as file:line: message, exit 1 when there is any."""

from __future__ import annotations

import json

from conftest import invoke


def test_every_kind_of_problem_with_file_and_line(make_vault, runner):
    v = make_vault
    v.event("Mixer", "date: 2026-11-20\npeople: ['[[Jane Doe]]', Nobody Yet, '[[J]]']\nrating: 7")
    v.contact("Jane Doe", "tier: vip\nmet: 2026-02-30\nemail: jane@example.com\naliases: [J]", """
        ## Log
        - 2026-11-20 met: at [[Mixer]]
        - yesterday sent: something
        - 2026-11-31 call: bad day
        - 2026-11-22 review: no checkpoint given
        Some loose text
        - [ ] Send the deck 📅 next week
        See [[Nowhere]].
    """)
    v.contact("Janet", "email: JANE@example.com\naliases: [J]\nmet_at: '[[Gala]]'\nstatus: gone\ncadence: often")
    v.contact("Num", "email: [num@example.com, 42]")
    result = invoke(runner, "check", vault=v.root)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "contacts/Jane Doe.md:3: tier: 'vip' is not one of ally, strategic, active, casual; the value is ignored",
        "contacts/Jane Doe.md:4: met: '2026-02-30' is not a date (use YYYY-MM-DD); the value is ignored",
        "contacts/Jane Doe.md:11: log line has a bad date 'yesterday' (use YYYY-MM-DD); it is ignored",
        "contacts/Jane Doe.md:12: log line has a bad date '2026-11-31' (use YYYY-MM-DD); it is ignored",
        "contacts/Jane Doe.md:13: review entry has no 'day=N' (e.g. day=30); it is ignored",
        "contacts/Jane Doe.md:14: text under Log that is not a '- YYYY-MM-DD kind: text' entry; it is ignored",
        "contacts/Jane Doe.md:15: task has a bad due date 'next' (use YYYY-MM-DD)",
        "contacts/Jane Doe.md:16: [[Nowhere]] links to no note in the vault",
        "contacts/Jane Doe.md:16: text under Log that is not a '- YYYY-MM-DD kind: text' entry; it is ignored",
        "contacts/Janet.md:3: duplicate contact: email jane@example.com is also on contacts/Jane Doe.md",
        "contacts/Janet.md:5: met_at: no event note is called 'Gala'",
        "contacts/Janet.md:6: status: 'gone' is not one of active, paused, archived; the value is ignored",
        "contacts/Janet.md:7: cadence: 'often' is not a duration (use e.g. 10d, 3w, 2m, 1y or none); "
        "the value is ignored",
        "contacts/Num.md:3: email: should be an email address (name@example.org), not int; the value is ignored",
        "events/Mixer.md:4: people: 'J' is ambiguous (contacts/Jane Doe.md, contacts/Janet.md); "
        "rename one or use an alias",
        "events/Mixer.md:4: people: 'Nobody Yet' has no contact note yet (relnotes add \"Nobody Yet\")",
        "events/Mixer.md:5: rating: 7 is not a whole number from 1 to 5; the value is ignored",
    ]
    assert result.stderr == "17 problems in 4 files\n"


def test_clean_vault_exits_zero(make_vault, runner):
    v = make_vault
    v.event("Mixer", "date: 2026-11-20\npeople: ['[[Jane Doe|Jane]]']")
    v.contact("Jane Doe", "met_at: '[[mixer]]'", "## Log\n- 2026-11-20 met: at [[Mixer#Notes]]\n")
    v.write("Topics/Payments.md", "# Payments\n")
    v.write("contacts/Bob.md", "See [[jane doe]] and [[Payments]] and [[diagram.png]].\n")
    result = invoke(runner, "check", vault=v.root)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No problems in 4 notes.\n")


def test_clean_vault_of_one_note_says_note(make_vault, runner):
    v = make_vault
    v.contact("Jane Doe", "tier: ally")
    result = invoke(runner, "check", vault=v.root)
    assert (result.exit_code, result.stderr) == (0, "No problems in 1 note.\n")


def test_check_json(make_vault, runner):
    v = make_vault
    v.contact("Jane", "tier: 5")
    result = invoke(runner, "check", "--json", vault=v.root)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [{
        "file": "contacts/Jane.md", "line": 3, "skipped": False,
        "message": "tier: 5 is not one of ally, strategic, active, casual; the value is ignored",
    }]


def test_explicit_type_wins_over_folder(make_vault, runner, due_json):
    v = make_vault
    v.write("people/Ann.md", "---\ntype: contact\n---\n- [ ] call 📅 2026-11-22\n")
    v.write("contacts/Not a person.md", "---\ntype: place\n---\n- [ ] visit 📅 2026-11-22\n")
    items = due_json(v.root, "2026-11-23")
    assert [(i["contact"], i["file"]) for i in items] == [("Ann", "people/Ann.md")]
    result = invoke(runner, "check", vault=v.root)
    assert result.stdout == ("contacts/Not a person.md:2: type: 'place' is neither contact nor event, "
                             "so this note is not read as a contact\n")

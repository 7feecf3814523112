"""relnotes commitments: open promises both ways and the keeps-promises rate (SPEC 6.4), by hand."""

from __future__ import annotations

import json

import pytest

from conftest import SAMPLE, SAMPLE_TODAY, invoke

TODAY = "2026-03-10"

ANN = """\
---
name: Ann
tier: active
---

## Promises
- [ ] Send Ann the deck 📅 2026-03-01
- [/] Draft the proposal for Ann
- [ ] Ann to send the contract #waiting 📅 2026-03-12
- [x] Ann to intro Bob #waiting 📅 2026-02-01 ✅ 2026-02-01
- [x] Ann to send slides #waiting 📅 2026-02-05
- [x] Ann to share notes #waiting 📅 2026-02-10 ✅ 2026-02-12
- [-] Ann to call #waiting 📅 2026-02-15
- [ ] Ann to review #waiting 📅 2026-03-09
- [ ] Ann to reply #waiting [due:: 2026-03-10]
- [ ] Ann to think #waiting
"""
# the task lines are 7-16 (line 6 is the heading)


@pytest.fixture
def vault(make_vault):
    v = make_vault
    v.write("contacts/Ann.md", ANN)
    v.write("contacts/Pat.md", "---\nname: Pat\nstatus: paused\n---\n"
                               "- [ ] Mail Pat a card 📅 2026-03-05\n"
                               "- [ ] Pat to send the form #waiting 📅 2026-02-20\n")  # lines 5, 6
    v.contact("Zed")
    v.write("events/Mixer.md", "---\ntitle: Mixer\ndate: 2026-02-28\npeople: ['[[Ann]]']\n---\n"
                               "- [ ] Send [[Ann]] the mixer photos 📅 2026-03-03\n"  # line 6
                               "- [x] [[Ann]] to send the guest list #waiting 📅 2026-03-01 ✅ 2026-03-01\n"  # 7
                               "- [ ] Book the venue for next time 📅 2026-03-20\n")  # 8: links no one
    return v


def item(contact, file, line, text, due, mine, overdue):
    return {"contact": contact, "file": file, "line": line, "text": text, "due": due, "mine": mine,
            "overdue_days": overdue}


ITEMS = [
    item("Ann", "contacts/Ann.md", 7, "Send Ann the deck", "2026-03-01", True, 9),
    item("Ann", "events/Mixer.md", 6, "Send [[Ann]] the mixer photos", "2026-03-03", True, 7),
    item("Pat", "contacts/Pat.md", 5, "Mail Pat a card", "2026-03-05", True, 5),  # paused: yours still stand
    item("Ann", "contacts/Ann.md", 14, "Ann to review", "2026-03-09", False, 1),
    item("Ann", "contacts/Ann.md", 15, "Ann to reply", "2026-03-10", False, 0),
    item("Ann", "contacts/Ann.md", 9, "Ann to send the contract", "2026-03-12", False, -2),
    item("Mixer", "events/Mixer.md", 8, "Book the venue for next time", "2026-03-20", True, -10),
    item("Ann", "contacts/Ann.md", 8, "Draft the proposal for Ann", None, True, None),  # [/] is open
    item("Ann", "contacts/Ann.md", 16, "Ann to think", None, False, None),
]
# Ann's promises with a due date: kept — intro Bob (✅ on the due date), slides (done, no ✅),
# the guest list (a debrief task that links her); late — notes (✅ 02-12 > 02-10);
# broken — call (cancelled), review (open, 03-09 < today); reply (due today) and the contract
# (not yet due) count nowhere: 3 / (3 + 1 + 2) = 0.5. Pat (paused): the form, open since 02-20,
# is broken (her rate counts, though the item is not listed): 0 / 1 = 0.0. Zed: none, not listed.
RATES = [{"contact": "Ann", "kept": 3, "late": 1, "broken": 2, "rate": 0.5},
         {"contact": "Pat", "kept": 0, "late": 0, "broken": 1, "rate": 0.0}]


def commitments_json(runner, root, *args, today=TODAY):
    result = invoke(runner, "commitments", "--json", *args, vault=root, today=today)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return json.loads(result.stdout)


def test_commitments_json(runner, vault):
    assert commitments_json(runner, vault.root) == {"items": ITEMS, "keeps_promises": RATES}


def test_mine_and_theirs_filter_the_items(runner, vault):
    assert commitments_json(runner, vault.root, "--mine") == \
        {"items": [i for i in ITEMS if i["mine"]], "keeps_promises": RATES}
    assert commitments_json(runner, vault.root, "--theirs") == \
        {"items": [i for i in ITEMS if not i["mine"]], "keeps_promises": RATES}
    result = invoke(runner, "commitments", "--mine", "--theirs", vault=vault.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --mine and --theirs leave nothing together; give one, or neither for both\n")


def test_commitments_text(runner, vault):
    result = invoke(runner, "commitments", vault=vault.root, today=TODAY)
    assert result.stdout == """\
Open promises (9)
  2026-03-01  9 days late  you owe   Ann    Send Ann the deck
  2026-03-03  7 days late  you owe   Ann    Send [[Ann]] the mixer photos
  2026-03-05  5 days late  you owe   Pat    Mail Pat a card
  2026-03-09  1 day late   they owe  Ann    Ann to review
  2026-03-10  today        they owe  Ann    Ann to reply
  2026-03-12  in 2 days    they owe  Ann    Ann to send the contract
  2026-03-20  in 10 days   you owe   Mixer  Book the venue for next time
  no date                  you owe   Ann    Draft the proposal for Ann
  no date                  they owe  Ann    Ann to think

Keeps promises
  Ann  50% kept (3 kept, 1 late, 2 broken)
  Pat  0% kept (0 kept, 0 late, 1 broken)
"""


def test_show_prints_the_rate(runner, vault):
    result = invoke(runner, "show", "Ann", vault=vault.root, today=TODAY)
    assert "  promises  50% kept (3 kept, 1 late, 2 broken)\n" in result.stdout
    data = json.loads(invoke(runner, "show", "Ann", "--json", vault=vault.root, today=TODAY).stdout)
    assert data["keeps_promises"] == {**RATES[0], "line": "50% kept (3 kept, 1 late, 2 broken)"}
    assert json.loads(invoke(runner, "show", "Zed", "--json", vault=vault.root, today=TODAY).stdout)[
        "keeps_promises"] is None


def test_promise_waiting_and_done_record_the_dates_the_rate_needs(runner, make_vault):
    path = make_vault.contact("Bo")
    result = invoke(runner, "promise", "Bo", "send the forecast", "--due", "2026-03-11", "--waiting",
                    vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").endswith("- [ ] send the forecast #waiting 📅 2026-03-11\n")
    assert commitments_json(runner, make_vault.root)["keeps_promises"] == []  # not yet due
    done = invoke(runner, "done", "Bo", "forecast", vault=make_vault.root, today="2026-03-14")
    assert done.exit_code == 0, done.output
    assert path.read_text(encoding="utf-8").endswith("- [x] send the forecast #waiting 📅 2026-03-11 ✅ 2026-03-14\n")
    assert commitments_json(runner, make_vault.root, today="2026-03-14") == {
        "items": [], "keeps_promises": [{"contact": "Bo", "kept": 0, "late": 1, "broken": 0, "rate": 0.0}]}


def test_nothing_open(runner, make_vault):
    make_vault.contact("Zed")
    assert invoke(runner, "commitments", vault=make_vault.root, today=TODAY).stdout == "No open promises.\n"


def test_sample_vault_rates(runner):
    data = commitments_json(runner, SAMPLE, today=SAMPLE_TODAY)
    assert [(k["contact"], k["kept"], k["late"], k["broken"]) for k in data["keeps_promises"]] == [
        ("Greg Whitfield", 0, 0, 1),  # cancelled
        ("Hannah Brooks", 0, 0, 1),  # open since 10-30 (she is paused, so it is not listed)
        ("Marcus Lee", 1, 0, 1),  # the slides on time; the head-of-risk intro overdue since 11-20
        ("Nina Patel", 1, 0, 0),
        ("Tom Becker", 0, 1, 0),  # the ticket taxonomy a day late
    ]
    assert [(i["contact"], i["mine"]) for i in data["items"]][:2] == [("Marcus Lee", False), ("Marcus Lee", True)]

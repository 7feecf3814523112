"""relnotes ledger: give and take per contact, taking and unanswered (SPEC 6.2), by hand."""

from __future__ import annotations

import json

from conftest import SAMPLE, SAMPLE_TODAY, invoke

TODAY = "2026-03-15"


def _vault(v):
    # gave: other 1 (bare #gave), intro 2 (#gave/intro/warm counts as intro) → given 3; the
    # received before the first #gave and the note after it are no answer → unanswered
    v.contact("Bo", body="""
        ## Log
        - 2026-01-01 received: hello
        - 2026-01-02 sent: the article #gave
        - 2026-01-03 sent: intro to Cy #gave/intro/warm
        - 2026-01-04 sent: another intro #gave/intro
        - 2026-01-05 note: they are busy
    """)
    # given 2; the #gave on a call is itself an answer → not unanswered
    v.contact("Cy", body="""
        ## Log
        - 2026-01-02 call: told her about the pilot #gave/insight
        - 2026-01-03 sent: the link #gave/insight
    """)
    # got referral 1, insight 1, intro 1 (two tags on one entry count once each) → received 3,
    # given 0: 3 − 0 ≥ 2 → taking
    v.contact("Di", body="""
        ## Log
        - 2026-01-02 received: a referral #got/referral
        - 2026-01-05 meeting: coffee #got/insight #got/intro
    """)
    # given 2; a received dated the day of the first #gave (written before it) is an answer
    v.contact("Ed", body="""
        ## Log
        - 2026-01-02 received: thanks for yesterday
        - 2026-01-02 sent: a thing #gave/insight
        - 2026-01-03 sent: another #gave/intro
    """)
    v.contact("Fa", body="## Log\n- 2026-01-02 sent: nothing of value\n")  # neither: left out
    # got 2, gave 0: exactly the threshold → taking
    v.contact("Ja", body="## Log\n- 2026-01-02 received: x #got/referral\n- 2026-01-03 call: y #got\n")
    # got 3, gave 2: 3 − 2 = 1 → not taking; the #gave on a note entry is no answer, but the
    # received after it is
    v.contact("Ho", body="""
        ## Log
        - 2026-01-02 note: sent a card by post #gave/gift
        - 2026-01-03 received: a referral #got/referral
        - 2026-01-04 received: another #got/referral
        - 2026-01-05 sent: thanks #gave/insight
        - 2026-01-06 received: an intro #got/intro
    """)


def row(contact, gave, got, tier="casual"):
    given, received = sum(gave.values()), sum(got.values())
    return {"contact": contact, "file": f"contacts/{contact}.md", "tier": tier, "gave": gave, "got": got,
            "given": given, "received": received, "balance": given - received}


def test_ledger_json(runner, make_vault):
    _vault(make_vault)
    result = invoke(runner, "ledger", "--json", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "")
    assert json.loads(result.stdout) == {
        "contacts": [
            row("Bo", {"intro": 2, "other": 1}, {}),
            row("Cy", {"insight": 2}, {}),
            row("Di", {}, {"insight": 1, "intro": 1, "referral": 1}),
            row("Ed", {"insight": 1, "intro": 1}, {}),
            row("Ho", {"gift": 1, "insight": 1}, {"intro": 1, "referral": 2}),
            row("Ja", {}, {"other": 1, "referral": 1}),
        ],
        "taking": ["Di", "Ja"],
        "unanswered": ["Bo"],
    }


def test_ledger_text(runner, make_vault):
    _vault(make_vault)
    result = invoke(runner, "ledger", vault=make_vault.root, today=TODAY)
    assert result.stdout == """\
Give and take (6)
  Bo  gave 3 (2 intro, 1 other) · got 0 · balance +3
  Cy  gave 2 (insight) · got 0 · balance +2
  Di  gave 0 · got 3 (1 insight, 1 intro, 1 referral) · balance -3
  Ed  gave 2 (1 insight, 1 intro) · got 0 · balance +2
  Ho  gave 2 (1 gift, 1 insight) · got 3 (2 referral, 1 intro) · balance -1
  Ja  gave 0 · got 2 (1 other, 1 referral) · balance -2

You keep taking from (received − given ≥ 2)
  Di  got 3, gave 0: give something back before you ask again (an intro, an article, a referral; log it with --gave TYPE)
  Ja  got 2, gave 0: give something back before you ask again (an intro, an article, a referral; log it with --gave TYPE)

You give, they never answer (given ≥ 2)
  Bo  gave 3, no answer since Jan 2: stop pushing; wait for an answer, or archive them (status: archived)
"""


def test_thresholds_come_from_relnotes_toml(runner, make_vault):
    _vault(make_vault)
    make_vault.write("relnotes.toml", "[rules]\nledger_taking = 3\nledger_unanswered = 4\n")
    data = json.loads(invoke(runner, "ledger", "--json", vault=make_vault.root, today=TODAY).stdout)
    assert (data["taking"], data["unanswered"]) == (["Di"], [])  # Ja's 2 < 3; Bo's 3 < 4
    make_vault.write("relnotes.toml", "[rules]\nledger_taking = 0\n")
    result = invoke(runner, "ledger", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: relnotes.toml:2: rules.ledger_taking: 0 is not a whole number (1 or more)\n")


def test_an_empty_ledger(runner, make_vault):
    make_vault.contact("Fa", body="## Log\n- 2026-01-02 sent: nothing of value\n")
    assert json.loads(invoke(runner, "ledger", "--json", vault=make_vault.root).stdout) == \
        {"contacts": [], "taking": [], "unanswered": []}
    assert invoke(runner, "ledger", vault=make_vault.root).stdout == (
        "Nothing given or received yet: tag log entries #gave/TYPE and #got/TYPE "
        "(relnotes log NAME sent TEXT --gave insight).\n")


def test_show_prints_the_ledger_line(runner, make_vault):
    _vault(make_vault)
    result = invoke(runner, "show", "Ho", vault=make_vault.root, today=TODAY)
    assert "  ledger  gave 2 (1 gift, 1 insight) · got 3 (2 referral, 1 intro) · balance -1\n" in result.stdout
    data = json.loads(invoke(runner, "show", "Ho", "--json", vault=make_vault.root, today=TODAY).stdout)
    assert data["ledger"] == {"gave": {"gift": 1, "insight": 1}, "got": {"intro": 1, "referral": 2}, "given": 2,
                              "received": 3, "balance": -1,
                              "line": "gave 2 (1 gift, 1 insight) · got 3 (2 referral, 1 intro) · balance -1"}
    assert "ledger" not in invoke(runner, "show", "Fa", vault=make_vault.root, today=TODAY).stdout


def test_log_got_records_what_the_ledger_counts(runner, make_vault):
    path = make_vault.contact("Di", body="## Log\n- 2026-01-02 received: hello\n")
    before = path.read_bytes()
    result = invoke(runner, "log", "Di", "received", "a warm intro to their CFO", "--got", "intro", "--date",
                    "2026-01-04", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before + b"- 2026-01-04 received: a warm intro to their CFO #got/intro\n"
    assert invoke(runner, "log", "Di", "call", "advice", "--got", vault=make_vault.root, today=TODAY).exit_code == 0
    data = json.loads(invoke(runner, "ledger", "--json", vault=make_vault.root, today=TODAY).stdout)
    assert data["contacts"][0]["got"] == {"intro": 1, "other": 1}


def test_sample_vault_ledger(runner):
    data = json.loads(invoke(runner, "ledger", "--json", vault=SAMPLE, today=SAMPLE_TODAY).stdout)
    # Ben, a mentor: #got/insight and #got/referral, nothing given back yet
    # Greg: #gave/insight 11-02 and #gave/intro 11-12, only sent entries since
    assert (data["taking"], data["unanswered"]) == (["Ben Okafor"], ["Greg Whitfield"])

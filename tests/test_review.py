"""relnotes review: windows, evidence, proposals, the review line and the tier (SPEC 6.1).

Every expected number below is worked out by hand from the SPEC's definitions, in the
comments next to it; the vaults are small on purpose.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE, SAMPLE_TODAY, invoke, kinds

ADA = """\
---
name: Ada Park
email: ada@example.com
met: 2026-01-01
---

## Promises
- [ ] Send Ada my notes 📅 2026-01-05
- [x] Ada to send the report #waiting 📅 2026-01-10 ✅ 2026-01-09
- [x] Ada to share the deck #waiting 📅 2026-01-15
- [x] Ada to intro the CFO #waiting 📅 2026-01-20 ✅ 2026-01-25
- [-] Ada to send the pricing #waiting 📅 2026-01-25
- [ ] Ada to call back #waiting 📅 2026-02-15
- [x] Ada to send a thing #waiting

## Log
- 2026-01-01 met: at the mixer
- 2026-01-03 received: she wrote first
- 2026-01-03 sent: my notes from the mixer
- 2026-01-12 sent: the deck #gave/insight
- 2026-01-12 call: she called right back #got/insight
- 2026-01-14 sent: a follow-up question
- 2026-01-21 received: answered at seven days #got/intro/warm
- 2026-01-22 sent: another ask
- 2026-01-29 note: thought about her
- 2026-01-30 meeting: coffee, eight days after
- 2026-01-31 sent: last day of the window
- 2026-02-03 received: the answer, after the window
- 2026-02-10 sent: after the window
"""
# Lines: 8-14 tasks, 17 met, 18 received, 19 sent, 20 sent, 21 call, 22 sent, 23 received, 24 sent,
# 25 note, 26 meeting, 27 sent, 28 received, 29 sent.
TODAY = "2026-03-15"
ADA_FILE = "contacts/Ada Park.md"


@pytest.fixture
def ada(make_vault):
    make_vault.write(ADA_FILE, ADA)
    return make_vault


def review_json(runner, root: Path, today: str, *args: str) -> dict:
    result = invoke(runner, "review", *args, "--json", vault=root, today=today)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def entry(date: str, kind: str, text: str, line: int, verdict: str = "", detail: str = "",
          file: str = ADA_FILE) -> dict:
    return {"date": date, "kind": kind, "text": text, "file": file, "line": line, "verdict": verdict,
            "detail": detail}


# --- the evidence, by hand ------------------------------------------------------------------

def test_day_30_evidence_and_proposals(runner, ada):
    data = review_json(runner, ada.root, TODAY, "Ada", "--day", "30")
    # window: met 01-01 through 01-01 + 30 days = 01-31 (today 03-15 is later: no cut)
    assert (data["day"], data["window_start"], data["window_end"]) == (30, "2026-01-01", "2026-01-31")
    # sent in the window: lines 19, 20, 22, 24, 27 = 5.
    #   19 (01-03): the received on line 18 is the same day but *before* it; the next other
    #       touchpoint is the 01-12 call, 9 days on > 7 → not answered
    #   20 (01-12): the call on line 21, same day and after it → answered, 0 days
    #   22 (01-14): received 01-21 = exactly S + 7 days → answered, 7 days
    #   24 (01-22): the note (01-29) is no touchpoint; the meeting 01-30 is 8 days on → not answered
    #   27 (01-31): received 02-03, 3 days on (the answer may fall after the window) → answered
    # answered 3, median of [0, 7, 3] = 3; received in the window: lines 18, 23 = 2
    # #got: lines 21 and 23 = 2; #got/intro: line 23 (#got/intro/warm counts as intro) = 1
    # their promises due 01-01..01-31: line 9 kept (✅ 01-09 ≤ 01-10), line 10 kept (done, no ✅),
    #   line 11 late (✅ 01-25 > 01-20), line 12 broken (cancelled); line 13 (02-15) is outside,
    #   line 8 is mine, line 14 has no date
    assert data["evidence"] == {"sent": 5, "answered": 3, "received": 2, "median_days_to_answer": 3, "got": 2,
                                "intros": 1, "kept": 2, "late": 1, "broken": 1}
    # responsive: 3 of 5 answered, at least half → yes; value, intros: yes; delivers: one broken → no
    assert data["proposed"] == {"responsive": "yes", "value": "yes", "intros": "yes", "delivers": "no"}
    # three yes at day 30: active (the tier is casual by default)
    assert (data["tier"], data["suggested_tier"], data["suggested_status"]) == ("casual", "active", None)
    assert (data["contact"], data["file"], data["first_met"], data["reviewed"]) == \
        ("Ada Park", ADA_FILE, "2026-01-01", None)


def test_day_30_entries_behind_each_answer(runner, ada):
    entries = review_json(runner, ada.root, TODAY, "Ada", "--day", "30")["entries"]
    assert entries["responsive"] == [
        entry("2026-01-03", "received", "she wrote first", 18),
        entry("2026-01-03", "sent", "my notes from the mixer", 19, "unanswered", "no answer within 7d"),
        entry("2026-01-12", "sent", "the deck #gave/insight", 20, "answered", "answered the same day (call, line 21)"),
        entry("2026-01-14", "sent", "a follow-up question", 22, "answered", "answered in 7 days (received, line 23)"),
        entry("2026-01-21", "received", "answered at seven days #got/intro/warm", 23),
        entry("2026-01-22", "sent", "another ask", 24, "unanswered", "no answer within 7d"),
        entry("2026-01-31", "sent", "last day of the window", 27, "answered", "answered in 3 days (received, line 28)"),
    ]
    assert entries["value"] == [
        entry("2026-01-12", "call", "she called right back #got/insight", 21, detail="#got/insight"),
        entry("2026-01-21", "received", "answered at seven days #got/intro/warm", 23, detail="#got/intro"),
    ]
    assert entries["intros"] == [entry("2026-01-21", "received", "answered at seven days #got/intro/warm", 23,
                                       detail="#got/intro")]
    assert entries["delivers"] == [
        entry("2026-01-10", "promise", "Ada to send the report", 9, "kept", "kept: done 2026-01-09"),
        entry("2026-01-15", "promise", "Ada to share the deck", 10, "kept", "kept: done (no ✅ date)"),
        entry("2026-01-20", "promise", "Ada to intro the CFO", 11, "late", "late: done 2026-01-25, 5 days late"),
        entry("2026-01-25", "promise", "Ada to send the pricing", 12, "broken", "broken: cancelled"),
    ]


def test_day_60_and_a_window_cut_at_today(runner, ada):
    data = review_json(runner, ada.root, TODAY, "Ada", "--day", "60")
    # window 01-01..03-02; adds line 28 (received) and line 29 (sent, nothing after it: unanswered)
    # and the open promise on line 13, due 02-15 < today 03-15: broken
    assert data["window_end"] == "2026-03-02"
    assert data["evidence"] == {"sent": 6, "answered": 3, "received": 3, "median_days_to_answer": 3, "got": 2,
                                "intros": 1, "kept": 2, "late": 1, "broken": 2}
    # 3 of 6 answered is half → yes
    assert data["proposed"] == {"responsive": "yes", "value": "yes", "intros": "yes", "delivers": "no"}
    day90 = review_json(runner, ada.root, TODAY, "Ada", "--day", "90")
    assert (day90["window_start"], day90["window_end"]) == ("2026-01-01", "2026-03-15")  # 04-01 cut at today
    assert day90["evidence"] == data["evidence"]
    # cut at an early today: 01-01..01-13 holds sent 19 (unanswered) and 20 (answered, 0 days),
    # received 18, #got on 21, no intro; line 9 kept (due 01-10); line 11 (01-20) is outside
    early = review_json(runner, ada.root, "2026-01-13", "Ada", "--day", "30")
    assert early["window_end"] == "2026-01-13"
    assert early["evidence"] == {"sent": 2, "answered": 1, "received": 1, "median_days_to_answer": 0, "got": 1,
                                 "intros": 0, "kept": 1, "late": 0, "broken": 0}
    assert early["proposed"] == {"responsive": "yes", "value": "yes", "intros": "no", "delivers": "yes"}


def test_the_default_checkpoint(runner, ada):
    # day 30 (01-31) and day 60 (03-02) are due by 03-15, none reviewed: the earliest, 30
    assert review_json(runner, ada.root, TODAY, "Ada")["day"] == 30
    # before day 30 is due: the next one, still 30
    assert review_json(runner, ada.root, "2026-01-20", "Ada")["day"] == 30
    result = invoke(runner, "review", "Ada", "--day", "30", "--accept", vault=ada.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert review_json(runner, ada.root, TODAY, "Ada")["day"] == 60  # 30 is reviewed now
    assert review_json(runner, ada.root, "2026-02-10", "Ada")["day"] == 60  # none due: the next without


def test_median_of_an_even_count_and_responsive_without_sent(runner, make_vault):
    v = make_vault
    v.contact("Bo", "met: 2026-01-01", """
        ## Log
        - 2026-01-02 sent: one
        - 2026-01-03 received: a day later
        - 2026-01-05 sent: two
        - 2026-01-07 call: two days later
    """)
    v.contact("Cy", "met: 2026-01-01", "## Log\n- 2026-01-04 received: she wrote\n")
    v.contact("Di", "met: 2026-01-01", "## Log\n- 2026-01-04 call: we talked\n")
    bo = review_json(runner, v.root, TODAY, "Bo", "--day", "30")
    assert bo["evidence"]["median_days_to_answer"] == 1.5  # median of [1, 2]
    assert bo["proposed"]["responsive"] == "yes"
    # no sent: yes with a received, else unsure (a call is not a received)
    assert review_json(runner, v.root, TODAY, "Cy", "--day", "30")["proposed"]["responsive"] == "yes"
    di = review_json(runner, v.root, TODAY, "Di", "--day", "30")
    assert (di["evidence"]["sent"], di["evidence"]["median_days_to_answer"], di["proposed"]["responsive"]) == \
        (0, None, "unsure")


def test_unanswered_sent_and_mentions_are_no_answer(runner, make_vault):
    v = make_vault
    v.contact("Bo", "met: 2026-01-01", "## Log\n- 2026-01-02 sent: one\n")
    v.contact("Cy", "met: 2026-01-01", "## Log\n- 2026-01-02 sent: one\n- 2026-01-20 sent: two\n")
    v.write("daily/2026-01-03.md", "Lunch with [[Cy]] and [[Bo]].\n")  # a mention never counts as evidence
    bo = review_json(runner, v.root, TODAY, "Bo", "--day", "30")
    assert (bo["evidence"]["sent"], bo["evidence"]["answered"], bo["proposed"]["responsive"]) == (1, 0, "unsure")
    cy = review_json(runner, v.root, TODAY, "Cy", "--day", "30")
    assert (cy["evidence"]["sent"], cy["evidence"]["answered"], cy["proposed"]["responsive"]) == (2, 0, "no")


def test_delivers_edge_cases(runner, make_vault):
    v = make_vault
    # kept 1, late 1: not yes (one is late), not no (late is not more than kept) → unsure
    v.contact("Bo", "met: 2026-01-01", """
        - [x] Bo to send A #waiting 📅 2026-01-05 ✅ 2026-01-05
        - [x] Bo to send B #waiting 📅 2026-01-06 ✅ 2026-01-07
    """)
    # late 2, kept 1 → no; an open one due today counts nowhere
    v.contact("Cy", "met: 2026-01-01", """
        - [x] Cy to send A #waiting 📅 2026-01-05 ✅ 2026-01-04
        - [x] Cy to send B #waiting 📅 2026-01-06 ✅ 2026-01-08
        - [x] Cy to send C #waiting 📅 2026-01-07 ✅ 2026-01-09
        - [ ] Cy to send D #waiting 📅 2026-01-20
    """)
    # nothing came due → unsure; their debrief task counts as theirs
    v.contact("Di", "met: 2026-01-01")
    v.event("Mixer", "date: 2026-01-01", "- [x] [[Di]] to send the list #waiting 📅 2026-01-10 ✅ 2026-01-09\n")
    bo = review_json(runner, v.root, TODAY, "Bo", "--day", "30")
    assert ((bo["evidence"]["kept"], bo["evidence"]["late"]), bo["proposed"]["delivers"]) == ((1, 1), "unsure")
    cy = review_json(runner, v.root, "2026-01-20", "Cy", "--day", "30")
    assert ((cy["evidence"]["kept"], cy["evidence"]["late"], cy["evidence"]["broken"]), cy["proposed"]["delivers"]) \
        == ((1, 2, 0), "no")
    cy_later = review_json(runner, v.root, "2026-01-21", "Cy", "--day", "30")
    assert cy_later["evidence"]["broken"] == 1  # open and due before today now
    di = review_json(runner, v.root, TODAY, "Di", "--day", "30")
    assert (di["evidence"]["kept"], di["proposed"]["delivers"]) == (1, "yes")
    assert di["entries"]["delivers"] == [entry("2026-01-10", "promise", "[[Di]] to send the list", 6, "kept",
                                               "kept: done 2026-01-09", file="events/Mixer.md")]


# --- the suggested tier ---------------------------------------------------------------------

@pytest.mark.parametrize("day, tier, answers, expected", [
    ("90", "casual", "yes yes yes yes", ("strategic", None)),  # four yes at the last checkpoint
    ("60", "casual", "yes yes yes yes", ("active", None)),  # four yes before it
    ("30", "active", "yes yes yes no", ("active", None)),  # three yes
    ("30", "ally", "yes yes yes yes", ("ally", None)),  # a good review never lowers a tier
    ("60", "strategic", "yes no no no", ("strategic", None)),  # one or two yes: the tier stays
    ("30", "strategic", "no no no no", ("strategic", None)),  # too early to judge
    ("60", "active", "unsure no no unsure", ("casual", None)),  # no yes after the first checkpoint
    ("90", "active", "no no no no", ("casual", "archived")),  # and they do not answer
])
def test_the_tier_table(runner, make_vault, day, tier, answers, expected):
    make_vault.contact("Bo", f"met: 2026-01-01\ntier: {tier}")
    flags = [x for q, a in zip(("--responsive", "--value", "--intros", "--delivers"), answers.split(), strict=True)
             for x in (q, a)]
    data = review_json(runner, make_vault.root, "2026-06-01", "Bo", "--day", day, *flags)
    assert (data["suggested_tier"], data["suggested_status"]) == expected


# --- writing the review -----------------------------------------------------------------------

def test_the_review_line_is_appended_and_nothing_else_changes(runner, ada):
    path = ada.root / ADA_FILE
    before = path.read_bytes()
    result = invoke(runner, "review", "Ada", "--day", "30", "--accept", "--comment", "solid   start",
                    vault=ada.root, today=TODAY)
    assert result.exit_code == 0, result.output
    line = "- 2026-03-15 review: day=30 responsive=yes value=yes intros=yes delivers=no — solid start"
    assert path.read_bytes() == before + (line + "\n").encode("utf-8")  # after the Log's last entry
    assert result.stdout.endswith(
        "\ncontacts/Ada Park.md: review: Ada Park — day 30\n"
        f"  {line}\n"
        "suggested: tier active (now casual) — three yes at day 30; to apply: relnotes tier \"Ada Park\" active "
        "(or review with --apply)\n")
    assert result.stderr == ""


def test_given_answers_win_and_an_empty_comment_is_left_out(runner, ada):
    result = invoke(runner, "review", "Ada", "--day", "30", "--accept", "--value", "NO", "--delivers", "unsure",
                    vault=ada.root, today=TODAY)
    assert result.exit_code == 0, result.output
    text = (ada.root / ADA_FILE).read_text(encoding="utf-8")
    assert text.endswith("- 2026-02-10 sent: after the window\n"
                         "- 2026-03-15 review: day=30 responsive=yes value=no intros=yes delivers=unsure\n")
    assert "suggested: keep tier casual (two yes at day 30)\n" in result.stdout


def test_apply_changes_the_tier_in_the_same_write(runner, ada):
    path = ada.root / ADA_FILE
    before = path.read_text(encoding="utf-8")
    result = invoke(runner, "review", "Ada", "--day", "30", "--accept", "--apply", vault=ada.root, today=TODAY)
    assert result.exit_code == 0, result.output
    expected = before.replace("met: 2026-01-01\n---\n", "met: 2026-01-01\ntier: active\n---\n")
    expected += "- 2026-03-15 review: day=30 responsive=yes value=yes intros=yes delivers=no\n"
    assert path.read_text(encoding="utf-8") == expected
    assert "contacts/Ada Park.md: review: Ada Park — day 30; tier casual → active\n" in result.stdout
    assert result.stdout.endswith("suggested: tier active (now casual) — three yes at day 30; applied\n")


def test_apply_archives_a_contact_who_never_answers(runner, make_vault):
    v = make_vault
    path = v.write("contacts/Bo.md", "---\nname: Bo\ntier: active  # met at the summit\nmet: 2026-01-01\n---\n\n"
                                     "## Log\n- 2026-01-02 sent: one\n- 2026-01-20 sent: two\n")
    result = invoke(runner, "review", "Bo", "--day", "90", "--accept", "--apply", vault=v.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == (
        "---\nname: Bo\ntier: casual  # met at the summit\nmet: 2026-01-01\nstatus: archived\n---\n\n"
        "## Log\n- 2026-01-02 sent: one\n- 2026-01-20 sent: two\n"
        "- 2026-03-15 review: day=90 responsive=no value=no intros=no delivers=unsure\n")
    assert "no yes at day 90, and they do not answer; applied" in result.stdout


def test_after_a_review_due_no_longer_lists_that_checkpoint(runner, ada, due_json):
    today = "2026-02-05"  # day 30 (01-31) is 5 days overdue
    before = due_json(ada.root, today)
    assert ("Ada Park", "review", "2026-01-31") in kinds(before)
    result = invoke(runner, "review", "Ada", "--accept", vault=ada.root, today=today)
    assert result.exit_code == 0, result.output
    after = kinds(due_json(ada.root, today))
    assert after == [k for k in kinds(before) if k != ("Ada Park", "review", "2026-01-31")]
    assert ("Ada Park", "review", "2026-03-02") in kinds(due_json(ada.root, "2026-03-02"))  # day 60 still comes


def test_a_written_review_is_refused_unless_again(runner, ada):
    assert invoke(runner, "review", "Ada", "--day", "30", "--accept", vault=ada.root, today=TODAY).exit_code == 0
    path = ada.root / ADA_FILE
    written = path.read_bytes()
    result = invoke(runner, "review", "Ada", "--day", "30", "--accept", vault=ada.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: contacts/Ada Park.md:30: the day-30 review of Ada Park is already written "
                             "(2026-03-15); pass --again to add another\n")
    assert path.read_bytes() == written
    again = invoke(runner, "review", "Ada", "--day", "30", "--accept", "--again", "--comment", "second look",
                   vault=ada.root, today="2026-03-16")
    assert again.exit_code == 0, again.output
    assert "Already reviewed on 2026-03-15 (contacts/Ada Park.md:30).\n" in again.stdout
    assert path.read_bytes() == written + "- 2026-03-16 review: day=30 responsive=yes value=yes intros=yes " \
        "delivers=no — second look\n".encode()
    data = review_json(runner, ada.root, TODAY, "Ada", "--day", "30")
    assert data["reviewed"] == {"date": "2026-03-15", "line": 30,
                                "text": "day=30 responsive=yes value=yes intros=yes delivers=no"}


def test_json_writes_nothing(runner, ada):
    before = (ada.root / ADA_FILE).read_bytes()
    review_json(runner, ada.root, TODAY, "Ada", "--comment", "x", "--accept")
    assert (ada.root / ADA_FILE).read_bytes() == before
    result = invoke(runner, "review", "Ada", "--json", "--apply", vault=ada.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --json writes nothing, so it cannot --apply; leave one out\n")


def test_commit_with_real_git(runner, ada):
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "T"],
                 ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=ada.root, check=True)
    result = invoke(runner, "review", "Ada", "--accept", "--apply", "--commit", vault=ada.root, today=TODAY)
    assert result.exit_code == 0, result.output
    log = subprocess.run(["git", "log", "-1", "--format=%s", "--name-only"], cwd=ada.root, capture_output=True,
                         text=True, check=True).stdout
    assert log == "review: Ada Park — day 30; tier casual → active\n\ncontacts/Ada Park.md\n"


# --- bad input ----------------------------------------------------------------------------------

def test_no_first_meeting(runner, make_vault):
    make_vault.contact("Bo", "email: bo@example.com", "## Log\n- 2026-01-02 sent: hi\n")
    result = invoke(runner, "review", "Bo", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: contacts/Bo.md: Bo has no known first meeting, so there is nothing to "
                             "review from; add 'met: YYYY-MM-DD' (or met_at: an event) to the note\n")


def test_a_day_that_is_not_a_checkpoint(runner, ada):
    result = invoke(runner, "review", "Ada", "--day", "45", vault=ada.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for '--day': 45 is not a review checkpoint; the "
                                  "checkpoints are 30, 60, 90 (rules.review_checkpoints)\n")
    ada.write("relnotes.toml", "[rules]\nreview_checkpoints = [14, 90]\n")
    result = invoke(runner, "review", "Ada", "--day", "30", vault=ada.root, today=TODAY)
    assert "the checkpoints are 14, 90 (rules.review_checkpoints)" in result.stderr
    assert review_json(runner, ada.root, TODAY, "Ada", "--day", "14")["window_end"] == "2026-01-15"


def test_no_terminal_and_no_answers(runner, ada):
    before = (ada.root / ADA_FILE).read_bytes()
    result = invoke(runner, "review", "Ada", "--responsive", "yes", "--value", "no", vault=ada.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: no answer for intros, delivers and no terminal to ask on: pass --intros yes|no|unsure "
        "--delivers yes|no|unsure, or --accept to take the proposed answers\n")
    assert (ada.root / ADA_FILE).read_bytes() == before
    full = invoke(runner, "review", "Ada", "--responsive", "yes", "--value", "no", "--intros", "no",
                  "--delivers", "yes", vault=ada.root, today=TODAY)
    assert full.exit_code == 0, full.output
    assert (ada.root / ADA_FILE).read_text(encoding="utf-8").endswith(
        "- 2026-03-15 review: day=30 responsive=yes value=no intros=no delivers=yes\n")


def test_an_unreadable_note_is_skipped_and_the_rest_counts(runner, ada):
    ada.write("contacts/Broken.md", "---\nname: [unclosed\n---\n")
    result = invoke(runner, "review", "Ada", "--day", "30", "--json", vault=ada.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: contacts/Broken.md:")
    assert json.loads(result.stdout)["evidence"]["sent"] == 5


def test_the_evidence_for_people(runner, ada):
    result = invoke(runner, "review", "Ada", "--day", "60", "--accept", vault=ada.root, today=TODAY)
    lines = result.stdout.splitlines()
    assert lines[:3] == ["Ada Park — 60-day review", "First met Jan 1; the window is Jan 1 to Mar 2.", ""]
    assert lines[3] == "Responsive?  proposed: yes — 6 sent, 3 answered within 7d (median 3 days), 3 received"
    assert "Delivers?  proposed: no — 2 kept, 1 late, 2 broken of their promises due in the window" in lines
    assert "Intros?  proposed: yes — 1 tagged #got/intro" in lines
    assert "  2026-02-15  promise  Ada to call back         broken: still open                  " \
        "contacts/Ada Park.md:13" in lines


# --- asking on a terminal -----------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("relnotes")


@pytest.mark.skipif(not SCRIPT.exists(), reason="the relnotes script is not installed beside this Python")
def test_asks_each_question_on_a_terminal_with_the_proposal_as_default(ada):
    main, side = pty.openpty()
    env = {**os.environ, "RELNOTES_TODAY": TODAY, "NO_COLOR": "1", "COLUMNS": "200"}
    proc = subprocess.Popen([str(SCRIPT), "--vault", str(ada.root), "review", "Ada", "--day", "30",
                             "--comment", "by hand"], stdin=side, stdout=side, stderr=side, env=env, close_fds=True)
    os.close(side)
    os.write(main, b"\nno\n\nunsure\n")  # keep yes, say no, keep yes, say unsure
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    assert proc.wait(timeout=20) == 0, out.decode()
    os.close(main)
    text = out.decode("utf-8").replace("\r\n", "\n")
    assert "Responsive? Do they answer you (yes, no, unsure) [yes]: " in text
    assert "Delivers? Do they keep their commitments (yes, no, unsure) [no]: " in text
    assert (ada.root / ADA_FILE).read_text(encoding="utf-8").endswith(
        "- 2026-03-15 review: day=30 responsive=yes value=no intros=yes delivers=unsure — by hand\n")


# --- the sample vault -----------------------------------------------------------------------------

def test_sample_vault_has_evidence_for_every_question(runner):
    nina = review_json(runner, SAMPLE, SAMPLE_TODAY, "Nina Patel")
    # answers quickly and introduces: day 60 (30 is reviewed); sent 09-23, 10-13, 11-04 answered in
    # 2, 1 and 5 days (median 2); the 10-14 received carries #got/intro; her beta invite came early
    assert (nina["day"], nina["evidence"]) == (60, {"sent": 3, "answered": 3, "received": 3,
                                                    "median_days_to_answer": 2, "got": 2, "intros": 1, "kept": 1,
                                                    "late": 0, "broken": 0})
    assert set(nina["proposed"].values()) == {"yes"}
    greg = review_json(runner, SAMPLE, SAMPLE_TODAY, "Greg", "--day", "90")
    # never answers: three sent, none answered within 7 days, his promise cancelled
    assert greg["proposed"] == {"responsive": "no", "value": "no", "intros": "no", "delivers": "no"}
    assert (greg["suggested_tier"], greg["suggested_status"]) == ("casual", "archived")
    tom = review_json(runner, SAMPLE, SAMPLE_TODAY, "Tom")
    # delivers late: the ticket taxonomy was due 10-29, sent 10-30
    assert (tom["evidence"]["late"], tom["proposed"]["delivers"]) == (1, "no")


def test_a_first_meeting_after_today(runner, make_vault):
    make_vault.contact("Bo", "met: 2026-12-01")
    result = invoke(runner, "review", "Bo", "--json", vault=make_vault.root, today="2026-11-23")
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: contacts/Bo.md: Bo was first met on 2026-12-01, after today: nothing to review yet\n")
    draft = invoke(runner, "draft", "Bo", "--kind", "review", vault=make_vault.root, today="2026-11-23")
    assert draft.exit_code == 0 and "The first meeting (Dec 1) is still ahead" in draft.stdout
    make_vault.contact("Cy")
    draft = invoke(runner, "draft", "Cy", "--kind", "review", vault=make_vault.root, today="2026-11-23")
    assert draft.exit_code == 0 and "There is no known first meeting" in draft.stdout


def test_a_note_changed_since_it_was_read_is_not_written(ada):
    from relnotes.config import load_config
    from relnotes.errors import ConflictError
    from relnotes.vault import changes as edits
    from relnotes.vault.load import load_index

    config = load_config(ada.root)
    contact = load_index(config).contacts[0]
    change = edits.review(config, contact, "- 2026-03-15 review: day=30 responsive=yes value=yes intros=yes "
                                           "delivers=no", 30, "active")
    path = ada.root / ADA_FILE
    path.write_text(path.read_text(encoding="utf-8") + "- 2026-03-15 call: typed in Obsidian meanwhile\n",
                    encoding="utf-8")
    with pytest.raises(ConflictError):
        edits.apply(change, ada.root)
    assert path.read_text(encoding="utf-8") == ADA + "- 2026-03-15 call: typed in Obsidian meanwhile\n"


def test_the_review_draft_shows_the_evidence_and_proposals(runner):
    result = invoke(runner, "draft", "Greg", "--kind", "review", vault=SAMPLE, today=SAMPLE_TODAY)
    assert result.exit_code == 0, result.output
    body = result.stdout
    assert body.startswith("# 90-day review: Greg Whitfield\n")  # the checkpoint due lists
    assert "The evidence runs from Aug 20 to Nov 18.\n" in body
    assert ("### Responsive? Do they answer you? Proposed: **no**\n\n"
            "3 sent, 0 answered within 7d, 1 received.\n\n"
            "- 2026-08-21 sent: nice to meet you, plus our partner API docs — no answer within 7d "
            "(contacts/Greg Whitfield.md:21)\n") in body
    assert ("### Delivers? Do they keep their commitments? Proposed: **no**\n\n"
            "0 kept, 0 late, 1 broken of their promises due in the window.\n\n"
            "- 2026-09-30 promise: Greg to loop in his CTO on the partner API — broken: cancelled "
            "(contacts/Greg Whitfield.md:17)\n") in body
    assert ("Suggested: tier **casual**, status **archived** (no yes at day 90, and they do not answer; "
            "now casual).\n") in body
    assert body.endswith("    - 2026-11-23 review: day=90 responsive=no value=no intros=no delivers=no — "
                         "[a few words]\n")


def test_error_classes(ada, make_vault):
    from datetime import date

    from relnotes.config import load_config
    from relnotes.core.review import build_review, pick_day
    from relnotes.errors import ExistsError, NoteError
    from relnotes.vault.load import load_index

    make_vault.contact("Bo", "email: bo@example.com")
    ada.write("contacts/Cy.md", "---\nname: Cy\nmet: 2026-01-01\n---\n## Log\n"
              + "".join(f"- 2026-04-01 review: day={d} responsive=yes value=yes intros=yes delivers=yes\n"
                        for d in (30, 60, 90)))
    config = load_config(ada.root)
    index = load_index(config)
    bo, cy = (next(c for c in index.contacts if c.name == n) for n in ("Bo", "Cy"))
    with pytest.raises(NoteError):
        build_review(bo, 30, date(2026, 3, 15), config)  # no first meeting
    with pytest.raises(NoteError):
        build_review(cy, 30, date(2025, 12, 1), config)  # first met after today
    with pytest.raises(ExistsError):
        pick_day(cy, config, date(2026, 4, 2))  # every checkpoint reviewed
    with pytest.raises(ValueError):
        pick_day(cy, config, date(2026, 4, 2), 45)  # the CLI makes it a usage error

"""relnotes events and relnotes roi (SPEC 6.5) on a hand-made vault, every number worked out by hand."""

from __future__ import annotations

import json

import pytest

from conftest import invoke

TODAY = "2026-06-15"


def event_vault(v):
    """Six events; the comments give each one's dates: D+1 (followed up by), D+60..D+120 (lasting)."""
    # E1 2026-01-10: D+1 01-11, lasting 03-11..05-10, matured (05-10 < today)
    v.event("Open Mixer", """
        date: 2026-01-10
        format: open
        purpose: community
        cost: 0
        hours: 5
        rating: 2
        people: ["[[Ann]]", "[[Bob]]", "[[Ghost Person]]"]
    """)
    # E2 2026-02-01: D+1 02-02, lasting 04-02..06-01, matured
    v.event("ML Workshop", """
        date: 2026-02-01
        format: educational
        purpose: content
        cost: 120
        hours: 4
        rating: 5
        people: ["[[Ann]]", "[[Cat]]"]
    """)
    # E6 2026-03-01: D+1 03-02, lasting 04-30..06-29, not matured; no cost, no purpose
    v.event("Open Mixer II", """
        date: 2026-03-01
        format: Open
        hours: 3
        people: ["[[Bob]]"]
    """)
    # E3 2026-04-20: D+1 04-21, lasting 06-19..08-18, not matured; Eve (met_at) and Fay (met log) count too
    v.event("Founder Circle", """
        date: 2026-04-20
        format: peer-group
        purpose: both
        cost: 300
        hours: 6
        people: ["[[Dan]]"]
    """)
    # E4 2026-06-14: no format, purpose, cost or hours
    v.event("Breakfast", """
        date: 2026-06-14
        people: ["[[Gus]]"]
    """)
    v.event("Undated Thing", """
        people: ["[[Ann]]"]
    """)
    v.contact("Ann", body="""
        ## Log
        - 2026-01-10 met: at [[Open Mixer]]
        - 2026-01-11 sent: nice to meet you
        - 2026-02-01 met: at the workshop
        - 2026-02-03 sent: the slides
        - 2026-03-11 call: catch-up #got/advice
        - 2026-06-01 meeting: lunch #got/intro #got/referral
    """)
    v.contact("Bob", body="""
        ## Log
        - 2026-01-12 received: replied a day late
        - 2026-05-11 note: thought of him #got/insight
        - 2026-05-11 sent: hello again
    """)
    v.contact("Cat", "last_contact: 2026-05-01", body="""
        ## Log
        - 2026-02-01 sent: thanks for the talk
        - 2026-04-01 received: a question
    """)
    v.write("daily/2026-04-15.md", "Lunch with [[Cat]].\n")
    v.contact("Dan", "status: paused")
    v.contact("Eve", 'met_at: "[[Founder Circle]]"', body="""
        ## Log
        - 2026-06-15 sent: hi
    """)
    v.contact("Fay", body="""
        ## Log
        - 2026-04-20 met: [[Founder Circle]] dinner
    """)
    v.contact("Gus")
    return v.root


def run_json(runner, root, *args):
    result = invoke(runner, *args, "--json", vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row(title, date, fmt, purpose, met, followed, lasting, owed, *, matured, value, cost, hours, cpl, hpl,
        rating, poor_follow_up, poor_lasting):
    return {
        "event": title, "file": f"events/{title}.md", "date": date, "format": fmt, "purpose": purpose,
        "met": len(met), "followed_up": len(followed), "lasting": len(lasting), "matured": matured,
        "value": value, "cost": cost, "hours": hours, "cost_per_lasting": cpl, "hours_per_lasting": hpl,
        "rating": rating, "people_met": met, "people_followed_up": followed, "people_lasting": lasting,
        "owed_first_follow_up": owed, "poor_follow_up": poor_follow_up, "poor_lasting": poor_lasting,
    }


EXPECTED_EVENTS = [
    # Gus met yesterday and not followed up yet: he is owed one, but today is still in time (not poor)
    row("Breakfast", "2026-06-14", None, None, ["Gus"], [], [], ["Gus"], matured=False, value=0, cost=None,
        hours=None, cpl=None, hpl=None, rating=None, poor_follow_up=False, poor_lasting=False),
    # Dan (paused) is owed nothing; Eve wrote after the event, late; Fay never heard from again
    row("Founder Circle", "2026-04-20", "peer-group", "both", ["Dan", "Eve", "Fay"], [], [], ["Fay"],
        matured=False, value=0, cost=300.0, hours=6.0, cpl=None, hpl=None, rating=None, poor_follow_up=True,
        poor_lasting=False),
    # Bob's 05-11 sent is in 04-30..06-29: lasting so far; his #got on 05-11 is after the event
    row("Open Mixer II", "2026-03-01", "Open", None, ["Bob"], [], ["Bob"], [], matured=False, value=1, cost=None,
        hours=3.0, cpl=None, hpl=3.0, rating=None, poor_follow_up=True, poor_lasting=False),
    # Cat answered on the day (D counts), Ann two days late; Ann's 06-01 lunch is exactly D+120;
    # Cat's 04-01 is D+59, her mention and last_contact never count; value: Ann's three #got
    row("ML Workshop", "2026-02-01", "educational", "content", ["Ann", "Cat"], ["Cat"], ["Ann"], [],
        matured=True, value=3, cost=120.0, hours=4.0, cpl=120.0, hpl=4.0, rating=5, poor_follow_up=False,
        poor_lasting=False),
    # Ann wrote exactly at D+1 and called exactly at D+60; Bob a day late, and his 05-11 is D+121;
    # value: Ann's three #got and Bob's one (a note entry's tag counts); cost 0 is known
    row("Open Mixer", "2026-01-10", "open", "community", ["Ann", "Bob", "Ghost Person"], ["Ann"], ["Ann"],
        ["Ghost Person"], matured=True, value=4, cost=0.0, hours=5.0, cpl=0.0, hpl=5.0, rating=2,
        poor_follow_up=True, poor_lasting=False),
]


def test_events_json_is_exact(runner, make_vault):
    assert run_json(runner, event_vault(make_vault), "events") == EXPECTED_EVENTS


def test_events_since(runner, make_vault):
    found = run_json(runner, event_vault(make_vault), "events", "--since", "2026-03-01")
    assert [r["event"] for r in found] == ["Breakfast", "Founder Circle", "Open Mixer II"]


def test_matured_turns_true_the_day_after_d_plus_120(runner, make_vault):
    root = event_vault(make_vault)
    on_the_day = invoke(runner, "events", "--json", vault=root, today="2026-06-01")  # ML Workshop's D+120
    after = invoke(runner, "events", "--json", vault=root, today="2026-06-02")
    matured = {r["event"]: r["matured"] for r in json.loads(on_the_day.stdout)}
    assert matured["ML Workshop"] is False and matured["Open Mixer"] is True
    assert {r["event"]: r["matured"] for r in json.loads(after.stdout)}["ML Workshop"] is True


def test_a_bad_matured_event_with_nobody_lasting_is_poor(runner, make_vault):
    make_vault.event("Wine Night", "date: 2026-01-05\nformat: open\npeople: ['[[Zed]]']")
    make_vault.contact("Zed", body="## Log\n- 2026-01-06 sent: hello")
    found = run_json(runner, make_vault.root, "events")
    assert found[0]["poor_lasting"] is True and found[0]["poor_follow_up"] is False
    assert (found[0]["followed_up"], found[0]["lasting"], found[0]["owed_first_follow_up"]) == (1, 0, [])


def test_a_person_listed_twice_or_also_by_met_at_counts_once(runner, make_vault):
    make_vault.event("Mixer", "date: 2026-05-01\npeople: ['[[Zed]]', '[[zed]]', '[[Ghost]]', '[[ghost]]']")
    make_vault.contact("Zed", 'met_at: "[[Mixer]]"', body="## Log\n- 2026-05-01 met: [[Mixer]]")
    found = run_json(runner, make_vault.root, "events")
    assert (found[0]["met"], found[0]["people_met"]) == (2, ["Ghost", "Zed"])


def test_owed_ends_as_the_first_follow_up_does_in_due(runner, make_vault):
    """A mention in a daily note or last_contact after the event ends it (not on the day itself);
    neither is a log entry, so neither counts as followed up."""
    v = make_vault
    v.event("Meetup", "date: 2026-06-01\npeople: ['[[Lu]]', '[[Mo]]', '[[Ny]]', '[[Ox]]']")
    v.contact("Lu", "last_contact: 2026-06-02")
    v.contact("Mo")
    v.write("daily/2026-06-03.md", "Coffee with [[Mo]].\n")
    v.contact("Ny", "last_contact: 2026-06-01")
    v.contact("Ox", body="## Log\n- 2026-06-01 met: [[Meetup]]\n- 2026-06-01 note: liked the talk")
    row = run_json(runner, v.root, "events")[0]
    assert (row["followed_up"], row["owed_first_follow_up"]) == (0, ["Ny", "Ox"])
    due = json.loads(invoke(runner, "due", "--json", "--kind", "first-follow-up", vault=v.root,
                            today="2026-06-10").stdout)
    assert sorted(i["contact"] for i in due) == ["Ny", "Ox"]


def test_events_human_output(runner, make_vault):
    result = invoke(runner, "events", vault=event_vault(make_vault), today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == """\
Events, newest first
  date        event           format       met  followed up  lasting   value  cost  hours  cost/lasting  hours/lasting  rating
  2026-06-14  Breakfast       -            1    0 of 1       0 so far  0      -     -      -             -              -
  2026-04-20  Founder Circle  peer-group   3    0 of 3 !     0 so far  0      300   6      -             -              -
  2026-03-01  Open Mixer II   Open         1    0 of 1 !     1 so far  1      -     3      -             3              -
  2026-02-01  ML Workshop     educational  2    1 of 2       1         3      120   4      120           4              5/5
  2026-01-10  Open Mixer      open         3    1 of 3 !     1         4      0     5      0             5              2/5

! under half followed up within 1d of the event, or nobody met there still in touch 60 to 120 days after

Still waiting for a first follow-up
  Breakfast (2026-06-14):       Gus
  Founder Circle (2026-04-20):  Fay
  Open Mixer (2026-01-10):      Ghost Person
"""
    assert result.stderr == "warning: 2 problems in the vault; run 'relnotes check' to see them\n"


def test_no_events(runner, make_vault):
    result = invoke(runner, "events", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (
        0, 'No dated events yet. Debrief one: relnotes debrief "Atlanta Tech Mixer" --people "Jane Doe"\n')
    assert run_json(runner, make_vault.root, "events") == []
    assert run_json(runner, make_vault.root, "roi") == []


def group(name, events, met, followed, lasting, value, cost, hours, cpl, hpl, rate):
    return {"group": name, "events": events, "met": met, "followed_up": followed, "lasting": lasting,
            "value": value, "cost": cost, "hours": hours, "cost_per_lasting": cpl, "hours_per_lasting": hpl,
            "lasting_per_hour": rate}


def test_roi_by_format(runner, make_vault):
    found = run_json(runner, event_vault(make_vault), "roi", "--by", "format")
    assert found == [
        # "open" and "Open" are one group; cost sums the one known (0), hours both: 2 lasting in 8 h
        group("open", 2, 4, 1, 2, 5, 0.0, 8.0, 0.0, 4.0, 0.25),
        group("educational", 1, 2, 1, 1, 3, 120.0, 4.0, 120.0, 4.0, 0.25),  # as many per hour: fewer lasting
        group("peer-group", 1, 3, 0, 0, 0, 300.0, 6.0, None, None, 0.0),
        group(None, 1, 1, 0, 0, 0, None, None, None, None, None),  # no hours known: last
    ]
    assert run_json(runner, make_vault.root, "roi") == found  # by format is the default


def test_roi_by_purpose_keeps_both_as_its_own_group(runner, make_vault):
    found = run_json(runner, event_vault(make_vault), "roi", "--by", "purpose")
    assert found == [
        group(None, 2, 2, 0, 1, 1, None, 3.0, None, 3.0, 1 / 3),  # Breakfast and Open Mixer II
        group("content", 1, 2, 1, 1, 3, 120.0, 4.0, 120.0, 4.0, 0.25),
        group("community", 1, 3, 1, 1, 4, 0.0, 5.0, 0.0, 5.0, 0.2),
        group("both", 1, 3, 0, 0, 0, 300.0, 6.0, None, None, 0.0),
    ]


def test_roi_human_output_has_a_verdict(runner, make_vault):
    result = invoke(runner, "roi", vault=event_vault(make_vault), today=TODAY)
    assert result.stdout == """\
Event return by format, most lasting relationships per hour first
  format       events  met  followed up  lasting  value  cost  hours  cost/lasting  hours/lasting
  open         2       4    1            2        5      0     8      0             4
  educational  1       2    1            1        3      120   4      120           4
  peer-group   1       3    0            0        0      300   6      -             -
  (none)       1       1    0            0        0      -     -      -             -

open events: 1 lasting relationship per 4 h; educational events: 1 per 4 h; \
peer-group events: no lasting relationship in 6 h; events with no format: hours unknown.
"""


@pytest.mark.parametrize("args", [["roi", "--by", "tier"], ["events", "--since", "soon"]])
def test_bad_options_are_usage_errors(runner, make_vault, args):
    result = invoke(runner, *args, vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr and "Traceback" not in result.stderr


def test_a_group_is_named_as_its_events_write_it(runner, make_vault):
    make_vault.event("Circle", "date: 2026-05-01\nformat: Peer Group\nhours: 2")
    make_vault.event("Circle II", "date: 2026-05-08\nformat: Peer  Group\nhours: 2")  # runs of spaces as one
    make_vault.event("Mixer", "date: 2026-05-02\nformat: OPEN")
    make_vault.event("Mixer II", "date: 2026-05-09\nformat: open")
    assert [g["group"] for g in run_json(runner, make_vault.root, "roi")] == ["Peer Group", "open"]


def test_an_ambiguous_name_counts_as_written_and_an_event_not_at_all(runner, make_vault):
    v = make_vault
    v.contact("Sam Lee", "aliases: [Sam]")
    v.contact("Sam Ray", "aliases: [Sam]", body="## Log\n- 2026-05-02 sent: hi")
    v.event("Kickoff", "date: 2026-04-01")
    v.event("Mixer", "date: 2026-05-01\npeople: ['[[Sam]]', '[[Kickoff]]', '[[Sam Ray]]']")
    row = next(r for r in run_json(runner, v.root, "events") if r["event"] == "Mixer")
    # "Sam" names two notes: met, never followed up (check says it is ambiguous)
    assert (row["people_met"], row["people_followed_up"], row["owed_first_follow_up"]) == (
        ["Sam", "Sam Ray"], ["Sam Ray"], ["Sam"])


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400", "1" + "0" * 400])
def test_a_cost_or_hours_no_sum_can_hold_is_reported_and_the_rest_works(runner, make_vault, value):
    """``hours: .nan`` once crashed ``agenda`` and watch in the return chart: it is refused like
    a negative number, with its line, and the event counts without it."""
    v = make_vault
    v.contact("Ann", "tier: active")
    v.event("Mixer", f"""
        date: 2026-11-01
        format: open
        cost: {value}
        hours: {value}
        people: ["[[Ann]]"]
    """)
    check = invoke(runner, "check", vault=v.root, today="2026-11-23")
    assert check.exit_code == 1
    lines = check.output.splitlines()
    assert any(line.startswith("events/Mixer.md:5: cost: ") and "is not a number (e.g. 25 or 2.5)" in line
               for line in lines), check.output
    assert any(line.startswith("events/Mixer.md:6: hours: ") for line in lines), check.output
    for command in (["agenda", "--out", "-"], ["roi", "--json"], ["events", "--json"]):
        result = invoke(runner, *command, vault=v.root, today="2026-11-23")
        assert result.exit_code == 0, (command, result.output)
        assert "Traceback" not in result.output
    rows = json.loads(invoke(runner, "roi", "--json", vault=v.root, today="2026-11-23").stdout)
    assert rows[0]["events"] == 1 and rows[0]["cost"] is None and rows[0]["hours"] is None

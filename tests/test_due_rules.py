"""Each of the seven rules of SPEC section 3, on small vaults written to disk."""

from __future__ import annotations

from conftest import kinds

TODAY = "2026-11-23"


def test_first_follow_up_after_an_event(make_vault, due_json):
    v = make_vault
    v.event("Fintech Breakfast", "date: 2026-11-19\npeople: ['[[Jane Doe]]']")
    v.contact("Jane Doe")
    items = due_json(v.root, TODAY)
    assert kinds(items) == [("Jane Doe", "first-follow-up", "2026-11-20")]
    first = items[0]
    assert first["reason"] == "met at Fintech Breakfast on Nov 19, no follow-up yet"
    assert first["days_overdue"] == 3


def test_first_follow_up_uses_met_at_event_date_when_met_is_absent(make_vault, due_json):
    v = make_vault
    v.event("Mixer", "date: 2026-11-21")
    v.contact("Ann", "met_at: '[[Mixer]]'")
    assert ("Ann", "first-follow-up", "2026-11-22") in kinds(due_json(v.root, TODAY))


def test_a_touchpoint_after_the_meeting_ends_the_first_follow_up(make_vault, due_json):
    v = make_vault
    v.contact("Bo", "met: 2026-11-20", "## Log\n- 2026-11-21 sent: thanks for the chat")
    assert "first-follow-up" not in {i["kind"] for i in due_json(v.root, TODAY)}


def test_same_day_entries_keep_written_order(make_vault, due_json):
    v = make_vault
    v.contact("After", body="## Log\n- 2026-11-20 met: at lunch\n- 2026-11-20 sent: the article")
    v.contact("Before", body="## Log\n- 2026-11-20 sent: the article\n- 2026-11-20 met: at lunch")
    items = due_json(v.root, TODAY, "--kind", "first-follow-up")
    assert kinds(items) == [("Before", "first-follow-up", "2026-11-21")]


def test_a_daily_note_mention_counts_as_a_touchpoint(make_vault, due_json):
    v = make_vault
    v.contact("Cy", "met: 2026-11-20")
    v.write("journal/2026-11-21.md", "Called [[Cy]] about the role.\n")
    assert "first-follow-up" not in {i["kind"] for i in due_json(v.root, TODAY)}


def test_mentions_in_tasks_quotes_embeds_and_code_do_not_count(make_vault, due_json):
    v = make_vault
    v.contact("Cy", "met: 2026-11-20")
    v.write("2026-11-21.md", """
        - [ ] call [[Cy]]
        > [[Cy]] said so
        ![[Cy]]
        `[[Cy]]`
        ```
        [[Cy]]
        ```
    """)
    assert ("Cy", "first-follow-up", "2026-11-21") in kinds(due_json(v.root, TODAY))


def test_daily_notes_can_be_turned_off(make_vault, due_json):
    v = make_vault
    v.write("relnotes.toml", "[vault]\ndaily_notes = false\n")
    v.contact("Cy", "met: 2026-11-20")
    v.write("2026-11-21.md", "Called [[Cy]].\n")
    assert ("Cy", "first-follow-up", "2026-11-21") in kinds(due_json(v.root, TODAY))


def test_first_follow_up_is_dropped_once_more_than_30_days_late(make_vault, due_json):
    v = make_vault
    v.contact("Edge", "met: 2026-10-23")  # due 10-24: 30 days late, still listed
    v.contact("Cold", "met: 2026-10-22")  # due 10-23: 31 days late, dropped
    items = due_json(v.root, TODAY, "--kind", "first-follow-up")
    assert kinds(items) == [("Edge", "first-follow-up", "2026-10-24")]


def test_people_without_a_note_still_get_a_first_follow_up(make_vault, due_json):
    v = make_vault
    v.event("2026-11-20 Atlanta Tech Mixer", "date: 2026-11-20\npeople: [Priya Raman]")
    items = due_json(v.root, TODAY)
    assert items == [{
        "contact": "Priya Raman", "file": "events/2026-11-20 Atlanta Tech Mixer.md", "kind": "first-follow-up",
        "due": "2026-11-21", "days_overdue": 2, "tier": None, "email": None,
        "reason": "met at 2026-11-20 Atlanta Tech Mixer on Nov 20, no follow-up yet (no contact note yet)",
    }]


def test_nudge_seven_days_after_an_unanswered_sent(make_vault, due_json):
    v = make_vault
    v.contact("Dee", body="## Log\n- 2026-11-01 received: intro from Bo\n- 2026-11-14 sent: the podcast link")
    assert ("Dee", "nudge", "2026-11-21") in kinds(due_json(v.root, TODAY))


def test_no_nudge_after_two_unanswered_sents(make_vault, due_json):
    v = make_vault
    v.contact("Eve", body="## Log\n- 2026-11-01 sent: hello\n- 2026-11-10 sent: following up")
    assert "nudge" not in {i["kind"] for i in due_json(v.root, TODAY)}


def test_notes_and_mentions_do_not_hide_a_nudge(make_vault, due_json):
    v = make_vault
    v.contact("Fay", body="## Log\n- 2026-11-14 sent: deck\n- 2026-11-18 note: she is travelling")
    v.write("2026-11-19.md", "Saw [[Fay]] post about the conference.\n")
    assert ("Fay", "nudge", "2026-11-21") in kinds(due_json(v.root, TODAY))


def test_a_reply_ends_the_nudge(make_vault, due_json):
    v = make_vault
    v.contact("Gil", body="## Log\n- 2026-11-14 sent: deck\n- 2026-11-15 received: thanks!")
    assert "nudge" not in {i["kind"] for i in due_json(v.root, TODAY)}


def test_follow_up_date(make_vault, due_json):
    v = make_vault
    v.contact("Hal", "follow_up: 2026-11-22\nfollow_up_note: ask about the Q1 pilot",
              "## Log\n- 2026-11-10 call: pilot talk")
    v.contact("Ida", "follow_up: 2026-11-22", "## Log\n- 2026-11-22 call: done")
    items = due_json(v.root, TODAY, "--kind", "follow-up")
    assert kinds(items) == [("Hal", "follow-up", "2026-11-22")]
    assert items[0]["reason"] == "follow-up planned: ask about the Q1 pilot"


def test_commitments_in_every_task_form(make_vault, due_json):
    v = make_vault
    v.contact("Jo", body="""
        - [ ] Send the deck 📅 2026-11-22
        - [/] Draft the intro [due:: 2026-11-24]
        - [x] Share notes 📅 2026-11-20 ✅ 2026-11-21
        - [-] Cancelled thing 📅 2026-11-20
        - [ ] No date at all
        * [ ] Star bullet 📅 2026-11-25
    """)
    items = due_json(v.root, TODAY, "--kind", "commitment")
    assert [(i["due"], i["reason"]) for i in items] == [
        ("2026-11-22", "you promised: Send the deck"),
        ("2026-11-24", "you promised: Draft the intro"),
        ("2026-11-25", "you promised: Star bullet"),
    ]


def test_waiting_tasks_come_due_seven_days_after_their_date(make_vault, due_json):
    v = make_vault
    v.contact("Kim", body="- [ ] Intro to their CTO #waiting 📅 2026-11-15")
    items = due_json(v.root, TODAY)
    assert kinds(items) == [("Kim", "waiting", "2026-11-22")]
    assert items[0]["reason"] == "waiting on them since Nov 15: Intro to their CTO"


def test_debrief_tasks_belong_to_each_linked_contact_or_the_event(make_vault, due_json):
    v = make_vault
    v.contact("Lu")
    v.contact("Mo")
    v.event("Demo Night", "date: 2026-10-01", """
        - [ ] Send [[Lu]] and [[Mo|Maurice]] the slides 📅 2026-11-22
        - [ ] Write up the talk 📅 2026-11-23
    """)
    items = due_json(v.root, TODAY, "--kind", "commitment")
    assert [(i["contact"], i["file"], i["due"]) for i in items] == [
        ("Lu", "contacts/Lu.md", "2026-11-22"),
        ("Mo", "contacts/Mo.md", "2026-11-22"),
        ("Demo Night", "events/Demo Night.md", "2026-11-23"),
    ]


def test_paused_contacts_keep_only_your_commitments(make_vault, due_json):
    v = make_vault
    v.contact("Ned", "status: paused\ntier: ally\nmet: 2026-11-20", """
        - [ ] Return the book 📅 2026-11-22
        - [ ] Their referral #waiting 📅 2026-11-01
        ## Log
        - 2026-11-14 sent: hi
    """)
    assert kinds(due_json(v.root, TODAY, "--within", "1y")) == [("Ned", "commitment", "2026-11-22")]


def test_keep_in_touch_by_tier_default_and_override(make_vault, due_json):
    v = make_vault
    v.contact("Ally", "tier: ally\nlast_contact: 2026-11-01")
    v.contact("Strat", "tier: strategic\ncadence: 2w", "## Log\n- 2026-11-05 call: catch-up")
    v.contact("Casual", "tier: casual\nlast_contact: 2025-01-01")
    v.contact("Never", "tier: ally\ncadence: none\nlast_contact: 2025-01-01")
    v.contact("Unknown", "tier: ally")
    items = due_json(v.root, TODAY, "--kind", "keep-in-touch")
    assert kinds(items) == [("Strat", "keep-in-touch", "2026-11-19"), ("Ally", "keep-in-touch", "2026-11-22")]
    assert items[1]["reason"] == "last contact Nov 1 (22 days ago); ally tier: every 21d"


def test_calendar_months_clamp_at_month_end(make_vault, due_json):
    v = make_vault
    v.contact("Month", "cadence: 1m\nlast_contact: 2027-01-31")
    v.contact("Leap", "cadence: 1y\nlast_contact: 2028-02-29")
    items = due_json(v.root, "2027-02-27", "--kind", "keep-in-touch", "--within", "3y")
    assert kinds(items) == [("Month", "keep-in-touch", "2027-02-28"), ("Leap", "keep-in-touch", "2029-02-28")]


def test_review_checkpoints(make_vault, due_json):
    v = make_vault
    v.contact("Ola", "met: 2026-09-01", "## Log\n- 2026-10-01 review: day=30 responsive=yes value=yes — good")
    v.contact("Pia", "met: 2026-11-01")
    items = due_json(v.root, TODAY, "--kind", "review", "--within", "1y")
    # Ola: 30 done; 60 = 10-31 (23 days late); 90 = 11-30. Pia: 12-01, 12-31, 2027-01-30.
    assert kinds(items) == [
        ("Ola", "review", "2026-10-31"), ("Ola", "review", "2026-11-30"), ("Pia", "review", "2026-12-01"),
        ("Pia", "review", "2026-12-31"), ("Pia", "review", "2027-01-30"),
    ]


def test_review_checkpoints_more_than_30_days_past_are_dropped(make_vault, due_json):
    v = make_vault
    v.contact("Old", "met: 2026-07-01")  # 30: 07-31, 60: 08-30, 90: 09-29 (55 days late) → all dropped
    v.contact("Edge", "met: 2026-09-24")  # 30: 10-24 (30 late, kept), 60: 11-23 today
    items = due_json(v.root, TODAY, "--kind", "review", "--within", "1d")
    assert kinds(items) == [("Edge", "review", "2026-10-24"), ("Edge", "review", "2026-11-23")]


def test_birthdays_for_active_and_above(make_vault, due_json):
    v = make_vault
    v.contact("Quin", "tier: active\nbirthday: 1990-11-25")
    v.contact("Ray", "tier: casual\nbirthday: 11-25")
    v.contact("Sol", "tier: ally\nbirthday: --11-20")  # 3 days late: still listed
    v.contact("Tam", "tier: ally\nbirthday: 11-19")  # 4 days late: dropped until next year
    items = due_json(v.root, TODAY, "--kind", "birthday")
    assert kinds(items) == [("Sol", "birthday", "2026-11-20"), ("Quin", "birthday", "2026-11-25")]
    assert items[1]["reason"] == "birthday on Nov 25, turns 36"


def test_birthday_on_29_february_and_across_new_year(make_vault, due_json):
    v = make_vault
    v.contact("Leap", "tier: ally\nbirthday: 2000-02-29")
    v.contact("Eve", "tier: ally\nbirthday: 12-31")
    assert kinds(due_json(v.root, "2027-02-25", "--kind", "birthday")) == [("Leap", "birthday", "2027-02-28")]
    assert kinds(due_json(v.root, "2027-01-02", "--kind", "birthday")) == [("Eve", "birthday", "2026-12-31")]


def test_snooze_moves_items_to_the_snooze_date(make_vault, due_json):
    v = make_vault
    v.contact("Uma", "tier: ally\nlast_contact: 2026-10-01\nsnooze_until: 2026-11-28")
    v.contact("Vic", "tier: ally\nlast_contact: 2026-10-01\nsnooze_until: 2026-11-20")
    items = due_json(v.root, TODAY, "--kind", "keep-in-touch")
    assert kinds(items) == [("Vic", "keep-in-touch", "2026-10-22"), ("Uma", "keep-in-touch", "2026-11-28")]
    assert items[1]["reason"].endswith("(snoozed until Nov 28)")


def test_snooze_does_not_revive_dropped_items(make_vault, due_json):
    v = make_vault
    v.contact("Wes", "met: 2026-09-01\nsnooze_until: 2026-11-25")  # first follow-up long stale
    assert "first-follow-up" not in {i["kind"] for i in due_json(v.root, TODAY)}


def test_order_is_due_date_then_tier_then_name(make_vault, due_json):
    v = make_vault
    for name, tier in (("zed", "casual"), ("Amy", "casual"), ("Bea", "ally"), ("cal", "strategic")):
        v.contact(name, f"tier: {tier}", "- [ ] thing 📅 2026-11-22")
    v.contact("Early", "tier: casual", "- [ ] thing 📅 2026-11-21")
    items = due_json(v.root, TODAY)
    assert [i["contact"] for i in items] == ["Early", "Bea", "cal", "Amy", "zed"]


def test_future_entries_count(make_vault, due_json):
    v = make_vault
    v.contact("Yan", "tier: ally", "## Log\n- 2026-12-01 meeting: planned coffee")
    assert kinds(due_json(v.root, TODAY, "--kind", "keep-in-touch", "--within", "2m")) == [
        ("Yan", "keep-in-touch", "2026-12-22")]


def test_a_long_reason_is_not_cut_inside_a_tag(make_vault, due_json):
    v = make_vault
    v.contact("Tag Cut", "tier: ally", "## Log\n- 2026-11-20 sent: the deck about payments infrastructure and more #gave/insight today")
    reasons = [i["reason"] for i in due_json(v.root, "2026-11-23") if i["kind"] == "nudge"]
    assert reasons == ["sent on Nov 20 (the deck about payments infrastructure and more…), no reply yet"]

"""The three-way merge of one note (relnotes.notes.merge3), with git's own line merge for the rest."""

from __future__ import annotations

from datetime import date, timedelta

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnotes.notes.body import TASK_LINE, append_to_section, task_text
from relnotes.notes.frontmatter import remove_key, set_key, split_front_matter
from relnotes.notes.merge3 import conflict_hunks, describe_change, merge_note, merge_task_line
from relnotes.notes.parse import parse_note
from relnotes.vault.changes import ticked_line
from relnotes.vault.sync import git_line_merge

BASE = """\
---
name: Jane Doe
# how close
tier: active   # for now
tags: [fintech, atl]
---

Met at the mixer; hiring.

## Log
- 2026-11-20 met: at the mixer
- 2026-11-21 sent: follow-up email

## Promises
- [ ] Send the deck 📅 2026-11-25
"""


def merge(base: str, ours: str, theirs: str):
    return merge_note(base, ours, theirs, git_line_merge)


def log(text: str, line: str) -> str:
    return append_to_section(text, "Log", line)


def test_a_log_line_on_each_side_merges_in_date_order():
    ours = log(BASE, "- 2026-11-24 call: about the pilot")
    theirs = log(BASE, "- 2026-11-22 received: thanks")
    merged = merge(BASE, ours, theirs)
    assert merged.hunks == []
    assert merged.text == BASE.replace("- 2026-11-21 sent: follow-up email\n",
                                       "- 2026-11-21 sent: follow-up email\n- 2026-11-22 received: thanks\n"
                                       "- 2026-11-24 call: about the pilot\n")


def test_the_same_entry_on_both_sides_is_kept_once_and_a_deletion_stands():
    entry = "- 2026-11-24 call: about the pilot"
    ours = log(BASE, entry).replace("- 2026-11-20 met: at the mixer\n", "")
    theirs = log(BASE, entry)
    merged = merge(BASE, ours, theirs)
    assert merged.hunks == []
    assert merged.text == ours


def test_snooze_on_one_side_and_tier_on_the_other():
    ours = set_key(BASE, "snooze_until", "2026-12-05")
    theirs = set_key(BASE, "tier", "ally")
    merged = merge(BASE, ours, theirs)
    assert merged.hunks == []
    assert merged.text == BASE.replace("tier: active   # for now\ntags: [fintech, atl]\n",
                                       "tier: ally   # for now\ntags: [fintech, atl]\nsnooze_until: 2026-12-05\n")


def test_a_key_added_on_each_side_follows_ours_then_theirs():
    ours = set_key(BASE, "company", "Acme")
    theirs = set_key(BASE, "x_custom", "'kept'")
    merged = merge(BASE, ours, theirs)
    assert merged.text.split("---")[1] == ("\nname: Jane Doe\n# how close\ntier: active   # for now\n"
                                           "tags: [fintech, atl]\ncompany: Acme\nx_custom: 'kept'\n")


def test_a_key_deleted_on_one_side_and_untouched_on_the_other_is_deleted():
    ours = remove_key(BASE, "tags")
    merged = merge(BASE, ours, log(BASE, "- 2026-11-24 call: x"))
    assert "tags:" not in merged.text and merged.hunks == []


def test_the_same_key_set_differently_conflicts_on_that_key_alone():
    ours = log(set_key(BASE, "tier", "ally"), "- 2026-11-24 call: x")
    theirs = log(set_key(BASE, "tier", "casual"), "- 2026-11-23 sent: y")
    merged = merge(BASE, ours, theirs)
    assert merged.conflicts == ["front matter key 'tier' (lines 4-8)"]
    assert merged.text.split("\n")[2:9] == [
        "# how close", "<<<<<<< ours", "tier: ally   # for now", "=======", "tier: casual   # for now",
        ">>>>>>> theirs", "tags: [fintech, atl]"]
    assert "- 2026-11-23 sent: y\n- 2026-11-24 call: x\n" in merged.text
    hunk = conflict_hunks(merged.text)[0]
    assert (hunk.ours, hunk.theirs, hunk.what) == ("ours", "theirs", "front matter key 'tier'")


def test_two_promises_and_a_tick_against_a_new_due_date():
    ours = append_to_section(BASE, "Promises", "- [ ] Intro to their CTO 📅 2026-12-01")
    ours = ours.replace("📅 2026-11-25", "📅 2026-11-28")
    theirs = append_to_section(BASE, "Promises", "- [ ] Book the venue 📅 2026-12-03")
    theirs = theirs.replace("- [ ] Send the deck 📅 2026-11-25",
                            ticked_line("- [ ] Send the deck 📅 2026-11-25", date(2026, 11, 24)))
    merged = merge(BASE, ours, theirs)
    assert merged.hunks == []
    assert merged.text.endswith("## Promises\n- [x] Send the deck 📅 2026-11-28 ✅ 2026-11-24\n"
                                "- [ ] Intro to their CTO 📅 2026-12-01\n- [ ] Book the venue 📅 2026-12-03\n")


def test_a_tick_meets_its_task_when_the_other_side_adds_tasks_before_it():
    """Runs of tasks are paired by the tasks they hold, not by their place: new tasks and a
    paragraph added above the ticked one on the other side leave one task, ticked."""
    base = "---\nname: J\n---\n## Promises\n\n- [ ] send deck 📅 2026-03-05\n"
    ours = base.replace("\n\n- [ ] send deck", "\n\n- [ ] new first task 📅 2026-03-07\n\nA paragraph.\n\n- [ ] send deck")
    theirs = base.replace("- [ ] send deck 📅 2026-03-05", "- [x] send deck 📅 2026-03-05 ✅ 2026-03-01")
    for a, b in ((ours, theirs), (theirs, ours)):
        merged = merge(base, a, b)
        assert merged.hunks == []
        assert merged.text == ("---\nname: J\n---\n## Promises\n\n- [ ] new first task 📅 2026-03-07\n\n"
                               "A paragraph.\n\n- [x] send deck 📅 2026-03-05 ✅ 2026-03-01\n")


def test_prose_edited_in_different_paragraphs_goes_through_the_line_merge():
    base = BASE.replace("Met at the mixer; hiring.\n", "First paragraph.\n\nSecond.\n\nThird.\n")
    ours = base.replace("First paragraph.", "First paragraph, edited.")
    theirs = base.replace("Third.", "Third, edited.")
    merged = merge(base, ours, theirs)
    assert merged.hunks == []
    assert "First paragraph, edited.\n\nSecond.\n\nThird, edited.\n" in merged.text


def test_prose_changed_on_both_sides_conflicts_in_the_body_only():
    ours = BASE.replace("hiring.", "hiring engineers.")
    theirs = set_key(BASE.replace("hiring.", "hiring designers."), "tier", "ally")
    merged = merge(BASE, ours, theirs)
    assert merged.conflicts == ["body (lines 8-12)"]
    assert "tier: ally   # for now" in merged.text


def test_notes_without_front_matter_or_log_get_both_sections():
    base = "# Bob\n"
    ours = log(set_key(base, "tier", "ally"), "- 2026-11-24 call: a")
    theirs = log(base, "- 2026-11-23 sent: b")
    merged = merge(base, ours, theirs)
    assert merged.hunks == []
    assert merged.text == "---\ntier: ally\n---\n# Bob\n\n## Log\n\n- 2026-11-23 sent: b\n- 2026-11-24 call: a\n"


def test_unstructured_front_matter_falls_back_to_the_line_merge():
    base = "---\n{name: Jane, tier: active}\n---\nbody\n"
    ours = base.replace("body", "body, ours")
    merged = merge(base, ours, base.replace("active", "ally"))
    assert merged.text == "---\n{name: Jane, tier: ally}\n---\nbody, ours\n"


def test_merge_task_line():
    open_ = "- [ ] Send it 📅 2026-11-25"
    assert merge_task_line(open_, "- [x] Send it 📅 2026-11-25 ✅ 2026-11-24", "- [ ] Send it 📅 2026-11-30") == \
        "- [x] Send it 📅 2026-11-30 ✅ 2026-11-24"
    assert merge_task_line(open_, "- [ ] Send it 📅 2026-11-29", "- [ ] Send it 📅 2026-11-30") is None
    assert merge_task_line(None, "- [ ] Send it", "- [x] Send it ✅ 2026-11-24") == "- [x] Send it ✅ 2026-11-24"


def test_describe_change():
    assert describe_change(None, BASE) == ["new"]
    assert describe_change(BASE, None) == ["deleted"]
    changed = set_key(log(BASE, "- 2026-11-24 call: x"), "tier", "ally")
    assert describe_change(BASE, changed) == ["tier", "log +1"]
    assert describe_change(BASE, BASE.replace("hiring", "hiring!")) == ["text"]
    assert describe_change(BASE, BASE.replace("- [ ] Send the deck 📅 2026-11-25",
                                              "- [x] Send the deck 📅 2026-11-25 ✅ 2026-11-24")) == ["ticked 1"]


def test_a_note_both_sides_created_merges_from_an_empty_base():
    ours = "---\nname: Carol\ntier: ally\n---\n\n## Log\n- 2026-11-24 met: at the summit\n"
    theirs = "---\nname: Carol\ncompany: Acme\n---\n\n## Log\n- 2026-11-23 sent: hello\n"
    merged = merge("", ours, theirs)
    assert merged.hunks == []
    assert merged.text == ("---\nname: Carol\ntier: ally\ncompany: Acme\n---\n\n## Log\n"
                           "- 2026-11-23 sent: hello\n- 2026-11-24 met: at the summit\n")


# --- never loses what either side added ---------------------------------------------------------

KEYS = ["tier", "snooze_until", "follow_up", "company", "x_custom"]
VALUES = ["ally", "casual", "2026-12-01", "Acme", "'quoted value'"]
KINDS = ["sent", "received", "call", "note"]

edit = st.one_of(
    st.tuples(st.just("log"), st.integers(0, 20), st.sampled_from(KINDS), st.integers(0, 3)),
    st.tuples(st.just("unlog"), st.integers(0, 5)),
    st.tuples(st.just("unkey"), st.sampled_from(KEYS)),
    st.tuples(st.just("key"), st.sampled_from(KEYS), st.sampled_from(VALUES)),
    st.tuples(st.just("promise"), st.integers(0, 5)),
    st.tuples(st.just("tick"), st.integers(0, 5)),
)


def apply_edit(text: str, e: tuple, side: str) -> str:
    if e[0] == "log":
        when = date(2026, 11, 10) + timedelta(days=e[1])
        return log(text, f"- {when} {e[2]}: {side} note {e[3]}")
    if e[0] == "key":
        return set_key(text, e[1], e[2])
    if e[0] == "unkey":
        return remove_key(text, e[1])
    if e[0] == "unlog":
        lines = text.split("\n")
        entries = [i for i, line in enumerate(lines) if line.startswith("- 20")]
        if entries:
            del lines[entries[e[1] % len(entries)]]
        return "\n".join(lines)
    if e[0] == "promise":
        if f"Promise {e[1]} " in text:
            return text  # one task per text, so that "ticked" names one line
        return append_to_section(text, "Promises", f"- [ ] Promise {e[1]} 📅 2026-12-0{e[1] + 1}")
    lines = text.split("\n")
    tasks = [i for i, line in enumerate(lines) if line.startswith("- [ ]")]
    if tasks:
        i = tasks[e[1] % len(tasks)]
        lines[i] = ticked_line(lines[i], date(2026, 11, 24))
    return "\n".join(lines)


def keys_of(text: str) -> set[str]:
    yaml_text, _, _ = split_front_matter(text)
    return {line.split(":")[0] for line in (yaml_text or "").split("\n") if line[:1].isalpha()}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit, max_size=5), st.lists(edit, max_size=5), st.lists(edit, max_size=3),
       st.lists(edit, max_size=2))
def test_every_entry_key_and_task_either_side_added_is_in_the_result(ours_edits, theirs_edits, base_edits, both):
    base = BASE
    for e in base_edits:
        base = apply_edit(base, e, "base")
    ours, theirs = base, base
    for e in both:  # the same edit made on both sides
        ours, theirs = apply_edit(ours, e, "both"), apply_edit(theirs, e, "both")
    for e in ours_edits:
        ours = apply_edit(ours, e, "ours")
    for e in theirs_edits:
        theirs = apply_edit(theirs, e, "theirs")
    merged = merge(base, ours, theirs)
    result = merged.text.split("\n")
    b, o, t = (text.split("\n") for text in (base, ours, theirs))
    for line in set(o + t):
        if line.startswith("- 20") and not merged.hunks:
            if line in o and line in t and b.count(line) == 0 and o.count(line) == t.count(line) == 1:
                assert result.count(line) == 1, line  # added on both: kept once
            for gone, kept in ((o, t), (t, o)):
                if b.count(line) == 1 and gone.count(line) == 0 and kept.count(line) == 1:
                    assert line not in result, line  # deleted on one side, untouched on the other
    for side in (ours, theirs):
        for line in side.split("\n"):
            if line.startswith("- 20") and line not in base.split("\n"):
                assert line in result, line
        assert keys_of(side) - keys_of(base) <= keys_of(merged.text)
        for line in side.split("\n"):
            m = TASK_LINE.match(line)
            if m:
                same = [r for r in result if (t := TASK_LINE.match(r)) and task_text(t[2]) == task_text(m[2])]
                assert same, line
                if m[1] == "x" and not merged.hunks:
                    assert all(TASK_LINE.match(r)[1] == "x" for r in same)
    if not merged.hunks:
        note = parse_note("contacts/Jane Doe.md", merged.text.encode(), "contact")
        assert not note.skipped, merged.text
        assert isinstance(yaml.safe_load(split_front_matter(merged.text)[0]), dict)
    else:
        assert all(h.what.startswith("front matter key") for h in merged.hunks), merged.text


def test_a_comment_closing_the_front_matter_is_not_copied_when_both_sides_add_a_key():
    base = BASE.replace("tags: [fintech, atl]\n", "tags: [fintech, atl]\n# end of keys\n")
    merged = merge(base, set_key(base, "company", "Acme"), set_key(base, "snooze_until", "2026-12-05"))
    assert merged.text.split("---")[1] == ("\nname: Jane Doe\n# how close\ntier: active   # for now\n"
                                           "tags: [fintech, atl]\n# end of keys\ncompany: Acme\n"
                                           "snooze_until: 2026-12-05\n")


def test_every_entry_deleted_on_one_side_and_one_added_on_the_other():
    theirs = BASE.replace("- 2026-11-20 met: at the mixer\n- 2026-11-21 sent: follow-up email\n", "")
    merged = merge(BASE, log(BASE, "- 2026-11-24 call: x"), theirs)
    assert merged.hunks == []
    assert "## Log\n- 2026-11-24 call: x\n\n## Promises" in merged.text


# --- any text: never an exception, and a clean merge keeps every line one side added ---------

POOL = ["---", "name: Jane", "tier: ally", "tier: casual", "# c", "", "  - item", "tags:", "## Log", "## Promises",
        "# Jane", "- 2026-11-20 met: x", "- 2026-11-21 sent: y", "  detail", "- [ ] task a 📅 2026-11-25",
        "- [x] task a 📅 2026-11-25 ✅ 2026-11-24", "- [ ] task b", "```", "<!--", "-->", "prose", "more prose",
        "### Sub", "%%", "- plain bullet", "1. numbered"]
line_edits = st.lists(st.tuples(st.booleans(), st.integers(0, 30), st.sampled_from(POOL)), max_size=6)


def mutate(base: list[str], edits: list[tuple[bool, int, str]]) -> list[str]:
    out = list(base)
    for insert, pos, line in edits:
        at = pos % (len(out) + 1)
        if insert:
            out.insert(at, line)
        elif at < len(out):
            del out[at]
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(POOL), max_size=20), line_edits, line_edits)
def test_any_text_merges_without_losing_a_line_one_side_added(base, ours_edits, theirs_edits):
    ours, theirs = mutate(base, ours_edits), mutate(base, theirs_edits)
    merged = merge(*("\n".join(lines) + "\n" for lines in (base, ours, theirs)))
    result = merged.text.split("\n")
    if merged.hunks:
        return
    for side, other in ((ours, theirs), (theirs, ours)):
        for line in set(side):  # task lines are left out: the same task on both sides is one line
            if line.strip() and "[" not in line and side.count(line) > base.count(line) >= other.count(line):
                assert line in result, line

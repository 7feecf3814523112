"""Editing commands change exactly the lines they mean to, and nothing else."""

from __future__ import annotations

import difflib
import json
import re
import subprocess
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import invoke, kinds
from relnotes.config import load_config
from relnotes.errors import ConflictError
from relnotes.vault import changes as edits
from relnotes.vault.load import load_index

TODAY = "2026-11-23"

MESSY = (
    "\ufeff---\r\n"
    "# people I met at the summit\r\n"
    "name: 'Jane Doe'   # as on her card\r\n"
    'company: "Acme, Inc."\r\n'
    "tags:\r\n"
    "  - fintech\r\n"
    "  - atl\r\n"
    "tier: active\r\n"
    "custom_key: {a: 1, b: [x, y]}\r\n"
    "---\r\n"
    "Notes with trailing spaces   \r\n"
    "\twith a tab\r\n"
    "\r\n"
    "## Log\r\n"
    "- 2026-11-01 met: at the summit\r\n"
    "\r\n"
    "## Other\r\n"
    "Keep me."
)


def _bytes_diff(before: bytes, after: bytes) -> list[str]:
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    return [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]


@pytest.fixture
def messy(make_vault):
    path = make_vault.write("contacts/Jane Doe.md", MESSY.encode("utf-8"))
    return make_vault.root, path


def test_log_adds_exactly_one_line(runner, messy):
    root, path = messy
    before = path.read_bytes()
    result = invoke(runner, "log", "Jane", "sent", "the deck", "--date", "2026-11-20", vault=root)
    assert result.stdout == "contacts/Jane Doe.md: log: Jane Doe — sent the deck\n"
    assert _bytes_diff(before, path.read_bytes()) == ["+ - 2026-11-20 sent: the deck\r\n"]


def test_snooze_tier_change_one_line_each(runner, messy):
    root, path = messy
    before = path.read_bytes()
    invoke(runner, "snooze", "Jane Doe", "2w", vault=root, today=TODAY)
    assert _bytes_diff(before, path.read_bytes()) == ["+ snooze_until: 2026-12-07\r\n"]
    before = path.read_bytes()
    invoke(runner, "tier", "Jane Doe", "ally", vault=root)
    assert _bytes_diff(before, path.read_bytes()) == ["- tier: active\r\n", "+ tier: ally\r\n"]
    before = path.read_bytes()
    invoke(runner, "snooze", "Jane Doe", "2026-12-24", vault=root, today=TODAY)
    assert _bytes_diff(before, path.read_bytes()) == ["- snooze_until: 2026-12-07\r\n", "+ snooze_until: 2026-12-24\r\n"]
    assert path.read_bytes().startswith(b"\xef\xbb\xbf---\r\n# people I met")
    assert path.read_bytes().endswith(b"## Other\r\nKeep me.")


def test_log_creates_the_log_section_when_there_is_none(runner, make_vault):
    path = make_vault.write("contacts/Bo.md", "---\nname: Bo\n---\nLikes jazz.\n")
    invoke(runner, "log", "Bo", "call", "about the role", "--got", "referral", vault=make_vault.root, today=TODAY)
    assert path.read_text() == "---\nname: Bo\n---\nLikes jazz.\n\n## Log\n\n- 2026-11-23 call: about the role #got/referral\n"


def test_promise_and_done(runner, make_vault):
    v = make_vault
    path = v.contact("Bo", "follow_up: 2026-11-20\nfollow_up_note: ask about the pilot")
    invoke(runner, "promise", "Bo", "Intro", "to", "their", "CTO", "--due", "2026-11-30", "--waiting", vault=v.root)
    assert path.read_text().endswith("## Promises\n\n- [ ] Intro to their CTO #waiting 📅 2026-11-30\n")
    result = invoke(runner, "done", "Bo", vault=v.root, today=TODAY)  # the follow-up is the most urgent item
    assert result.stdout == "contacts/Bo.md: done: Bo — follow-up\n"
    assert "follow_up" not in path.read_text()
    result = invoke(runner, "done", "Bo", "nothing like this", vault=v.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: no open task of Bo matches 'nothing like this'; open tasks: "
                             "Intro to their CTO (contacts/Bo.md:8)\n")


@pytest.mark.parametrize(("status", "order"), [
    ("archived", ["send the deck", "call back", "follow-up"]),  # promises are listed whatever the status
    ("paused", ["send the deck", "call back", "follow-up"]),
    ("active\nsnooze_until: 2026-12-31", ["send the deck", "follow-up", "call back"]),  # nothing listed: by date
])
def test_done_works_on_what_the_list_does_not_show(runner, make_vault, status, order):
    """`done` takes what `due` lists first, most urgent first, then what it does not list (a
    paused or archived contact's follow_up, a snoozed contact's items), by date: the note's
    follow_up and promises are there to tick all the same."""
    v = make_vault
    path = v.contact("Cal", f"status: {status}\nfollow_up: 2026-11-20 # ping\nfollow_up_note: the deck",
                     "## Promises\n- [ ] send the deck 📅 2026-11-10\n- [ ] call back 📅 2026-11-25\n")
    before = path.read_text()
    done = [invoke(runner, "done", "Cal", vault=v.root, today=TODAY) for _ in order]
    assert [r.stdout for r in done] == [f"contacts/Cal.md: done: Cal — {what}\n" for what in order]
    expected = before.replace("follow_up: 2026-11-20 # ping\nfollow_up_note: the deck\n", "")
    for task in ("send the deck 📅 2026-11-10", "call back 📅 2026-11-25"):
        expected = expected.replace(f"- [ ] {task}", f"- [x] {task} ✅ {TODAY}")
    assert path.read_text() == expected
    result = invoke(runner, "done", "Cal", vault=v.root, today=TODAY)
    assert result.exit_code == 2 and "nothing of Cal's to tick off" in result.stderr


def test_done_ticks_a_debrief_task_in_the_event_file(runner, make_vault):
    v = make_vault
    v.contact("Lu")
    event = v.event("Demo Night", "date: 2026-11-01", "- [ ] Send [[Lu]] the slides 📅 2026-11-22\n")
    invoke(runner, "done", "Lu", "slides", vault=v.root, today=TODAY)
    assert "- [x] Send [[Lu]] the slides 📅 2026-11-22 ✅ 2026-11-23\n" in event.read_text()


def test_ambiguous_contact_changes_nothing(runner, make_vault):
    v = make_vault
    a = v.contact("Jane Doe")
    b = v.contact("Jane Smith")
    before = (a.read_bytes(), b.read_bytes())
    result = invoke(runner, "log", "Jane", "sent", "hello", vault=v.root)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: 'Jane' matches several contacts: Jane Doe (contacts/Jane Doe.md); "
                             "Jane Smith (contacts/Jane Smith.md). Use the file name to pick one\n")
    assert (a.read_bytes(), b.read_bytes()) == before


def test_a_note_changed_since_it_was_read_is_not_written(make_vault):
    v = make_vault
    path = v.contact("Bo")
    config = load_config(v.root)
    contact = load_index(config).contacts[0]
    change = edits.log(config, contact, "sent", "hello", date(2026, 11, 23))
    path.write_text(path.read_text() + "Typed in Obsidian meanwhile.\n")
    with pytest.raises(ConflictError):
        edits.apply(change)
    assert path.read_text().endswith("Typed in Obsidian meanwhile.\n")
    assert "hello" not in path.read_text()


def test_autocommit_with_real_git(runner, make_vault):
    v = make_vault
    v.write("relnotes.toml", "[vault]\nautocommit = true\n")
    v.contact("Jane Doe")
    v.write("unrelated.md", "staged but not ours\n")
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "T"],
                 ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=v.root, check=True)
    (v.root / "unrelated.md").write_text("changed, staged\n")
    subprocess.run(["git", "add", "unrelated.md"], cwd=v.root, check=True)
    result = invoke(runner, "log", "Jane Doe", "sent", "follow-up", vault=v.root, today=TODAY)
    assert result.exit_code == 0
    log = subprocess.run(["git", "log", "-1", "--format=%s", "--name-only"], cwd=v.root, capture_output=True,
                         text=True, check=True).stdout
    assert log == "log: Jane Doe — sent follow-up\n\ncontacts/Jane Doe.md\n"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=v.root, capture_output=True, text=True).stdout
    assert status == "M  unrelated.md\n"  # still staged, not swept into our commit


def test_commit_flag_outside_a_repository_is_an_error(runner, make_vault):
    v = make_vault
    v.contact("Bo")
    result = invoke(runner, "log", "Bo", "sent", "x", "--commit", vault=v.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.endswith("is not a git repository, so the edit was not committed\n")
    assert "- 2026-11-23 sent: x" in (v.root / "contacts/Bo.md").read_text()  # the edit itself happened


FRONT_VALUES = st.sampled_from(["x", "'quoted: yes'", '"dq #1"', "[a, b]", "2026-01-02", "~", "Zoë 😀", "  spaced  "])
BODY_LINES = st.sampled_from(["text", "", "## Log", "- 2026-01-01 met: hi", "## Notes", "```", "---", "\tTab",
                              "- [ ] task 📅 2026-01-05", "trailing   "])


@st.composite
def notes(draw):
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    keys = draw(st.lists(st.sampled_from(["company", "role", "custom", "tier_note", "x-y"]), unique=True))
    front = ["---", "name: Bo"] + [f"{k}: {draw(FRONT_VALUES)}" for k in keys]
    if draw(st.booleans()):
        front.insert(1, "# a comment")
    front.append("---")
    body = draw(st.lists(BODY_LINES, max_size=12))
    text = newline.join(front + body)
    if draw(st.booleans()):
        text += newline
    return ("\ufeff" if draw(st.booleans()) else "") + text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=notes(), kind=st.sampled_from(["sent", "call", "note"]), words=st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(str.strip))
def test_log_on_generated_notes_adds_one_line_only(runner, make_vault, text, kind, words):
    path = make_vault.root / "contacts" / "Bo.md"
    path.write_bytes(text.encode("utf-8"))
    before = path.read_bytes()
    result = invoke(runner, "log", "--date", "2026-11-20", "--", "Bo", kind, words, vault=make_vault.root)
    if result.exit_code == 2 and "is never closed" in result.stderr:  # refused: no safe place to add a line
        assert path.read_bytes() == before
        return
    assert result.exit_code == 0, result.output
    after = path.read_bytes()
    expected = f"- 2026-11-20 {kind}: {' '.join(words.split())}"
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    strip = [line.rstrip("\r\n") for line in old], [line.rstrip("\r\n") for line in new]
    matcher = difflib.SequenceMatcher(None, *strip, autojunk=False)
    added: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        assert op in ("equal", "insert"), (op, strip[0][i1:i2], strip[1][j1:j2])  # nothing removed or changed
        if op == "insert":
            added += strip[1][j1:j2]
        else:  # untouched lines keep their bytes, line endings included (the last may gain one)
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                assert old[i] == new[j] or (i == len(old) - 1 and new[j].startswith(old[i]))
    assert added.count(expected) == 1
    assert set(added) <= {expected, "", "## Log"}


def test_editing_refreshes_the_agenda_when_configured(runner, make_vault):
    v = make_vault
    v.contact("Bo", "met: 2026-11-20")
    agenda = v.root / "AGENDA.md"
    invoke(runner, "log", "Bo", "note", "quiet", vault=v.root, today=TODAY)
    assert not agenda.exists()  # off by default
    v.write("relnotes.toml", "[vault]\nrefresh_agenda = true\n")
    result = invoke(runner, "log", "Bo", "note", "still quiet", vault=v.root, today=TODAY)
    assert result.stderr == f"agenda: {agenda}\n"
    assert "[[Bo]] — first-follow-up, 2 days late" in agenda.read_text()
    result = invoke(runner, "log", "Bo", "sent", "hello", vault=v.root, today=TODAY)
    assert "first-follow-up" not in agenda.read_text()
    assert "- [[Bo]] — nudge, in 7 days: sent on Nov 23 (hello), no reply yet\n" in agenda.read_text()


@st.composite
def notes_with_keys(draw):
    """Notes whose front matter may already hold tier / snooze_until, in odd styles."""
    text = draw(notes())
    extra = draw(st.lists(st.sampled_from([
        "tier: casual", "tier: 'active'  # was casual", 'snooze_until: "2026-01-01"', "snooze_until: 2026-02-03",
    ]), max_size=2, unique_by=lambda line: line.split(":")[0]))
    newline = "\r\n" if "\r\n" in text else "\n"
    head, sep, rest = text.partition(f"name: Bo{newline}")
    return head + sep + "".join(line + newline for line in extra) + rest


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=notes_with_keys(), command=st.sampled_from([
    (("snooze", "Bo", "2026-12-24"), "snooze_until", "snooze_until: 2026-12-24"),
    (("tier", "Bo", "ally"), "tier", "tier: ally"),
]))
def test_key_edits_on_generated_notes_change_one_line(runner, make_vault, text, command):
    args, key, expected = command
    quote = re.search(rf"^{key}: (['\"])", text, re.M)
    if quote:  # a quoted value stays quoted, in the same style
        head, _, value = expected.partition(": ")
        expected = f"{head}: {quote[1]}{value}{quote[1]}"
    path = make_vault.root / "contacts" / "Bo.md"
    path.write_bytes(text.encode("utf-8"))
    before = path.read_bytes()
    result = invoke(runner, *args, vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    old = before.decode("utf-8").splitlines(keepends=True)
    new = path.read_bytes().decode("utf-8").splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    removed, added = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed += old[i1:i2] if op in ("delete", "replace") else []
        added += new[j1:j2] if op in ("insert", "replace") else []
    assert [a.rstrip("\r\n") for a in added] == [expected] or \
        [a.rstrip("\r\n").split("  #")[0].rstrip() for a in added] == [expected]
    assert all(r.startswith(f"{key}:") for r in removed)
    assert len(removed) <= 1
    newline = "\r\n" if old[0].endswith("\r\n") else "\n"
    assert added[0].endswith(newline)


# --- done: odd statuses, events ----------------------------------------------------------


def test_done_ticks_a_task_with_an_odd_status_once(runner, make_vault):
    v = make_vault
    path = v.contact("Bo", body="- [?] odd status 📅 2026-11-20\n- [ ] other 📅 2026-12-20")
    before = path.read_bytes()
    result = invoke(runner, "done", "Bo", "odd", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (0, "contacts/Bo.md: done: Bo — odd status\n")
    assert _bytes_diff(before, path.read_bytes()) == [
        "- - [?] odd status 📅 2026-11-20\n", "+ - [x] odd status 📅 2026-11-20 ✅ 2026-11-23\n"]
    before = path.read_bytes()
    again = invoke(runner, "done", "Bo", "odd", vault=v.root, today=TODAY)
    assert again.exit_code == 2
    assert again.stderr == "relnotes: no open task of Bo matches 'odd'; open tasks: other (contacts/Bo.md:6)\n"
    assert path.read_bytes() == before


def test_done_keeps_one_done_date(runner, make_vault):
    v = make_vault
    path = v.contact("Bo", body="- [/] half way ✅ 2026-01-01 📅 2026-11-20")
    before = path.read_bytes()
    assert invoke(runner, "done", "Bo", "half", vault=v.root, today=TODAY).exit_code == 0
    assert _bytes_diff(before, path.read_bytes()) == [
        "- - [/] half way ✅ 2026-01-01 📅 2026-11-20\n", "+ - [x] half way ✅ 2026-11-23 📅 2026-11-20\n"]


def test_done_finds_an_event_by_title_for_its_own_task(runner, make_vault, due_json):
    v = make_vault
    v.contact("Jane Doe")
    event = v.event("2026-11-20 Atlanta Tech Mixer", "date: 2026-11-20", """
        - [ ] Book the room 📅 2026-11-22
        - [ ] Send [[Jane Doe]] the slides 📅 2026-11-25
    """)
    assert ("Atlanta Tech Mixer", "commitment", "2026-11-22") not in kinds(due_json(v.root, TODAY))
    before = event.read_bytes()
    result = invoke(runner, "done", "Atlanta Tech Mixer", "room", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (
        0, "events/2026-11-20 Atlanta Tech Mixer.md: done: 2026-11-20 Atlanta Tech Mixer — Book the room\n")
    assert _bytes_diff(before, event.read_bytes()) == [
        "- - [ ] Book the room 📅 2026-11-22\n", "+ - [x] Book the room 📅 2026-11-22 ✅ 2026-11-23\n"]
    assert [k for k in kinds(due_json(v.root, TODAY)) if k[1] == "commitment"] == [
        ("Jane Doe", "commitment", "2026-11-25")]
    v.contact("Atlanta Tech Mixer", body="- [ ] Book the bus 📅 2026-11-22")  # a contact named so wins
    result = invoke(runner, "done", "Atlanta Tech Mixer", "book", vault=v.root, today=TODAY)
    assert result.stdout == "contacts/Atlanta Tech Mixer.md: done: Atlanta Tech Mixer — Book the bus\n"


def test_done_on_an_event_without_task_ticks_its_most_urgent_own_task(runner, make_vault):
    v = make_vault
    event = v.event("Mixer", "date: 2026-11-20", """
        - [ ] Write the recap 📅 2026-11-30
        - [ ] Book the room 📅 2026-11-22
    """)
    result = invoke(runner, "done", "mixer", vault=v.root, today=TODAY)
    assert result.stdout == "events/Mixer.md: done: Mixer — Book the room\n"
    assert "- [ ] Write the recap 📅 2026-11-30\n- [x] Book the room 📅 2026-11-22 ✅ 2026-11-23\n" in event.read_text()


# --- front matter quoting ----------------------------------------------------------------


def test_tier_and_snooze_keep_quotes_and_comments(runner, make_vault):
    v = make_vault
    path = v.contact("Bo", "tier: \"active\"\nsnooze_until: \"2026-11-01\"   # old\nrole: 'CTO'")
    before = path.read_bytes()
    assert invoke(runner, "tier", "Bo", "strategic", vault=v.root, today=TODAY).exit_code == 0
    assert invoke(runner, "snooze", "Bo", "2026-12-01", vault=v.root, today=TODAY).exit_code == 0
    assert path.read_bytes() == before.replace(b'tier: "active"', b'tier: "strategic"').replace(
        b'"2026-11-01"   # old', b'"2026-12-01"   # old')
    assert path.read_bytes() != before
    show = invoke(runner, "show", "Bo", "--json", vault=v.root, today=TODAY)
    assert json.loads(show.stdout)["tier"] == "strategic"
    assert invoke(runner, "check", vault=v.root).exit_code == 0


# --- snooze into the past ----------------------------------------------------------------


def test_snooze_to_a_past_date_warns(runner, make_vault):
    v = make_vault
    path = v.contact("Bo")
    result = invoke(runner, "snooze", "Bo", "2026-11-01", vault=v.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stderr == "warning: 2026-11-01 is in the past (today is 2026-11-23), so the snooze hides nothing\n"
    assert "snooze_until: 2026-11-01\n" in path.read_text()
    result = invoke(runner, "snooze", "Bo", "2w", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "")


# --- log --gave / --got ------------------------------------------------------------------


def test_log_gave_before_text_is_not_eaten(runner, make_vault):
    v = make_vault
    path = v.contact("Jane Doe", body="## Log\n- 2026-11-20 met: hi")
    result = invoke(runner, "log", "Jane Doe", "sent", "--gave", "the podcast link", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (0, "contacts/Jane Doe.md: log: Jane Doe — sent the podcast link\n")
    assert path.read_text().endswith("- 2026-11-20 met: hi\n- 2026-11-23 sent: the podcast link #gave\n")
    result = invoke(runner, "log", "Jane Doe", "sent", "--gave", "insight", "the deck", "--got=", vault=v.root,
                    today=TODAY)
    assert result.exit_code == 0
    assert path.read_text().endswith("- 2026-11-23 sent: the deck #gave/insight #got\n")


def test_log_gave_type_without_text_says_what_happened(runner, make_vault):
    v = make_vault
    path = v.contact("Jane Doe")
    before = path.read_bytes()
    result = invoke(runner, "log", "Jane Doe", "sent", "--gave", "insight", vault=v.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Missing argument 'TEXT...': what happened (--gave took 'insight' as its TYPE; "
        "write --gave= for a bare #gave).")
    result = invoke(runner, "log", "Jane Doe", "sent", "x", "--got", "two words", vault=v.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: --got took 'two words' as its TYPE, which must be one word (intro, insight…); "
        "for a bare #got, write --got= or put --got last")
    assert path.read_bytes() == before


# --- a failed commit ---------------------------------------------------------------------


def _repo(root, *config):
    for args in (["init", "-q"], *config, ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _git_out(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_failed_commit_says_the_note_changed_and_leaves_nothing_staged(runner, make_vault):
    v = make_vault
    path = v.contact("Jane Doe")
    _repo(v.root, ["config", "user.email", "t@example.com"], ["config", "user.name", "T"])
    hook = v.root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = invoke(runner, "log", "Jane Doe", "sent", "hello", "--commit", vault=v.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stdout == "contacts/Jane Doe.md: log: Jane Doe — sent hello\n"
    assert result.stderr == ("relnotes: git commit failed (hook says no): contacts/Jane Doe.md is saved but not "
                             "committed, and nothing was staged; fix git, then commit it yourself\n")
    assert "- 2026-11-23 sent: hello" in path.read_text()
    assert _git_out(v.root, "status", "--porcelain") == ' M "contacts/Jane Doe.md"\n'
    assert _git_out(v.root, "log", "--format=%s") == "start\n"


def test_failed_commit_keeps_what_was_staged_before(runner, make_vault):
    v = make_vault
    path = v.contact("Jane Doe")
    _repo(v.root, ["config", "user.useConfigOnly", "true"], ["config", "user.email", "t@example.com"],
          ["config", "user.name", "T"])
    subprocess.run(["git", "config", "--unset", "user.email"], cwd=v.root, check=True)
    path.write_text(path.read_text() + "Staged by hand.\n")
    subprocess.run(["git", "add", "contacts/Jane Doe.md"], cwd=v.root, check=True)
    staged = _git_out(v.root, "diff", "--cached")
    result = invoke(runner, "add", "Ed Two", "--commit", vault=v.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("relnotes: git commit failed (")
    assert result.stderr.endswith("): contacts/Ed Two.md is saved but not committed, and nothing was staged; "
                                  "fix git, then commit it yourself\n")
    assert (v.root / "contacts/Ed Two.md").exists()
    assert _git_out(v.root, "diff", "--cached") == staged
    assert _git_out(v.root, "status", "--porcelain") == 'M  "contacts/Jane Doe.md"\n?? "contacts/Ed Two.md"\n'

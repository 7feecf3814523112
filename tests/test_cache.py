"""The index cache (.relnotes/cache.sqlite) never changes an answer: with it, `due` always
equals a run that reads every note afresh (RELNOTES_NO_CACHE=1).

Notes are given mtimes well in the past ("aged") so the cache really answers from what it
stored: a file changed in the last two seconds is always re-read (see test_racy_*).
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_TODAY, invoke, plant_reason
from relnotes.config import load_config
from relnotes.core.dates import birthday_in, humane
from relnotes.core.rules import candidates, due_items, items_at, years_for
from relnotes.vault.cache import cache_path
from relnotes.vault.cachefile import SCHEMA
from relnotes.vault.load import load_index

BASE_NS = 1_600_000_000 * 10**9  # September 2020


def age(root: Path, start: int = 0) -> None:
    """Give every note an mtime years ago, each a different one."""
    for number, path in enumerate(sorted(root.rglob("*.md")), start):
        ns = BASE_NS + number * 10**9
        os.utime(path, ns=(ns, ns))


def set_mtime(path: Path, ns: int) -> None:
    os.utime(path, ns=(ns, ns))


def run_due(runner, root: Path, today: str = SAMPLE_TODAY, *args: str, cache: bool = True):
    env = {} if cache else {"RELNOTES_NO_CACHE": "1"}
    argv = ["--vault", str(root), "--today", today, "due", *args]
    from relnotes.cli.group import cli

    return runner.invoke(cli, argv, env=env, catch_exceptions=False)


def same_as_fresh(runner, root: Path, today: str = SAMPLE_TODAY, *args: str) -> list[dict]:
    """`due --json` with the cache, checked against a run without it; returns the items."""
    cached = run_due(runner, root, today, "--json", *args)
    fresh = run_due(runner, root, today, "--json", *args, cache=False)
    assert cached.exit_code == fresh.exit_code == 0, cached.output + fresh.output
    assert cached.stdout == fresh.stdout
    return json.loads(cached.stdout)


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "cache" in line]


@pytest.fixture
def aged(vault: Path) -> Path:
    age(vault)
    return vault


def test_a_warm_run_answers_like_a_fresh_one(runner, aged):
    first = run_due(runner, aged)
    assert cache_path(aged).is_file()
    second = run_due(runner, aged)
    fresh = run_due(runner, aged, cache=False)
    assert first.stdout == second.stdout == fresh.stdout
    assert first.stderr == second.stderr == fresh.stderr  # the same warnings, from the stored problems
    assert "Overdue" in second.stdout
    for args in (("--kind", "review"), ("--tier", "ally"), ("--tag", "fintech"), ("--within", "30d")):
        assert same_as_fresh(runner, aged, SAMPLE_TODAY, *args) is not None


def test_the_warm_run_reads_no_note(runner, aged):
    """Proof the answer came from the cache: a reason rewritten in the stored candidates is what
    the warm run prints (no note was read to make it again)."""

    before = same_as_fresh(runner, aged)
    conn = sqlite3.connect(cache_path(aged))
    try:
        plant_reason(conn, "as the cache says", "contact = 'Ben Okafor'")
        conn.commit()
    finally:
        conn.close()
    warm = json.loads(run_due(runner, aged, SAMPLE_TODAY, "--json").stdout)
    assert {i["reason"] for i in warm if i["contact"] == "Ben Okafor"} == {"as the cache says"}
    assert json.loads(run_due(runner, aged, SAMPLE_TODAY, "--json", cache=False).stdout) == before


def test_edit_delete_rename_and_touch(runner, aged):
    items = same_as_fresh(runner, aged)
    contacts = aged / "contacts"
    # edit: a reply ends a nudge and a first follow-up
    note = contacts / "Ben Okafor.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n- 2026-11-22 received: thanks!\n", encoding="utf-8")
    set_mtime(note, BASE_NS + 10**12)
    edited = same_as_fresh(runner, aged)
    assert edited != items
    # delete
    victim = sorted(contacts.glob("*.md"))[0]
    victim.unlink()
    deleted = same_as_fresh(runner, aged)
    assert all(i["file"] != f"contacts/{victim.name}" for i in deleted)
    # rename
    other = sorted(contacts.glob("*.md"))[0]
    other.rename(contacts / ("Renamed " + other.name))
    renamed = same_as_fresh(runner, aged)
    assert any(i["file"] == f"contacts/Renamed {other.name}" for i in renamed)
    # touch without a change
    touched = sorted(contacts.glob("*.md"))[1]
    set_mtime(touched, BASE_NS + 2 * 10**12)
    assert same_as_fresh(runner, aged) == renamed


@pytest.mark.parametrize("skew_ns", [100 * 365 * 86400 * 10**9, -49 * 365 * 86400 * 10**9, 0])
def test_clock_skew_in_either_direction(runner, aged, skew_ns):
    same_as_fresh(runner, aged)
    note = aged / "contacts" / "Ben Okafor.md"
    note.write_text(note.read_text(encoding="utf-8").replace("tier: ally", "tier: casual"), encoding="utf-8")
    when = max(10**9, os.stat(note).st_mtime_ns + skew_ns) if skew_ns else BASE_NS  # 0: back to an old mtime
    set_mtime(note, when)
    after = same_as_fresh(runner, aged)
    assert {i["tier"] for i in after if i["contact"] == "Ben Okafor"} <= {"casual"}


def test_racy_edit_in_the_same_instant_is_seen(runner, make_vault):
    """A note changed twice within one mtime tick, keeping its size, is still read again."""
    v = make_vault
    path = v.contact("Racy Person", "tier: ally\nmet: 2026-11-20")
    same_as_fresh(runner, v.root, "2026-11-23")  # the note is seconds old: not trusted to the cache
    mtime = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace("2026-11-20", "2026-11-21"), encoding="utf-8")
    set_mtime(path, mtime)
    items = same_as_fresh(runner, v.root, "2026-11-23")
    assert ("first-follow-up", "2026-11-22") in {(i["kind"], i["due"]) for i in items}


def test_a_deleted_cache_is_rebuilt_silently(runner, aged):
    same_as_fresh(runner, aged)
    for path in cache_path(aged).parent.iterdir():
        path.unlink()
    cache_path(aged).parent.rmdir()
    result = run_due(runner, aged)
    assert warnings(result) == []
    assert result.stdout == run_due(runner, aged, cache=False).stdout
    assert cache_path(aged).is_file()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zero"])
def test_a_corrupt_cache_is_rebuilt_with_a_warning(runner, aged, damage):
    same_as_fresh(runner, aged)
    path = cache_path(aged)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes({"garbage": b"not a database at all " * 500, "truncated": data[: len(data) // 3],
                      "zero": b"\0" * len(data)}[damage])
    result = run_due(runner, aged)
    assert result.exit_code == 0
    assert result.stdout == run_due(runner, aged, cache=False).stdout
    if damage != "zero":  # SQLite reads an all-zero file as an empty database: nothing to warn about
        assert len(warnings(result)) == 1
    again = run_due(runner, aged)
    assert warnings(again) == []
    assert again.stdout == result.stdout


def test_a_cache_from_another_version_is_replaced(runner, aged):
    same_as_fresh(runner, aged)
    conn = sqlite3.connect(cache_path(aged))
    conn.execute("PRAGMA user_version = 999")
    conn.execute("CREATE TABLE leftover (x)")
    conn.commit()
    conn.close()
    result = run_due(runner, aged)
    assert warnings(result) == []
    assert result.stdout == run_due(runner, aged, cache=False).stdout
    conn = sqlite3.connect(cache_path(aged))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'leftover'").fetchone()[0] == 0
    conn.close()


class _Payload:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_hostile_cache_runs_no_code(runner, aged, tmp_path):
    """The cache lies in the vault, which others may write to: unpickling is limited to note classes."""
    same_as_fresh(runner, aged)
    marker = tmp_path / "pwned"
    conn = sqlite3.connect(cache_path(aged))
    conn.execute("UPDATE notes SET data = ?", (pickle.dumps(_Payload(str(marker))),))
    conn.execute("UPDATE meta SET value = '' WHERE key = 'state'")  # make the next run read the notes
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'facts'")  # ... all of them
    conn.commit()
    conn.close()
    result = run_due(runner, aged)
    assert not marker.exists()
    assert result.exit_code == 0
    assert len(warnings(result)) == 1
    assert result.stdout == run_due(runner, aged, cache=False).stdout


def test_a_hostile_cache_runs_no_code_when_catching_up(runner, aged, tmp_path):
    """The same when one edited note makes the next run read the stored notes it depends on."""
    same_as_fresh(runner, aged)
    marker = tmp_path / "pwned"
    conn = sqlite3.connect(cache_path(aged))
    conn.execute("UPDATE notes SET data = ?", (pickle.dumps(_Payload(str(marker))),))
    conn.commit()
    conn.close()
    jane = aged / "contacts" / "Jane Doe.md"
    jane.write_text(jane.read_text(encoding="utf-8") + "- 2026-11-22 call: again\n", encoding="utf-8")
    set_mtime(jane, BASE_NS + 10**6 * 10**9)
    result = run_due(runner, aged)
    assert not marker.exists()
    assert result.exit_code == 0
    assert warnings(result)
    assert result.stdout == run_due(runner, aged, cache=False).stdout


def test_a_busy_cache_is_skipped_with_a_warning(runner, aged):
    """Another relnotes holding the write lock (watch, say) costs speed, never the answer."""
    same_as_fresh(runner, aged)
    note = aged / "contacts" / "Ben Okafor.md"
    set_mtime(note, BASE_NS + 10**12)  # something to write
    holder = sqlite3.connect(cache_path(aged), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run_due(runner, aged)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 0
    assert any("busy" in line for line in warnings(result))
    assert result.stdout == run_due(runner, aged, cache=False).stdout


def test_a_configuration_change_is_seen(runner, aged):
    before = same_as_fresh(runner, aged)
    toml = aged / "relnotes.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n[cadence]\nally = \"7d\"\n", encoding="utf-8")
    after = same_as_fresh(runner, aged)
    assert after != before


@pytest.mark.parametrize("later", ["2026-12-31", "2027-01-01", "2027-12-31", "2028-03-01", "2025-01-01"])
def test_another_day_uses_or_refreshes_the_stored_candidates(runner, aged, later):
    same_as_fresh(runner, aged)
    same_as_fresh(runner, aged, later)
    same_as_fresh(runner, aged, SAMPLE_TODAY)


def every_day_agrees(root: Path) -> None:
    """The candidates stored on a day of year Y answer every day of Y and Y+1 exactly as the
    rules do on that day (staleness, snoozes and birthdays included)."""
    index = load_index(load_config(root))
    start = date(2026, 1, 1)
    stored = candidates(index, years_for(start))
    for offset in range(0, 731):
        day = start + timedelta(days=offset)
        assert items_at(stored, day) == due_items(index, day), day


def test_stored_candidates_are_right_on_every_day_they_serve(vault):
    every_day_agrees(vault)


def test_birthday_and_snooze_edges_on_every_day(make_vault):
    v = make_vault
    v.contact("Leap Day", "tier: ally\nbirthday: 1992-02-29\nsnooze_until: 2027-03-02")
    v.contact("New Year", "tier: strategic\nbirthday: 01-01\nmet: 2026-12-30")
    v.contact("Old Year", "tier: active\nbirthday: --12-31\nfollow_up: 2026-12-31\nsnooze_until: 2027-01-02")
    every_day_agrees(v.root)


def test_concurrent_processes_agree(aged):
    """Four real processes build the cache at once: each answers right, none fails."""
    exe = Path(sys.executable).with_name("relnotes")
    command = [str(exe) if exe.exists() else "relnotes", "--vault", str(aged), "--today", SAMPLE_TODAY,
               "due", "--json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    fresh = subprocess.run(command, capture_output=True, env={**env, "RELNOTES_NO_CACHE": "1"}, check=True)
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert out == fresh.stdout
        assert b"could not" not in err


def test_the_cache_stays_out_of_git(runner, aged):
    subprocess.run(["git", "init", "-q", str(aged)], check=True)
    run_due(runner, aged)
    status = subprocess.run(["git", "-C", str(aged), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert ".relnotes" not in status
    assert (aged / ".relnotes" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


OPS = st.lists(
    st.tuples(st.sampled_from(["log", "add", "delete", "rename", "touch", "tier", "break"]), st.integers(0, 50)),
    min_size=1, max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_changes_keeps_cache_and_vault_in_step(runner, tmp_path_factory, ops):
    root = tmp_path_factory.mktemp("prop")
    contacts = root / "contacts"
    contacts.mkdir()
    (root / "events").mkdir()
    (root / "relnotes.toml").write_text("", encoding="utf-8")
    for n in range(4):
        (contacts / f"P{n}.md").write_text(f"---\nname: P{n}\ntier: ally\nmet: 2026-11-1{n}\n---\n\n## Log\n",
                                           encoding="utf-8")
    age(root)
    same_as_fresh(runner, root, "2026-11-23")
    for step, (op, k) in enumerate(ops, 1):
        notes = sorted(contacts.glob("*.md"))
        target = notes[k % len(notes)] if notes else None
        if op == "add" or target is None:
            target = contacts / f"New{step}-{k}.md"
            target.write_text(f"---\nname: New {step} {k}\nmet: 2026-11-{10 + k % 12}\n---\n", encoding="utf-8")
        elif op == "log":
            with target.open("a", encoding="utf-8") as handle:
                handle.write(f"- 2026-11-{10 + k % 12} {'sent' if k % 2 else 'call'}: hello {k}\n")
        elif op == "delete":
            target.unlink()
            target = None
        elif op == "rename":
            new = target.with_name(f"R{step}-{target.name}")
            target.rename(new)
            target = new
        elif op == "tier":
            text = target.read_text(encoding="utf-8")
            target.write_text(text.replace("tier: ally", "tier: casual", 1) if "tier: ally" in text
                              else text.replace("---\n", "---\ntier: ally\n", 1), encoding="utf-8")
        elif op == "break":
            target.write_text(target.read_text(encoding="utf-8").replace("---\n", "---\nname: [unclosed\n", 1),
                              encoding="utf-8")
        if target is not None:
            set_mtime(target, BASE_NS + (step * 100 + k) * 10**9)
        same_as_fresh(runner, root, "2026-11-23")


def _old_snooze(items: list, snooze: date, day: date) -> list:
    """The snooze step as the rules first wrote it, for a single day (the oracle)."""
    out = []
    for item in items:
        if snooze > day and item.due < snooze:
            item = type(item)(item.contact, item.file, item.kind, snooze,
                              f"{item.reason} (snoozed until {humane(snooze, day)})",
                              item.tier, item.email, item.source)
        out.append(item)
    return sorted(out, key=lambda i: i.sort_key())


def test_snooze_and_birthday_windows_match_the_day_by_day_rules(make_vault):
    """Checked against the rules written for one day at a time: the snooze step on a copy
    without snooze_until, and the birthday as the first of last, this and next year's
    that is not stale."""
    v = make_vault
    fronts = {
        "Leap Day": "tier: ally\nbirthday: 1992-02-29\nmet: 2027-02-20",
        "New Year": "tier: strategic\nbirthday: 01-01\nmet: 2026-12-30\nfollow_up: 2027-01-05",
        "Old Year": "tier: active\nbirthday: --12-31\nfollow_up: 2026-12-31\nmet: 2026-12-01",
    }
    snoozes = {"Leap Day": date(2027, 3, 2), "New Year": date(2027, 1, 1), "Old Year": date(2027, 1, 2)}
    for name, front in fronts.items():
        v.contact(name, front)
    plain = load_index(load_config(v.root))
    for name, front in fronts.items():
        v.contact(name, f"{front}\nsnooze_until: {snoozes[name].isoformat()}")
    snoozed = load_index(load_config(v.root))
    start = date(2026, 1, 1)
    stored = candidates(snoozed, years_for(start))
    stale = snoozed.config.rules.birthday_stale
    birthdays = {"Leap Day": (2, 29), "New Year": (1, 1), "Old Year": (12, 31)}
    for offset in range(0, 731):
        day = start + timedelta(days=offset)
        got = items_at(stored, day)
        for name, snooze in snoozes.items():
            base = [i for i in due_items(plain, day) if i.contact == name]
            assert [i for i in got if i.contact == name] == _old_snooze(base, snooze, day), (day, name)
            month, mday = birthdays[name]
            year = next(y for y in (day.year - 1, day.year, day.year + 1)
                        if stale.after(birthday_in(y, month, mday)) >= day)
            assert [i.due for i in base if i.kind == "birthday"] == [birthday_in(year, month, mday)], (day, name)


@pytest.mark.parametrize("setting", ["[vault]\ndaily_notes = false\n", "[vault]\ncontacts_dir = \"people\"\n"])
def test_notes_parsed_under_other_settings_are_read_again(runner, make_vault, setting):
    """What a note parses to depends on relnotes.toml too (folders, daily notes)."""
    v = make_vault
    v.contact("Jane Doe", "tier: ally", "## Log\n- 2026-10-01 call: catch-up")
    v.write("2026-11-20.md", "Lunch with [[Jane Doe]].\n")
    (v.root / "relnotes.toml").write_text("", encoding="utf-8")
    age(v.root)
    before = same_as_fresh(runner, v.root, "2026-11-24", "--within", "60d")
    assert [i["due"] for i in before] == ["2026-12-11"]  # 21 days after the daily note's mention
    (v.root / "relnotes.toml").write_text(setting, encoding="utf-8")
    assert same_as_fresh(runner, v.root, "2026-11-24", "--within", "60d") != before


def test_a_note_that_could_not_be_read_is_not_remembered(runner, aged):
    """A note gone (or unreadable) at the moment it was read is read again next time, even
    when it comes back with the same size and mtime."""
    from relnotes.vault.cache import open_cache
    from relnotes.vault.load import NoteSet
    from relnotes.vault.scan import scan

    config = load_config(aged)
    note = aged / "contacts" / "Ben Okafor.md"
    data, st = note.read_bytes(), note.stat()
    scanned = scan(config)
    note.unlink()  # between the listing and the reading
    cache = open_cache(aged, print)
    notes = NoteSet(config, cache)
    notes.load_all(None, scanned)
    notes.save({"state": "whatever"})
    cache.close()
    note.write_bytes(data)
    set_mtime(note, st.st_mtime_ns)
    items = same_as_fresh(runner, aged)
    assert any(i["contact"] == "Ben Okafor" for i in items)


def test_a_planted_note_of_the_wrong_shape_costs_a_rebuild_not_a_crash(runner, aged):
    from relnotes.core.model import Note

    same_as_fresh(runner, aged)
    planted = Note("contacts/Ben Okafor.md", "contact", "Ben Okafor", fields={"name": 12345, "tier": 7})
    conn = sqlite3.connect(cache_path(aged))
    conn.execute("UPDATE notes SET data = ? WHERE path = 'contacts/Ben Okafor.md'", (pickle.dumps(planted),))
    conn.execute("UPDATE meta SET value = '' WHERE key = 'state'")
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'facts'")  # read every note
    conn.commit()
    conn.close()
    result = run_due(runner, aged)
    assert result.exit_code == 0, result.output
    assert len(warnings(result)) == 1
    assert result.stdout == run_due(runner, aged, cache=False).stdout


def test_two_notes_swapped_by_rename_are_seen(runner, make_vault):
    """Same size, same mtime, names swapped (mv a t; mv b a; mv t b): the inodes tell them apart."""
    v = make_vault
    a = v.contact("Ann Alpha", "tier: ally\nmet: 2026-11-20")
    b = v.contact("Bea Betas", "tier: ally\nmet: 2026-11-01")
    assert a.stat().st_size == b.stat().st_size
    age(v.root)
    set_mtime(a, BASE_NS)
    set_mtime(b, BASE_NS)
    same_as_fresh(runner, v.root, "2026-11-23")
    temp = a.with_name("temp.md")
    a.rename(temp)
    b.rename(a)
    temp.rename(b)
    items = same_as_fresh(runner, v.root, "2026-11-23")
    assert {i["contact"]: i["file"] for i in items}["Ann Alpha"] == "contacts/Bea Betas.md"


def test_a_birthday_stale_for_over_a_year_still_follows_the_day_by_day_rule(make_vault):
    v = make_vault
    v.contact("Dec Last", "tier: ally\nbirthday: --12-31")
    v.contact("Jan First", "tier: ally\nbirthday: 01-01")
    (v.root / "relnotes.toml").write_text("[rules]\nbirthday_stale = \"400d\"\n", encoding="utf-8")
    index = load_index(load_config(v.root))
    stale = index.config.rules.birthday_stale
    start = date(2026, 1, 1)
    stored = candidates(index, years_for(start))
    for offset in range(0, 731):
        day = start + timedelta(days=offset)
        for name, (month, mday) in {"Dec Last": (12, 31), "Jan First": (1, 1)}.items():
            year = next(y for y in (day.year - 1, day.year, day.year + 1)
                        if stale.after(birthday_in(y, month, mday)) >= day)
            got = [i.due for i in items_at(stored, day) if i.contact == name and i.kind == "birthday"]
            assert got == [birthday_in(year, month, mday)], (day, name)


def test_note_text_cannot_forge_a_date_token(runner, make_vault):
    v = make_vault
    v.contact("Tok En", "tier: ally\nfollow_up: 2026-11-20\nfollow_up_note: \"see \\ue000h2026-13-45\\ue001 and \\ue000h2026-01-02\\ue001\"")
    items = json.loads(invoke(runner, "due", "--json", vault=v.root, today="2026-11-23").stdout)
    assert [i["reason"] for i in items if i["kind"] == "follow-up"] == [
        "follow-up planned: see h2026-13-45 and h2026-01-02"]


@pytest.mark.parametrize("broken, bad_fields, line", [
    (["Solo"], 0, "warning: contacts/Solo.md:2: "),
    (["Solo"], 1, "warning: 1 note is skipped (contacts/Solo.md); 1 other problem in the vault; run 'relnotes check'"),
    (["A1", "A2", "A3", "A4", "A5"], 2,
     "warning: 5 notes are skipped (contacts/A1.md, contacts/A2.md, contacts/A3.md and 2 more); 2 other problems"),
    ([], 3, "warning: 3 problems in the vault; run 'relnotes check' to see them"),
])
def test_the_warning_line_from_the_cache_is_the_fresh_one(runner, make_vault, broken, bad_fields, line):
    """A warm run counts the stored problems in SQLite; it says what a run reading every note says."""
    v = make_vault
    for name in broken:
        v.write(f"contacts/{name}.md", "---\nname: [unclosed\n---\n")
    for n in range(bad_fields):
        v.contact(f"Bad {n}", "tier: ally\nfollow_up: someday")
    v.contact("Fine", "tier: ally")
    age(v.root)
    fresh = run_due(runner, v.root, cache=False)
    for _ in range(2):  # filling the cache, then answered from it
        cached = run_due(runner, v.root)
        assert (cached.exit_code, cached.stdout, cached.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr)
    assert cached.stderr.startswith(line), cached.stderr


def test_an_edit_that_puts_size_and_mtime_back_is_seen(runner, aged):
    """A tool that restores the mtime after writing (``touch -r``, some sync tools) cannot set
    the change time back: the cache keys notes by it too, so the edit is read."""
    note = aged / "contacts" / "Ben Okafor.md"
    before = same_as_fresh(runner, aged)
    st = os.stat(note)
    text = note.read_text(encoding="utf-8")
    assert "tier: ally" in text
    note.write_text(text.replace("tier: ally", "tier: clay"), encoding="utf-8")  # same size
    os.utime(note, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (os.stat(note).st_size, os.stat(note).st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    after = same_as_fresh(runner, aged)
    assert after != before

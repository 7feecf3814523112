"""The cache's answer after any change equals a run that reads every note afresh.

Whatever the cache does to catch up with an edit (re-read one note, recompute the contacts
that depend on it, re-resolve names, or rebuild everything), `due --json`, `due` (with its
warnings) and `check` through the cache must print exactly what RELNOTES_NO_CACHE=1 prints.
Each test warms the cache, makes one kind of change, and compares twice: the run that
catches up, and the warm run after it. Notes get mtimes in the past ("aged", as in
test_cache.py) so the cache really answers from what it stored, except in the racy tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_TODAY, plant_reason
from relnotes.cli.group import cli
from relnotes.vault.cache import cache_path

BASE_NS = 1_600_000_000 * 10**9  # September 2020
_clock = [BASE_NS + 10**6 * 10**9]


def age(root: Path) -> None:
    for number, path in enumerate(sorted(root.rglob("*.md"))):
        ns = BASE_NS + number * 10**9
        os.utime(path, ns=(ns, ns))


def aged_write(path: Path, text: str) -> None:
    """Write the note and give it a new mtime in the past (never one used before)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    touch_old(path)


def touch_old(path: Path) -> None:
    _clock[0] += 10**9
    os.utime(path, ns=(_clock[0], _clock[0]))


def run(runner, root: Path, *args: str, cache: bool = True, today: str = SAMPLE_TODAY):
    env = {"RELNOTES_NO_CACHE": "1"} if not cache else {"RELNOTES_NO_CACHE": ""}
    return runner.invoke(cli, ["--vault", str(root), "--today", today, *args], env=env, catch_exceptions=False)


COMMANDS = (("due", "--json"), ("due",), ("check",))


def shown(result) -> tuple[int, str, str]:
    """What a run printed, but for warnings about the cache itself (a damaged one is rebuilt
    with a warning, which a run without the cache has no reason to print)."""
    stderr = "".join(line for line in result.stderr.splitlines(keepends=True)
                     if not line.startswith("warning: the cache "))
    return result.exit_code, result.stdout, stderr


def agree(runner, root: Path, today: str = SAMPLE_TODAY) -> None:
    """Every command through the cache prints what it prints without one (twice: catching
    up, then warm)."""
    for _ in range(2):
        for args in COMMANDS:
            cached = run(runner, root, *args, today=today)
            fresh = run(runner, root, *args, cache=False, today=today)
            assert shown(cached) == shown(fresh), \
                f"{args}:\n{cached.stdout}{cached.stderr}\n--- fresh ---\n{fresh.stdout}{fresh.stderr}"


@pytest.fixture
def net(vault: Path) -> Path:
    """The sample vault with a few more links to follow: aliases, a shared email, a person
    listed at two events without a note, a daily note at the root, an event's own task."""
    (vault / "contacts" / "Zed Alias.md").write_text(
        "---\nname: Zed Alias\naliases: [Zeddy]\nemail: zed@example.com\ntier: ally\nmet: 2026-11-01\n---\n\n"
        "## Log\n\n- 2026-11-02 sent: hello [[Jane Doe]]\n", encoding="utf-8")
    (vault / "events" / "2026-11-15 Ghost Gala.md").write_text(
        "---\ntitle: Ghost Gala\ndate: 2026-11-15\npeople: [\"[[Casper Nobody]]\", \"[[Zeddy]]\", \"[[Jane Doe]]\"]\n"
        "---\n\n## Next\n\n- [ ] Post the photos 📅 2026-11-20\n- [ ] Send [[Zeddy]] the deck 📅 2026-11-21\n",
        encoding="utf-8")
    (vault / "events" / "2026-11-18 Ghost Brunch.md").write_text(
        "---\ntitle: Ghost Brunch\ndate: 2026-11-18\npeople: [\"[[Casper Nobody]]\"]\n---\n\nQuiet.\n",
        encoding="utf-8")
    (vault / "2026-11-21.md").write_text("# 2026-11-21\n\n- Ran into [[Ben Okafor]] downtown\n", encoding="utf-8")
    age(vault)
    return vault


def contact(root: Path, name: str) -> Path:
    return root / "contacts" / f"{name}.md"


def edit(path: Path, change: Callable[[str], str]) -> None:
    aged_write(path, change(path.read_text(encoding="utf-8")))


def set_front(key: str, value: str) -> Callable[[str], str]:
    """Add or replace a front-matter line ``key: value``."""
    def change(text: str) -> str:
        lines = text.split("\n")
        end = lines.index("---", 1)
        for n in range(1, end):
            if lines[n].startswith(f"{key}:"):
                lines[n] = f"{key}: {value}"
                return "\n".join(lines)
        lines.insert(end, f"{key}: {value}")
        return "\n".join(lines)
    return change


def append(line: str) -> Callable[[str], str]:
    return lambda text: text.rstrip("\n") + "\n" + line + "\n"


CHANGES: dict[str, Callable[[Path], None]] = {
    "log line": lambda r: edit(contact(r, "Jane Doe"), append("- 2026-11-22 call: caught up")),
    "sent line (a nudge)": lambda r: edit(contact(r, "Ben Okafor"), append("- 2026-11-22 sent: the deck")),
    "tier": lambda r: edit(contact(r, "Ben Okafor"), set_front("tier", "casual")),
    "snooze": lambda r: edit(contact(r, "Zed Alias"), set_front("snooze_until", "2026-12-01")),
    "status archived": lambda r: edit(contact(r, "Zed Alias"), set_front("status", "archived")),
    "name field": lambda r: edit(contact(r, "Jane Doe"), set_front("name", "Janet Doe")),
    "alias added": lambda r: edit(contact(r, "Ben Okafor"), set_front("aliases", "[Casper Nobody]")),
    "alias removed": lambda r: edit(contact(r, "Zed Alias"), set_front("aliases", "[]")),
    "email shared": lambda r: edit(contact(r, "Ben Okafor"), set_front("email", "zed@example.com")),
    "phone shared": lambda r: (edit(contact(r, "Ben Okafor"), set_front("phone", '"+1 404 555 0100"')),
                               edit(contact(r, "Zed Alias"), set_front("phone", '"(404) 555-0100"'))),
    "people added": lambda r: edit(r / "events" / "2026-11-18 Ghost Brunch.md",
                                   set_front("people", '["[[Casper Nobody]]", "[[Ben Okafor]]", "[[Newt Ghost]]"]')),
    "people emptied": lambda r: edit(r / "events" / "2026-11-15 Ghost Gala.md", set_front("people", "[]")),
    "event date": lambda r: edit(r / "events" / "2026-11-18 Ghost Brunch.md", set_front("date", "2026-11-10")),
    "event title": lambda r: edit(r / "events" / "2026-11-15 Ghost Gala.md", set_front("title", "Spirit Gala")),
    "event task ticked": lambda r: edit(r / "events" / "2026-11-15 Ghost Gala.md",
                                        lambda t: t.replace("- [ ] Post the photos", "- [x] Post the photos")),
    "event task links someone": lambda r: edit(r / "events" / "2026-11-15 Ghost Gala.md",
                                               append("- [ ] Call [[Ben Okafor]] 📅 2026-11-22")),
    "contact added": lambda r: aged_write(contact(r, "Casper Nobody"),
                                          "---\nname: Casper Nobody\ntier: active\n---\n\n## Log\n"),
    "contact added (a duplicate name)": lambda r: aged_write(contact(r, "jane  doe 2"),
                                                             "---\nname: jane  DOE\n---\n"),
    "contact removed": lambda r: contact(r, "Zed Alias").unlink(),
    "contact renamed": lambda r: (contact(r, "Zed Alias").rename(contact(r, "Zed Renamed")),
                                  touch_old(contact(r, "Zed Renamed"))),
    "moved to events": lambda r: contact(r, "Zed Alias").rename(r / "events" / "Zed Alias.md"),
    "moved to the root": lambda r: contact(r, "Zed Alias").rename(r / "Zed Alias.md"),
    "event removed": lambda r: (r / "events" / "2026-11-15 Ghost Gala.md").unlink(),
    "daily mention added": lambda r: edit(r / "2026-11-21.md", append("- Lunch with [[Zeddy]]")),
    "daily mention removed": lambda r: edit(r / "2026-11-21.md", lambda t: t.replace("[[Ben Okafor]]", "Ben")),
    "daily note added": lambda r: aged_write(r / "2026-11-22.md", "# 2026-11-22\n\n- Saw [[Jane Doe]]\n"),
    "daily note removed": lambda r: (r / "2026-11-21.md").unlink(),
    "broken link added": lambda r: edit(contact(r, "Jane Doe"), append("See [[Nobody At All]].")),
    "unreadable front matter": lambda r: edit(contact(r, "Ben Okafor"), set_front("tier", "[unclosed")),
    "config changed": lambda r: (r / "relnotes.toml").write_text(
        (r / "relnotes.toml").read_text(encoding="utf-8") + "\n[cadence]\nally = \"7d\"\n", encoding="utf-8"),
    "cache deleted": lambda r: [os.unlink(p) for p in r.joinpath(".relnotes").glob("cache.sqlite*")],
    "cache corrupted": lambda r: cache_path(r).write_bytes(b"not a database" * 100),
    "cache truncated": lambda r: cache_path(r).write_bytes(cache_path(r).read_bytes()[:5000]),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_after_each_kind_of_change_the_cache_agrees(runner, net, change):
    agree(runner, net)
    CHANGES[change](net)
    agree(runner, net)


def test_a_change_and_back_again(runner, net):
    path = contact(net, "Zed Alias")
    before = path.read_text(encoding="utf-8")
    agree(runner, net)
    edit(path, set_front("name", "Someone Else"))
    agree(runner, net)
    aged_write(path, before)
    agree(runner, net)


@pytest.mark.parametrize("change", ["log line", "name field", "people added", "contact added"])
def test_a_racy_change_is_seen_and_settles(runner, net, change):
    """Changed just now (mtime within the racy window): read again until it settles."""
    agree(runner, net)
    CHANGES[change](net)
    for path in net.rglob("*.md"):
        if path.stat().st_mtime_ns > BASE_NS + 10**6 * 10**9:
            os.utime(path)  # now: racy
    agree(runner, net)
    edit(contact(net, "Jane Doe"), append("- 2026-11-23 call: again"))
    os.utime(contact(net, "Jane Doe"))
    agree(runner, net)


def test_two_processes_at_once_after_a_change(net):
    exe = Path(sys.executable).with_name("relnotes")
    command = [str(exe) if exe.exists() else "relnotes", "--vault", str(net), "--today", SAMPLE_TODAY,
               "due", "--json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}
    subprocess.run(command, capture_output=True, env=env, check=True)
    CHANGES["log line"](net)
    CHANGES["alias added"](net)
    procs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    fresh = subprocess.run(command, capture_output=True, env={**env, "RELNOTES_NO_CACHE": "1"}, check=True)
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert out == fresh.stdout
        assert b"could not" not in err
    again = subprocess.run(command, capture_output=True, env=env, check=True)
    assert again.stdout == fresh.stdout


# -- random sequences ---------------------------------------------------------------------

PEOPLE = ["Ann Lee", "Bo Chan", "Cy Park", "Di Roy"]
OPS = st.lists(
    st.tuples(st.sampled_from(["log", "sent", "add", "delete", "rename", "alias", "email", "name", "people",
                               "ghost", "mention", "move", "tier", "event-date", "event-add", "task"]),
              st.integers(0, 40)),
    min_size=1, max_size=5,
)


def _small_vault(root: Path) -> None:
    (root / "relnotes.toml").write_text("", encoding="utf-8")
    for n, name in enumerate(PEOPLE):
        tier = ["ally", "strategic", "active", "casual"][n]
        aged_write(root / "contacts" / f"{name}.md",
                   f"---\nname: {name}\ntier: {tier}\nmet: 2026-11-0{n + 1}\n---\n\n## Log\n\n"
                   f"- 2026-11-0{n + 2} sent: hello\n")
    aged_write(root / "events" / "2026-11-10 Mixer.md",
               '---\ntitle: Mixer\ndate: 2026-11-10\npeople: ["[[Ann Lee]]", "[[Bo Chan]]", "[[Eve Ghost]]"]\n'
               "---\n\n- [ ] Send [[Ann Lee]] the link 📅 2026-11-20\n")
    aged_write(root / "2026-11-15.md", "# 2026-11-15\n\n- Coffee with [[Cy Park]]\n")


def _apply(root: Path, op: str, k: int, step: int) -> None:
    contacts = sorted((root / "contacts").glob("*.md"))
    events = sorted((root / "events").glob("*.md"))
    target = contacts[k % len(contacts)] if contacts else None
    event = events[k % len(events)] if events else None
    day = f"2026-11-{10 + k % 13:02d}"
    if op == "add" or (target is None and op not in ("event-add", "mention", "ghost", "people", "event-date")):
        aged_write(root / "contacts" / f"New {step} {k}.md", f"---\nname: New {step} {k}\nmet: {day}\n---\n")
    elif op in ("log", "sent") and target is not None:
        edit(target, append(f"- {day} {'sent' if op == 'sent' else 'call'}: hi {step}"))
    elif op == "delete" and target is not None:
        target.unlink()
    elif op == "rename" and target is not None:
        new = target.with_name(f"R{step} {target.name}")
        target.rename(new)
        touch_old(new)
    elif op == "alias" and target is not None:
        edit(target, set_front("aliases", f"[{PEOPLE[k % 4].split()[0]}, Ghosty]" if k % 2 else "[]"))
    elif op == "email" and target is not None:
        edit(target, set_front("email", f"p{k % 3}@example.com"))
    elif op == "name" and target is not None:
        edit(target, set_front("name", PEOPLE[k % 4] if k % 3 == 0 else f"Renamed {step}"))
    elif op == "tier" and target is not None:
        edit(target, set_front("tier", ["ally", "casual", "active"][k % 3]))
    elif op == "move" and target is not None:
        dest = [root / "events", root, root / "contacts" / "sub"][k % 3] / target.name
        dest.parent.mkdir(exist_ok=True)
        target.rename(dest)
        touch_old(dest)
    elif op in ("people", "ghost") and event is not None:
        names = [PEOPLE[(k + n) % 4] for n in range(k % 3)] + (["Eve Ghost", f"Ghost {k % 2}"] if op == "ghost" else [])
        edit(event, set_front("people", "[" + ", ".join(f'"[[{n}]]"' for n in names) + "]"))
    elif op == "event-date" and event is not None:
        edit(event, set_front("date", day))
    elif op == "task" and event is not None:
        who = f"[[{PEOPLE[k % 4]}]] " if k % 2 else ""
        edit(event, append(f"- [ ] Follow up {who}on {step} 📅 {day}"))
    elif op == "mention":
        daily = root / f"2026-11-{1 + k % 20:02d}.md"
        text = daily.read_text(encoding="utf-8") if daily.exists() else f"# {daily.stem}\n"
        aged_write(daily, text + f"- Saw [[{PEOPLE[k % 4]}]]\n")
    else:  # event-add, or an op with nothing to act on
        aged_write(root / "events" / f"{day} Party {step}.md",
                   f'---\ntitle: Party {step}\ndate: {day}\npeople: ["[[{PEOPLE[k % 4]}]]", "[[Eve Ghost]]"]\n---\n')


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_of_edits_keeps_cache_and_fresh_run_equal(runner, tmp_path_factory, ops):
    root = tmp_path_factory.mktemp("inc")
    _small_vault(root)
    for args in COMMANDS:
        run(runner, root, *args)
    for step, (op, k) in enumerate(ops, 1):
        _apply(root, op, k, step)
        for args in COMMANDS:
            cached = run(runner, root, *args)
            fresh = run(runner, root, *args, cache=False)
            assert shown(cached) == shown(fresh), (op, k, args)


def test_an_edit_recomputes_only_the_owners_that_depend_on_it(runner, net):
    """Proof of the incremental path: a row planted for one contact survives an edit of an
    unrelated note (a full recompute would replace it), and goes once that contact's own note
    is edited; the edited note's answer is the fresh one throughout."""
    import sqlite3

    agree(runner, net)
    conn = sqlite3.connect(cache_path(net))
    planted = plant_reason(conn, "planted", "owner = ?", ("c:contacts/Ben Okafor.md",))
    conn.commit()
    conn.close()
    assert planted >= 1
    CHANGES["log line"](net)  # Jane Doe's note: Ben Okafor's answer depends on it in no way
    for args in (("due", "--json"), ("due",)):  # the JSON is written from its stored parts, the list from the rows
        cached = run(runner, net, *args)
        fresh = run(runner, net, *args, cache=False)
        assert cached.stdout.count("planted") >= 1
        assert [line for line in cached.stdout.splitlines() if "Jane Doe" in line] == \
            [line for line in fresh.stdout.splitlines() if "Jane Doe" in line]
    edit(contact(net, "Ben Okafor"), append("- 2026-11-22 note: read their post"))
    assert "planted" not in run(runner, net, "due", "--json").stdout
    assert "planted" not in run(runner, net, "due").stdout
    agree(runner, net)


def test_other_commands_leave_the_catching_up_to_due(runner, net):
    """`check` reads the edited note but stores nothing, so the next `due` still catches up
    (the planted row of an unrelated contact survives) and answers right."""
    import sqlite3

    agree(runner, net)
    conn = sqlite3.connect(cache_path(net))
    plant_reason(conn, "planted", "owner = ?", ("c:contacts/Ben Okafor.md",))
    conn.commit()
    conn.close()
    CHANGES["name field"](net)
    fresh_check = run(runner, net, "check", cache=False)
    assert shown(run(runner, net, "check")) == shown(fresh_check)
    cached = run(runner, net, "due", "--json")
    assert '"reason": "planted"' in cached.stdout
    fresh = run(runner, net, "due", "--json", cache=False)
    assert [line for line in cached.stdout.splitlines() if "Jane" in line] == \
        [line for line in fresh.stdout.splitlines() if "Jane" in line]


def test_a_racy_edit_caught_up_then_changed_again_in_the_same_instant_is_seen(runner, net):
    """A note caught up while racy is marked in the stored walk; a second edit that keeps its
    size and mtime is still read."""
    agree(runner, net)
    path = contact(net, "Jane Doe")
    edit(path, append("- 2026-11-22 call: first take"))
    os.utime(path)  # now: racy
    agree(runner, net)
    mtime = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace("first take", "other take"), encoding="utf-8")
    os.utime(path, ns=(mtime, mtime))
    agree(runner, net)
    assert "other take" in path.read_text(encoding="utf-8")


def test_a_run_that_stores_notes_alone_drops_the_stored_walk(runner, net):
    import sqlite3

    agree(runner, net)
    conn = sqlite3.connect(cache_path(net))
    try:
        assert conn.execute("SELECT count(*) FROM walk").fetchone() == (1,)
    finally:
        conn.close()
    edit(contact(net, "Jane Doe"), append("- 2026-11-22 call: seen by check first"))
    shown_by_check = run(runner, net, "check")  # stores nothing while the model is current...
    conn = sqlite3.connect(cache_path(net))
    try:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'facts'")  # ...so make it not current
        conn.commit()
    finally:
        conn.close()
    assert run(runner, net, "check").exit_code == shown_by_check.exit_code  # this one stores Jane's note
    conn = sqlite3.connect(cache_path(net))
    try:
        assert conn.execute("SELECT count(*) FROM walk").fetchone() == (0,)
    finally:
        conn.close()
    agree(runner, net)

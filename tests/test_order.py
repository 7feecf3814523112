"""One display order for due items (SPEC section 3), whichever path made the list.

`due` answers from a fresh read (Python's sort), from a cold cache (the same, then stored) or
from a warm one (SQLite's ORDER BY, ties put in order of their reason in Python); watch keeps
the list with its own string key. All must give the order the spec describes.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnotes.config import load_config
from relnotes.core.live import LiveIndex, _flat_key
from relnotes.core.model import DUE_ORDER, DueItem
from relnotes.core.settings import TIERS
from relnotes.vault.cache import ITEM_COLUMNS, ORDER_COLUMNS, cache_path
from relnotes.vault.load import NoteSet

TODAY = date(2026, 11, 23)
WITHIN = 30
OLD_NS = 1_600_000_000 * 10**9  # September 2020: no note is "just changed" for the cache

# case-only differences, accents, and a contact and an event of the same name
NAMES = ["Ann", "ann", "ANN", "Émile", "emile", "Emile", "Zoë", "zoe", "Bob", "bob b", "Ärne", "arne"]
GHOSTS = ["Gus", "gus", "Güs", "Hal"]  # people listed at events who have no note
TEXTS = ["call back", "Call back", "call Back", "ça va", "ca va", "Éa", "zz", "a", "send the deck"]
DAYS = st.dates(date(2026, 11, 1), date(2026, 12, 12))
TASKS = st.lists(st.tuples(st.sampled_from(TEXTS), DAYS, st.booleans()), max_size=3)  # text, date, #waiting
CONTACTS = st.lists(st.fixed_dictionaries({
    "name": st.sampled_from(NAMES),
    "tier": st.sampled_from([None, *TIERS]),
    "follow_up": st.none() | DAYS,
    "note": st.none() | st.sampled_from(TEXTS),
    "snooze": st.none() | DAYS,
    "tasks": TASKS,
}), max_size=8)
EVENTS = st.lists(st.fixed_dictionaries({
    "title": st.sampled_from([*NAMES, "Meetup", "meetup"]),
    "date": DAYS,
    "ghosts": st.lists(st.sampled_from(GHOSTS), max_size=2, unique=True),
    "tasks": TASKS,
}), max_size=3)


def task_lines(tasks: list[tuple[str, date, bool]]) -> list[str]:
    return [f"- [ ] {text}{' #waiting' if waiting else ''} 📅 {day.isoformat()}" for text, day, waiting in tasks]


def contact_note(c: dict[str, Any]) -> str:
    front = [f'name: "{c["name"]}"']
    if c["tier"]:
        front.append(f"tier: {c['tier']}")
    if c["follow_up"]:
        front.append(f"follow_up: {c['follow_up'].isoformat()}")
        if c["note"]:
            front.append(f'follow_up_note: "{c["note"]}"')
    if c["snooze"]:
        front.append(f"snooze_until: {c['snooze'].isoformat()}")
    return "\n".join(["---", *front, "---", "", *task_lines(c["tasks"])]) + "\n"


def event_note(e: dict[str, Any]) -> str:
    people = ", ".join(f'"{name}"' for name in e["ghosts"])
    front = [f'title: "{e["title"]}"', f"date: {e['date'].isoformat()}", f"people: [{people}]"]
    return "\n".join(["---", *front, "---", "", *task_lines(e["tasks"])]) + "\n"


def write_vault(root: Path, contacts: list[dict[str, Any]], events: list[dict[str, Any]]) -> None:
    (root / "contacts").mkdir(parents=True)
    (root / "events").mkdir()
    (root / "relnotes.toml").write_text("", encoding="utf-8")
    for n, c in enumerate(contacts):
        (root / "contacts" / f"c{n}.md").write_text(contact_note(c), encoding="utf-8")
    for n, e in enumerate(events):
        (root / "events" / f"e{n}.md").write_text(event_note(e), encoding="utf-8")
    for n, path in enumerate(sorted(root.rglob("*.md"))):
        os.utime(path, ns=(OLD_NS + n * 10**9,) * 2)


def due_json(runner, root: Path, *, cache: bool) -> list[dict[str, Any]]:
    from relnotes.cli.group import cli

    argv = ["--vault", str(root), "--today", TODAY.isoformat(), "due", "--json", "--within", f"{WITHIN}d"]
    result = runner.invoke(cli, argv, env={} if cache else {"RELNOTES_NO_CACHE": "1"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def spec_key(item: dict[str, Any]) -> tuple[str, int, str, str, str]:
    """SPEC section 3 in its own words: due date, tier (ally first, none as casual), name
    without regard to case, then kind and reason."""
    tier = item["tier"] or "casual"
    return (item["due"], ["ally", "strategic", "active", "casual"].index(tier), item["contact"].casefold(),
            item["kind"], item["reason"])


def stored_state(root: Path) -> str:
    with sqlite3.connect(cache_path(root)) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'state'").fetchone()[0]


def live_items(root: Path) -> tuple[NoteSet, LiveIndex]:
    config = load_config(root)
    notes = NoteSet(config)
    notes.load_all()
    return notes, LiveIndex(config, notes.notes, notes.scan_problems, TODAY)


def shown(live: LiveIndex) -> list[dict[str, Any]]:
    horizon = TODAY + timedelta(days=WITHIN)
    return [item.to_dict(TODAY) for item in live.items(TODAY) if item.due <= horizon]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(contacts=CONTACTS, events=EVENTS, edit=st.tuples(st.integers(0, 7), TASKS))
def test_the_cache_warm_or_cold_the_live_index_and_a_fresh_read_give_the_spec_order(
        runner, tmp_path_factory, contacts, events, edit):
    root = tmp_path_factory.mktemp("order") / "v"
    write_vault(root, contacts, events)
    fresh = due_json(runner, root, cache=False)
    assert fresh == sorted(fresh, key=spec_key)  # (a stable sort: ties stay as they were)
    assert due_json(runner, root, cache=True) == fresh  # cold: read, sorted, stored
    assert stored_state(root) != ""  # the stored answer is good for the next run
    assert due_json(runner, root, cache=True) == fresh  # warm: SQLite's order
    notes, live = live_items(root)
    assert shown(live) == fresh
    if contacts:  # an edit in place: the contact's items are bisected back into the day's list
        n, tasks = edit[0] % len(contacts), edit[1]
        changed = {**contacts[n], "tasks": tasks}
        rel = f"contacts/c{n}.md"
        (root / rel).write_text(contact_note(changed), encoding="utf-8")
        notes.refresh([rel])
        live.update([rel])
        again = due_json(runner, root, cache=False)
        assert again == sorted(again, key=spec_key)
        assert shown(live) == again


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=5)  # NUL included


@settings(max_examples=300)
@given(st.lists(st.builds(DueItem, contact=st.sampled_from(["a", "a\0", "A\0b", "a\0\0", "ä", ""]) | TEXT,
                          file=st.just("f.md"), kind=TEXT | st.sampled_from(["", "\0", "a"]),
                          due=st.dates(date(2026, 11, 1), date(2026, 11, 3)), reason=TEXT,
                          tier=st.sampled_from([None, "", "unknown", *TIERS]), email=st.none(),
                          source=st.just("f.md")), max_size=12))
def test_the_live_string_key_sorts_as_the_key_even_with_nul_in_a_name(items):
    assert sorted(items, key=_flat_key) == sorted(items, key=DueItem.sort_key)


def test_no_tier_and_an_unknown_tier_sort_as_casual_and_ally_first():
    def item(tier: str | None) -> DueItem:
        return DueItem("Jo", "f.md", "follow-up", TODAY, "r", tier, None, "f.md")

    ranks = [item(tier).sort_key()[1] for tier in ("ally", "strategic", "active", "casual", None, "", "unknown")]
    assert ranks == [0, 1, 2, 3, 3, 3, 3]


def test_the_cache_table_has_a_column_for_each_part_of_the_order_but_the_reason(tmp_path, runner):
    root = tmp_path / "v"
    write_vault(root, [{"name": "Ann", "tier": "ally", "follow_up": TODAY, "note": None, "snooze": None,
                        "tasks": []}], [])
    due_json(runner, root, cache=True)
    with sqlite3.connect(cache_path(root)) as conn:
        columns = [row[1] for row in conn.execute("PRAGMA table_info(items)")]
    assert sorted(columns) == sorted(ITEM_COLUMNS + ORDER_COLUMNS)
    assert ORDER_COLUMNS == DUE_ORDER[:-1] == ("due", "tier_rank", "contact_key", "kind")

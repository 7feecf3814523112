"""The agenda's network sections: introductions, events owing first follow-ups, the event return chart;
kept current by watch, and byte-identical when nothing changed."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

from test_events import TODAY, event_vault

from conftest import invoke
from relnotes.agenda.file import agenda_path
from relnotes.agenda.watch import AgendaWatcher
from relnotes.config import load_config


def section(text: str, title: str) -> str:
    """The body of one ``## title (N)`` section, heading included."""
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end + 1]


def agenda(runner, root, today=TODAY) -> str:
    result = invoke(runner, "agenda", "--out", "-", vault=root, today=today)
    assert result.exit_code == 0, result.output
    return result.stdout


def intro_vault(v):
    """Seven matches; the agenda shows the best five (ranked as relnotes match ranks them)."""
    for n, tier in enumerate(["ally", "strategic", "active", "casual", "casual", "casual", "casual"]):
        v.contact(f"Needer {n}", f"tier: {tier}\nneeds: [intro to VCs]")
    v.contact("Vera", "offers: [VC intros]")
    return v.root


def test_the_top_five_introductions(runner, make_vault):
    text = agenda(runner, intro_vault(make_vault))
    assert section(text, "Introductions to make") == """\
## Introductions to make (5)

- [[Needer 0]] needs "intro to VCs" — [[Vera]] offers "VC intros" (intro ~ intros, VCs ~ VC)
- [[Needer 1]] needs "intro to VCs" — [[Vera]] offers "VC intros" (intro ~ intros, VCs ~ VC)
- [[Needer 2]] needs "intro to VCs" — [[Vera]] offers "VC intros" (intro ~ intros, VCs ~ VC)
- [[Needer 3]] needs "intro to VCs" — [[Vera]] offers "VC intros" (intro ~ intros, VCs ~ VC)
- [[Needer 4]] needs "intro to VCs" — [[Vera]] offers "VC intros" (intro ~ intros, VCs ~ VC)

"""


def test_how_many_introductions_is_a_setting(runner, make_vault):
    root = intro_vault(make_vault)
    (root / "relnotes.toml").write_text("[vault]\nagenda_introductions = 1\n", encoding="utf-8")
    assert section(agenda(runner, root), "Introductions to make").startswith(
        "## Introductions to make (1)\n\n- [[Needer 0]] needs")
    (root / "relnotes.toml").write_text("[vault]\nagenda_introductions = 0\n", encoding="utf-8")
    assert section(agenda(runner, root), "Introductions to make") == "## Introductions to make (0)\n\nNone.\n\n"


def test_events_owing_first_follow_ups_until_the_lead_goes_cold(runner, make_vault):
    v = make_vault
    # today 2026-06-15: the first follow-up (D+1) is dropped once more than 30 days late, so an
    # event on 05-15 (D+1+30 = 06-15) is still listed and one on 05-14 is not
    v.event("Cold Mixer", "date: 2026-05-14\npeople: ['[[Ann]]']")
    v.event("Last Chance Meetup", "date: 2026-05-15\npeople: ['[[Ann]]', '[[Pat]]', '[[Sam Lee]]', '[[Bea]]']")
    v.event("Tomorrow's Dinner", "date: 2026-06-16\npeople: ['[[Ann]]']")
    v.contact("Ann")
    v.contact("Pat", "status: paused")
    v.contact("Bea", body="## Log\n- 2026-06-01 sent: late, but followed up")
    text = agenda(runner, v.root)
    assert section(text, "Events still owing first follow-ups") == """\
## Events still owing first follow-ups (1)

- [[Last Chance Meetup]] (May 15): [[Ann]], Sam Lee

"""


def test_the_event_return_chart(runner, make_vault):
    text = agenda(runner, event_vault(make_vault))
    assert text.endswith("""\
## Event return by format

```mermaid
xychart-beta
    title "Lasting relationships per 10 hours of events"
    x-axis ["open", "educational", "peer-group"]
    y-axis "Lasting per 10 h" 0 --> 3
    bar [2.5, 2.5, 0]
```

open events: 1 lasting relationship per 4 h; educational events: 1 per 4 h; \
peer-group events: no lasting relationship in 6 h; events with no format: hours unknown.
""")
    # Founder Circle still owes Fay a follow-up, but 04-20 is long cold (the events command names her)
    assert section(text, "Events still owing first follow-ups") == """\
## Events still owing first follow-ups (1)

- [[Breakfast]] (Jun 14): [[Gus]]

"""


def test_agenda_json_gains_the_sections(runner, make_vault):
    root = event_vault(make_vault)
    (root / "contacts" / "Ann.md").write_text("---\nname: Ann\ntier: ally\nneeds: [a designer]\n---\n",
                                              encoding="utf-8")
    (root / "contacts" / "Cat.md").write_text("---\nname: Cat\noffers: [designers]\n---\n", encoding="utf-8")
    result = invoke(runner, "agenda", "--json", vault=root, today=TODAY)
    data = json.loads(result.stdout)
    assert data["introductions"] == [{
        "needs": "Ann", "offers": "Cat", "need": "a designer", "offer": "designers", "score": 1.0,
        "words": [["designer", "designers"]], "needs_file": "contacts/Ann.md", "offers_file": "contacts/Cat.md",
        "needs_tier": "ally", "offers_tier": "casual"}]
    assert data["events_owing"] == [
        {"event": "Breakfast", "file": "events/Breakfast.md", "date": "2026-06-14", "people": ["Gus"]},
    ]
    roi = json.loads(invoke(runner, "roi", "--json", vault=root, today=TODAY).stdout)
    assert data["roi"] == roi


def test_an_unchanged_vault_leaves_the_agenda_byte_identical(runner, make_vault):
    root = event_vault(make_vault)
    intro_vault(make_vault)
    assert invoke(runner, "agenda", vault=root, today=TODAY).exit_code == 0
    path = root / "AGENDA.md"
    before = path.read_bytes()
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    result = invoke(runner, "agenda", vault=root, today=TODAY)
    assert result.stdout.startswith("AGENDA.md unchanged (")
    assert path.read_bytes() == before and path.stat().st_mtime_ns == 1_000_000_000
    assert b"## Introductions to make (5)" in before and b"xychart-beta" in before


def test_watch_keeps_the_new_sections_current(runner, make_vault):
    root = event_vault(make_vault)
    config = load_config(root)
    log: list[str] = []
    watcher = AgendaWatcher(config, agenda_path(config), today=lambda: date(2026, 6, 15),
                            now=lambda: datetime(2026, 6, 15, 9, 0), log=log.append)
    watcher.start()
    assert (root / "AGENDA.md").read_text(encoding="utf-8") == agenda(runner, root)
    # Gus is followed up, and he and Eve now need and offer the same thing: one edit each
    assert "[[Gus]]" in section((root / "AGENDA.md").read_text(encoding="utf-8"), "Events still owing")
    (root / "contacts" / "Gus.md").write_text("---\nname: Gus\n---\n## Log\n- 2026-06-15 sent: hello\n",
                                              encoding="utf-8")
    watcher.process(["contacts/Gus.md"])
    (root / "contacts" / "Gus.md").write_text("---\nname: Gus\nneeds: [hiring advice]\n---\n## Log\n"
                                              "- 2026-06-15 sent: hello\n", encoding="utf-8")
    watcher.process(["contacts/Gus.md"])
    eve = root / "contacts" / "Eve.md"
    eve.write_text(eve.read_text(encoding="utf-8").replace("met_at:", "offers: [advice on hiring]\nmet_at:"),
                   encoding="utf-8")
    watcher.process(["contacts/Eve.md"])
    text = (root / "AGENDA.md").read_text(encoding="utf-8")
    assert text == agenda(runner, root)  # what a fresh read of the vault gives
    assert section(text, "Events still owing first follow-ups") == "## Events still owing first follow-ups (0)\n\nNone.\n\n"
    assert section(text, "Introductions to make") == (
        '## Introductions to make (1)\n\n- [[Gus]] needs "hiring advice" — [[Eve]] offers "advice on hiring" '
        "(hiring, advice)\n\n")
    # hours on an event move the chart
    (root / "events" / "Breakfast.md").write_text(
        "---\ntitle: Breakfast\ndate: 2026-06-14\nformat: managed\nhours: 1\npeople: ['[[Gus]]']\n---\n",
        encoding="utf-8")
    watcher.process(["events/Breakfast.md"])
    text = (root / "AGENDA.md").read_text(encoding="utf-8")
    assert text == agenda(runner, root)
    assert '    x-axis ["open", "educational", "managed", "peer-group"]\n' in text


# --- the memos watch mode relies on equal a fresh read, whatever the edits ------------------------

PEOPLE = ["Ana Ruiz", "Ben Ode", "Cy Park", "Dee Lin"]
EVENTS = ["2026-03-01 Mixer", "2026-04-10 Workshop"]
TOPICS = ["graphic design", "graphic designers", "VC intros", "intro to VCs", "hiring advice"]


def contact_text(name: str, k: int) -> str:
    tier = ["ally", "strategic", "active", "casual"][k % 4]
    other = PEOPLE[(k + 1) % 4]
    lines = ["---", f"name: {name}", f"tier: {tier}", f"needs: [{TOPICS[k % 5]}]", f"offers: [{TOPICS[(k + 2) % 5]}]"]
    if k % 3 == 0:
        lines.append(f'met_at: "[[{EVENTS[k % 2]}]]"')
    if k % 7 == 3:
        lines.append("status: paused")
    lines += ["---", "", "## Log", f"- 2026-0{3 + k % 2}-{1 + k % 20:02d} met: at [[{EVENTS[(k + 1) % 2]}]]"]
    lines.append(f"- 2026-0{3 + k % 4}-{2 + k % 25:02d} {'sent' if k % 2 else 'call'}: hello #got/insight")
    if k % 4 == 1:
        lines.append(f"- 2026-05-01 sent: meet [[{other}]] #gave/intro")
    return "\n".join(lines) + "\n"


def event_text(title: str, k: int) -> str:
    people = ", ".join(f'"[[{PEOPLE[(k + i) % 4]}]]"' for i in range(k % 3)) + (', "Ghost"' if k % 2 else "")
    fmt = ["open", "managed", "educational"][k % 3]
    return (f"---\ntitle: {title[11:]}\ndate: {title[:10]}\nformat: {fmt}\nhours: {1 + k % 4}\n"
            f"people: [{people.lstrip(', ')}]\n---\n")


def test_the_memos_equal_a_fresh_read_after_random_edits(tmp_path):
    import random

    from relnotes.core.events import event_returns, roi
    from relnotes.core.live import LiveIndex
    from relnotes.core.match import MatchMemo, top_matches
    from relnotes.core.returnsmemo import ReturnsMemo
    from relnotes.vault.load import NoteSet, load_index

    root = tmp_path
    (root / "contacts").mkdir()
    (root / "events").mkdir()
    for k, name in enumerate(PEOPLE):
        (root / "contacts" / f"{name}.md").write_text(contact_text(name, k), encoding="utf-8")
    for k, title in enumerate(EVENTS):
        (root / "events" / f"{title}.md").write_text(event_text(title, k), encoding="utf-8")
    config = load_config(root)
    notes = NoteSet(config)
    notes.load_all()
    today = date(2026, 6, 15)
    live = LiveIndex(config, notes.notes, notes.scan_problems, today)
    returns, top = ReturnsMemo(), MatchMemo()
    rng = random.Random(13)
    for step in range(120):
        k = rng.randrange(60)
        if rng.random() < 0.6:
            name = PEOPLE[k % 4]
            rel, text = f"contacts/{name}.md", contact_text(name, k)
        elif rng.random() < 0.7:
            title = EVENTS[k % 2]
            rel, text = f"events/{title}.md", event_text(title, k)
        elif rng.random() < 0.7:  # a daily note: mentions change in place
            rel, text = f"2026-06-0{1 + k % 3}.md", f"Lunch with [[{PEOPLE[k % 4]}]].\n"
        else:  # a new note: a full rebuild
            rel, text = f"contacts/Extra {k}.md", contact_text(f"Extra {k}", k)
        (root / rel).write_text(text, encoding="utf-8")
        notes.refresh([rel])
        live.update([rel])
        day = today if step % 10 else date(2026, 6, 15 + step // 10)
        index = load_index(config)
        expected = event_returns(index, day, config)
        assert [r.to_dict() for r in returns.returns(live.index, day, config)] == [r.to_dict() for r in expected], step
        for by in ("format", "purpose"):
            assert [g.to_dict() for g in returns.roi(by)] == [g.to_dict() for g in roi(expected, by)], (step, by)
        assert [r.to_dict() for r in top.top(live.index, 3)] == [r.to_dict() for r in top_matches(index, 3)], step
    assert live.full_rebuilds < 20  # most edits were done in place: the memos were put to work


def test_namesakes_met_at_one_event_keep_a_fresh_reads_order_after_an_edit(runner, tmp_path):
    """Two contacts of one name who say they met at the event: after one of them is edited,
    watch still lists them in the order a fresh read does (the index's), not edited-last."""
    root = tmp_path
    (root / "contacts" / "team").mkdir(parents=True)
    (root / "events").mkdir()
    (root / "relnotes.toml").write_text("", encoding="utf-8")
    (root / "events" / "Meetup.md").write_text("---\ntitle: Meetup\ndate: 2026-11-20\n---\n", encoding="utf-8")
    for rel in ("contacts/Ben Ode.md", "contacts/team/Ben Ode.md"):
        (root / rel).write_text('---\nname: Ben Ode\nmet_at: "[[Meetup]]"\n---\n', encoding="utf-8")
    config = load_config(root)
    today = date(2026, 11, 23)
    watcher = AgendaWatcher(config, None, today=lambda: today, log=lambda line: None, echo=lambda text: None,
                            use_cache=False)
    watcher.start()
    (root / "contacts" / "Ben Ode.md").write_text('---\nname: Ben Ode\nmet_at: "[[Meetup]]"\ntier: ally\n---\n',
                                                encoding="utf-8")
    watched = watcher.process(["contacts/Ben Ode.md"])
    assert watched is not None
    from relnotes.agenda.build import render

    owing = section(render(watched), "Events still owing")
    assert owing == section(agenda(runner, root, today="2026-11-23"), "Events still owing")
    assert owing.index("[[contacts/Ben Ode|") < owing.index("[[contacts/team/Ben Ode|")


def test_the_owing_section_keeps_to_agenda_limit(runner, make_vault):
    v = make_vault
    for day in (10, 11, 12):
        v.event(f"Meetup {day}", f"date: 2026-06-{day}\npeople: ['[[Ghost {day}]]']")
    v.write("relnotes.toml", "[vault]\nagenda_limit = 2\n")
    assert section(agenda(runner, v.root), "Events still owing first follow-ups") == """\
## Events still owing first follow-ups (3)

- [[Meetup 10]] (Jun 10): Ghost 10
- [[Meetup 11]] (Jun 11): Ghost 11
- … and 1 more: run `relnotes events` for them all

"""

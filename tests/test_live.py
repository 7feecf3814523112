"""Watch mode's live index, updated note by note, always equals a fresh read of the vault."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnotes.config import load_config
from relnotes.core.live import LiveIndex, _flat_key
from relnotes.core.model import DueItem
from relnotes.core.rules import due_items
from relnotes.vault.load import NoteSet, load_index

TODAY = date(2026, 11, 23)
PEOPLE = ["Ana Ruiz", "Ben Ode", "Cy Park", "Dee Lin"]
EVENTS = ["events/2026-11-10 Meetup.md", "events/2026-11-11 Dinner.md"]


def contact(name: str, k: int) -> str:
    tier = ["ally", "strategic", "active", "casual"][k % 4]
    lines = ["---", f"name: {name}", f"tier: {tier}", f"email: {name.split()[0].lower()}@x.example"]
    if k % 3 < 2:  # met at one event or the other, or neither: an edit can move it
        lines.append(f"met_at: \"[[{EVENTS[k % 3][7:-3]}]]\"")
    if k % 5 == 1:
        lines.append("snooze_until: 2026-11-25")
    lines += ["---", "", "## Log", f"- 2026-11-{10 + k % 12:02d} {'sent' if k % 2 else 'call'}: note {k}"]
    if k % 4 == 2:
        lines.append(f"- [ ] send the deck to [[{PEOPLE[k % 4]}]] 📅 2026-11-{15 + k % 10}")
    return "\n".join(lines) + "\n"


def event(k: int, title: str = "Meetup") -> str:
    people = ", ".join(f'"[[{PEOPLE[(k + i) % 4]}]]"' for i in range(k % 3)) + (', "Ghost Person"' if k % 2 else "")
    return (f"---\ntitle: {title}\ndate: 2026-11-{10 + k % 5}\npeople: [{people.lstrip(', ')}]\n---\n\n"
            f"- [ ] follow up with [[{PEOPLE[k % 4]}]] 📅 2026-11-2{k % 9}\n- [ ] book the room 📅 2026-11-{20 + k % 8}\n")


def daily(k: int) -> str:
    return f"Talked to [[{PEOPLE[k % 4]}]] and [[{PEOPLE[(k + 1) % 4]}]].\n"


def start(root, event_k: int, daily_k: int) -> tuple[NoteSet, LiveIndex]:
    """The small vault on disk, read, and its live index."""
    (root / "contacts").mkdir()
    (root / "events").mkdir()
    (root / "relnotes.toml").write_text("", encoding="utf-8")
    for k, name in enumerate(PEOPLE):
        (root / "contacts" / f"{name}.md").write_text(contact(name, k), encoding="utf-8")
    (root / "events" / "2026-11-10 Meetup.md").write_text(event(event_k), encoding="utf-8")
    (root / "events" / "2026-11-11 Dinner.md").write_text(event(event_k + 1, "Dinner"), encoding="utf-8")
    (root / "2026-11-12.md").write_text(daily(daily_k), encoding="utf-8")
    config = load_config(root)
    notes = NoteSet(config)
    notes.load_all()
    return notes, LiveIndex(config, notes.notes, notes.scan_problems, TODAY)


def fresh(root):
    config = load_config(root)
    index = load_index(config)
    return due_items(index, TODAY), [p.format() for p in index.problems]


EDITS = st.lists(st.tuples(st.sampled_from(["contact", "event", "daily", "rename", "add", "delete", "alias",
                                             "break"]), st.integers(0, 40)), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_any_edits_leave_it_equal_to_a_fresh_read(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("live")
    notes, live = start(root, 1, 0)
    in_place = 0
    for op, k in edits:
        name = PEOPLE[k % 4]
        if op == "contact":
            rel = f"contacts/{name}.md"
            text = contact(name, k)
        elif op == "event":
            rel = EVENTS[k % 2]
            text = event(k, "Meetup" if k % 2 == 0 else "Dinner")
        elif op == "daily":
            rel, text = "2026-11-12.md", daily(k)
        elif op == "alias":
            rel = f"contacts/{name}.md"
            text = contact(name, k).replace("tier:", f"aliases: [{name.split()[0]}{k}]\ntier:", 1)
        elif op == "break":
            rel = f"contacts/{name}.md"
            text = contact(name, k).replace("tier:", "tier: [unclosed\nx:", 1)
        elif op == "add":
            rel, text = f"contacts/Extra {k}.md", contact(f"Extra {k}", k)
        else:
            rel, text = f"contacts/{name}.md", None
        path = root / rel
        if text is None:
            if path.exists():
                path.unlink() if op == "delete" else path.rename(root / "contacts" / f"Moved {k}.md")
            changed = [rel, f"contacts/Moved {k}.md"] if op == "rename" else [rel]
        else:
            path.write_text(text, encoding="utf-8")
            changed = [rel]
        notes.refresh(changed)
        in_place += live.update(changed)
        items, problems = fresh(root)
        assert live.items(TODAY) == items, (op, k)
        assert [p.format() for p in live.index.problems] == problems, (op, k)


def test_a_content_edit_is_done_in_place(tmp_path):
    root = tmp_path
    notes, live = start(root, 2, 1)
    for rel, text in (("contacts/Ana Ruiz.md", contact("Ana Ruiz", 9)), ("events/2026-11-10 Meetup.md", event(5)),
                      ("2026-11-12.md", daily(2))):
        (root / rel).write_text(text, encoding="utf-8")
        notes.refresh([rel])
        assert live.update([rel]) is True
        assert live.items(TODAY) == fresh(root)[0]
    assert live.full_rebuilds == 1  # only the first build


NAMES = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=6)


@given(st.lists(st.builds(DueItem, contact=NAMES, file=st.just("f.md"), kind=NAMES, due=st.dates(), reason=NAMES,
                          tier=st.sampled_from([None, "ally", "strategic", "active", "casual"]), email=st.none(),
                          source=st.just("f.md")), max_size=12))
def test_the_flat_sort_key_sorts_like_the_tuple(items):
    assert sorted(items, key=_flat_key) == sorted(items, key=DueItem.sort_key)


def test_an_edited_notes_problems_take_the_place_and_order_a_fresh_read_gives(tmp_path):
    """Ben Ode shares Ana's email: the duplicate problem is filed on Ben and kept through an
    in-place edit (its line moves). A bad tier above it is parsed anew, a body link to nowhere
    and an unknown log kind above that link are added by linking: the three sources must end
    up in line order, among the other notes' problems, as a full sort puts them."""
    root = tmp_path
    notes, live = start(root, 1, 0)
    (root / "contacts" / "Ana Ruiz.md").write_text(contact("Ana Ruiz", 0).replace("ana@", "ben@"), encoding="utf-8")
    notes.refresh(["contacts/Ana Ruiz.md"])
    live.update(["contacts/Ana Ruiz.md"])  # emails changed: a rebuild

    def ben(extra_front: str, body: str) -> str:
        return (f"---\nname: Ben Ode\n{extra_front}email: ben@x.example\n---\n\n"
                f"## Log\n- 2026-11-01 wave: said hello\n- 2026-11-10 call: note\n\n## Notes\n{body}\n")

    rel = "contacts/Ben Ode.md"
    for front, body in (("tier: 7\n", "[[Nope]]"), ("tier: bogus\nsnooze_until: soon\n", "[[Nope]] and [[Zed]]"),
                        ("", "see [[Zed]]\n\n[[Nope]]"), ("status: gone\ntier: 9\n", "")):
        (root / rel).write_text(ben(front, body), encoding="utf-8")
        notes.refresh([rel])
        assert live.update([rel]) is True, front  # done in place
        items, problems = fresh(root)
        assert any(p.startswith(f"{rel}:") and "duplicate contact" in p for p in problems)
        assert [p.format() for p in live.index.problems] == problems, front
        assert live.items(TODAY) == items

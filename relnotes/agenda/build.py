"""The agenda note: whom to follow up with, as Markdown with wikilinks, written into the vault.

``render_agenda`` is pure (index and today in, text out). ``write_agenda`` writes only when
the bytes differ, so an unchanged agenda keeps its mtime and git shows no diff, and only to a
file relnotes wrote itself (its first line is :data:`HEADER`): never over a note, the config
or anyone else's file (``check_target``). No Click here.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from relnotes.core.dates import days_phrase, humane
from relnotes.core.events import EventReturn, GroupReturn, Person, verdict
from relnotes.core.index import Index
from relnotes.core.match import Introduction, MatchMemo
from relnotes.core.model import DueItem, Problem
from relnotes.core.returnsmemo import ReturnsMemo
from relnotes.core.rules import due_items
from relnotes.core.settings import Config

CHART_DAYS = 14
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TAG = re.compile(r"#(?=[^\s#])")
HEADER = "<!-- Written by relnotes (relnotes agenda, relnotes watch). Edits here are overwritten. -->"


@dataclass
class Agenda:
    """What the agenda shows, before it becomes Markdown."""

    today: date
    overdue: list[DueItem] = field(default_factory=list)
    today_items: list[DueItem] = field(default_factory=list)
    this_week: list[DueItem] = field(default_factory=list)
    waiting: list[DueItem] = field(default_factory=list)
    reviews: list[DueItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    per_day: list[int] = field(default_factory=list)  # the chart: late, then today .. today+13
    links: dict[str, tuple[str, str]] = field(default_factory=dict)  # vault path -> (link target, name)
    limit: int = 0  # items listed per section, the rest counted (vault.agenda_limit); 0 = all
    introductions: list[Introduction] = field(default_factory=list)  # the best few of `relnotes match`
    owing: list[EventReturn] = field(default_factory=list)  # recent events with people owed a first follow-up
    returns: list[GroupReturn] = field(default_factory=list)  # `relnotes roi --by format`

    def to_dict(self) -> dict[str, Any]:
        """``relnotes agenda --json`` (docs/json.md): each section as ``due --json`` items."""
        today = self.today
        return {
            "today": today.isoformat(),
            "overdue": [i.to_dict(today) for i in self.overdue],
            "due_today": [i.to_dict(today) for i in self.today_items],
            "this_week": [i.to_dict(today) for i in self.this_week],
            "waiting": [i.to_dict(today) for i in self.waiting],
            "reviews": [i.to_dict(today) for i in self.reviews],
            "problems": [p.to_dict() for p in self.problems],
            "per_day": {"late": self.per_day[0], "from_today": self.per_day[1:]},
            "introductions": [i.to_dict() for i in self.introductions],
            "events_owing": [{"event": r.event.title, "file": r.event.path, "date": r.date.isoformat(),
                              "people": [p.name for p in r.owed]} for r in self.owing],
            "roi": [g.to_dict() for g in self.returns],
        }

    def summary(self) -> str:
        """``5 overdue, 2 today, 3 this week`` (and problems, when there are any)."""
        text = f"{len(self.overdue)} overdue, {len(self.today_items)} today, {len(self.this_week)} this week"
        if self.problems:
            text += f", {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return text


def build_agenda(index: Index, today: date, config: Config | None = None, *, items: list[DueItem] | None = None,
                 links: dict[str, tuple[str, str]] | None = None) -> Agenda:
    """Sort the due items into the agenda's sections; items past the upcoming window are left out.

    Watch mode passes the day's ``items`` (in display order, as ``due_items`` gives them) and
    the note ``links`` it keeps current itself."""
    config = config or index.config
    if items is None:
        items = due_items(index, today, config)
    if links is None:
        links = link_targets(index)
    agenda = Agenda(today=today, problems=list(index.problems), links=links, limit=config.agenda_limit)
    # items come in display order, so by due date: each section is a slice found by bisection
    # (watch mode builds the agenda on every change, over every item)
    horizon = config.rules.upcoming.after(today)
    first_today = bisect_left(items, today, key=_due)
    after_today = bisect_right(items, today, key=_due)
    end = bisect_right(items, horizon, key=_due)
    # one pass over the items up to the horizon (a backlog can be tens of thousands long)
    own: dict[str, list[DueItem]] = {kind: [] for kind in OWN_SECTIONS}
    for bounds, section in (((0, first_today), agenda.overdue), ((first_today, after_today), agenda.today_items),
                            ((after_today, end), agenda.this_week)):
        add = section.append
        for item in items[bounds[0]:bounds[1]]:
            kept = own.get(item.kind)
            if kept is None:
                add(item)
            else:
                kept.append(item)
    agenda.waiting, agenda.reviews = own["waiting"], own["review"]
    # the chart: late, then one count per day; it stops at the calendar's last day (9999-12-31)
    chart_days = min(CHART_DAYS, (date.max - today).days + 1)
    late = first_today
    per_day = []
    for n in range(chart_days):
        day = today + timedelta(days=n)
        per_day.append(bisect_right(items, day, key=_due) - bisect_left(items, day, key=_due))
    agenda.per_day = [late, *per_day]
    _network(agenda, index, today, config)
    return agenda


# Watch mode builds the agenda on every change from an index changed in place: these work out
# again only what a change touches (a fresh index, as `relnotes agenda` reads, is worked out whole).
_RETURNS = ReturnsMemo()
_MATCHES = MatchMemo()


def _network(agenda: Agenda, index: Index, today: date, config: Config) -> None:
    """The sections that read the whole index: introductions, events owing follow-ups, event return."""
    agenda.introductions = _MATCHES.top(index, config.agenda_introductions) if config.agenda_introductions > 0 \
        else []
    returns = _RETURNS.returns(index, today, config)
    rules = config.rules
    # an event's people are owed a first follow-up until that follow-up is dropped as cold (due
    # does the same); returns come newest first, so the first one gone cold ends the search
    owing = []
    for r in returns:
        if today > rules.first_follow_up_stale.after(rules.first_follow_up.after(r.date)):
            break  # older ones went cold too
        if r.owed:  # (nobody is owed one yet for an event still to come)
            owing.append(r)
    agenda.owing = owing[::-1]
    agenda.returns = _RETURNS.roi("format")


OWN_SECTIONS = ("waiting", "review")  # kinds listed in a section of their own


def _due(item: DueItem) -> date:
    return item.due


def link_targets(index: Index) -> dict[str, tuple[str, str]]:
    """Each note's wikilink target and name; the target is the file stem, as Obsidian resolves
    it, or the path without ``.md`` when another note has the same stem."""
    stems = Counter(note.stem.casefold() for note in index.notes)
    return {
        note.path: (note.stem if stems[note.stem.casefold()] == 1 else note.path[:-3], note.name)
        for note in index.notes
    }


def render_agenda(index: Index, today: date, config: Config | None = None) -> str:
    """The agenda note as Markdown: LF line ends, a trailing newline, no timestamp."""
    return render(build_agenda(index, today, config))


def render(agenda: Agenda, memo: dict[int, tuple[DueItem, str]] | None = None) -> str:
    """The agenda note. ``memo`` (watch mode's, for one day and one set of links) keeps each
    item's line by the item's identity, so an unchanged item is not formatted again."""
    lines = [HEADER, f"# Agenda for {_long_date(agenda.today)}", ""]
    sections = (
        ("Overdue", agenda.overdue), ("Today", agenda.today_items), ("This week", agenda.this_week),
        ("Waiting on others", agenda.waiting), ("Reviews due", agenda.reviews),
    )
    limit = agenda.limit or None
    for title, items in sections:
        shown = items[:limit]
        body = [_memo_line(item, agenda, memo) for item in shown] if memo is not None \
            else [_item_line(item, agenda) for item in shown]
        if len(items) > len(shown):
            rest = len(items) - len(shown)
            body.append(f"- … and {rest} more: run `relnotes due` for the whole list")
        lines += _section(title, body, len(items))
    lines += _network_sections(agenda, limit)
    problems = agenda.problems[:limit]
    body = [f"- {_untag(p.format())}" for p in problems]
    if len(agenda.problems) > len(problems):
        body.append(f"- … and {len(agenda.problems) - len(problems)} more: run `relnotes check` for them all")
    lines += _section("Problems", body, len(agenda.problems))
    lines += _chart(agenda)
    lines += _roi_chart(agenda)
    return "\n".join(lines) + "\n"


def _network_sections(agenda: Agenda, limit: int | None) -> list[str]:
    lines = _section("Introductions to make", [_intro_line(i, agenda) for i in agenda.introductions])
    owing = agenda.owing[:limit]
    body = [_owing_line(r, agenda) for r in owing]
    if len(agenda.owing) > len(owing):
        body.append(f"- … and {len(agenda.owing) - len(owing)} more: run `relnotes events` for them all")
    return lines + _section("Events still owing first follow-ups", body, len(agenda.owing))


def _link(path: str, name: str, agenda: Agenda) -> str:
    link = agenda.links.get(path)
    if link is None:
        return _untag(name)
    target, shown = link
    return f"[[{target}]]" if target == shown else f"[[{target}|{shown}]]"


def _intro_line(row: Introduction, agenda: Agenda) -> str:
    """``- [[Priya]] needs "intro to VCs" — [[Vera]] offers "VC intros" (intro ~ intros, VCs ~ VC)``."""
    explained = ", ".join(a if a.casefold() == b.casefold() else f"{a} ~ {b}" for a, b in row.words)
    a, b = row.needs, row.offers
    return (f'- {_link(a.path, a.name, agenda)} needs "{_untag(row.need)}" — {_link(b.path, b.name, agenda)} '
            f'offers "{_untag(row.offer)}" ({_untag(explained)})')


def _owing_line(r: EventReturn, agenda: Agenda) -> str:
    """``- [[2026-11-19 Fintech Breakfast|Fintech Breakfast]] (Nov 19): [[Priya Raman]], Sam Lee``."""
    people = ", ".join(_person(p, agenda) for p in r.owed)
    return f"- {_link(r.event.path, r.event.title, agenda)} ({humane(r.date, agenda.today)}): {people}"


def _person(person: Person, agenda: Agenda) -> str:
    contact = person.contact
    return _untag(person.name) if contact is None else _link(contact.path, person.name, agenda)


def _roi_chart(agenda: Agenda) -> list[str]:
    """Lasting relationships per 10 hours, per format: the groups whose hours are known."""
    shown = [g for g in agenda.returns if g.lasting_per_hour is not None]
    lines = ["", "## Event return by format", ""]
    if not shown:
        return [*lines, "None yet: give your event debriefs `format:` and `hours:` to see which kind pays off."]
    values = [round(10 * (g.lasting_per_hour or 0.0), 1) for g in shown]
    labels = ", ".join('"' + (g.group or "no format").replace('"', "'") + '"' for g in shown)
    return [
        *lines,
        "```mermaid",
        "xychart-beta",
        '    title "Lasting relationships per 10 hours of events"',
        f"    x-axis [{labels}]",
        f'    y-axis "Lasting per 10 h" 0 --> {max(1, math.ceil(max(values)))}',
        f"    bar [{', '.join(f'{v:g}' for v in values)}]",
        "```",
        "",
        _untag(verdict(agenda.returns, "format")) + ".",
    ]


def _section(title: str, body: list[str], count: int | None = None) -> list[str]:
    return [f"## {title} ({len(body) if count is None else count})", "", *(body or ["None."]), ""]


def _item_line(item: DueItem, agenda: Agenda) -> str:
    """``- [[Jane Doe]] — nudge, 3 days late: sent on Nov 13, no reply yet``."""
    when = days_phrase(item.days_overdue(agenda.today))
    return f"- {_subject(item, agenda.links.get(item.file))} — {item.kind}, {when}: {_untag(item.reason)}"


def _memo_line(item: DueItem, agenda: Agenda, memo: dict[int, tuple[DueItem, str]]) -> str:
    kept = memo.get(id(item))
    if kept is not None and kept[0] is item:
        return kept[1]
    line = _item_line(item, agenda)
    memo[id(item)] = (item, line)  # holding the item keeps its id from being reused
    return line


def _untag(text: str) -> str:
    """``\\#gave``: a #tag quoted from a note would otherwise tag the agenda itself in Obsidian."""
    return TAG.sub(r"\\#", text)


def _subject(item: DueItem, link: tuple[str, str] | None) -> str:
    """A wikilink to the item's note; someone with no note yet is named, with a link to the event."""
    if link is None:
        return item.contact
    target, name = link
    wikilink = f"[[{target}]]" if target == name else f"[[{target}|{name}]]"
    return wikilink if name == item.contact else f"{item.contact} ({wikilink})"


def _chart(agenda: Agenda) -> list[str]:
    days = [agenda.today + timedelta(days=n) for n in range(len(agenda.per_day) - 1)]  # never past date.max
    labels = ", ".join(f'"{label}"' for label in ["late", *(_short_date(d) for d in days)])
    top = max(1, *agenda.per_day)
    return [
        "## Next two weeks",
        "",
        "```mermaid",
        "xychart-beta",
        f'    title "Follow-ups per day from {_long_date(agenda.today)}"',
        f"    x-axis [{labels}]",
        f'    y-axis "Follow-ups" 0 --> {top}',
        f"    bar [{', '.join(str(n) for n in agenda.per_day)}]",
        "```",
    ]


def _short_date(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {d.day}"


def _long_date(d: date) -> str:
    """``Mon 23 Nov 2026`` without the locale (strftime's names depend on it)."""
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"























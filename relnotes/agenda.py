"""The agenda note: whom to follow up with, as Markdown with wikilinks, written into the vault.

``render_agenda`` is pure (index and today in, text out). ``write_agenda`` writes only when
the bytes differ, so an unchanged agenda keeps its mtime and git shows no diff. No Click here.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .config import Config
from .errors import VaultError
from .index import Index
from .model import DueItem, Problem
from .notefile import replace_file
from .output import days_phrase
from .rules import bucket, due_items, within

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

    def summary(self) -> str:
        """``5 overdue, 2 today, 3 this week`` (and problems, when there are any)."""
        text = f"{len(self.overdue)} overdue, {len(self.today_items)} today, {len(self.this_week)} this week"
        if self.problems:
            text += f", {len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}"
        return text


def build_agenda(index: Index, today: date, config: Config | None = None) -> Agenda:
    """Sort the due items into the agenda's sections; items past the upcoming window are left out."""
    config = config or index.config
    items = due_items(index, today, config)
    agenda = Agenda(today=today, problems=list(index.problems), links=_link_targets(index))
    by_kind = {"waiting": agenda.waiting, "review": agenda.reviews}  # kinds with a section of their own
    by_bucket = {"overdue": agenda.overdue, "today": agenda.today_items, "upcoming": agenda.this_week}
    for item in within(items, today, config.rules.upcoming):
        section = by_kind[item.kind] if item.kind in by_kind else by_bucket[bucket(item, today)]
        section.append(item)
    agenda.per_day = _per_day(items, today)
    return agenda


def _per_day(items: list[DueItem], today: date) -> list[int]:
    counts = Counter((item.due - today).days for item in items)
    late = sum(n for days, n in counts.items() if days < 0)
    return [late] + [counts.get(day, 0) for day in range(CHART_DAYS)]


def _link_targets(index: Index) -> dict[str, tuple[str, str]]:
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


def render(agenda: Agenda) -> str:
    lines = [HEADER, f"# Agenda for {_long_date(agenda.today)}", ""]
    sections = (
        ("Overdue", agenda.overdue), ("Today", agenda.today_items), ("This week", agenda.this_week),
        ("Waiting on others", agenda.waiting), ("Reviews due", agenda.reviews),
    )
    for title, items in sections:
        lines += _section(title, [_item_line(item, agenda) for item in items])
    lines += _section("Problems", [f"- {_untag(p.format())}" for p in agenda.problems])
    lines += _chart(agenda)
    return "\n".join(lines) + "\n"


def _section(title: str, body: list[str]) -> list[str]:
    return [f"## {title} ({len(body)})", "", *(body or ["None."]), ""]


def _item_line(item: DueItem, agenda: Agenda) -> str:
    """``- [[Jane Doe]] — nudge, 3 days late: sent on Nov 13, no reply yet``."""
    when = days_phrase(item.days_overdue(agenda.today))
    return f"- {_subject(item, agenda.links.get(item.file))} — {item.kind}, {when}: {_untag(item.reason)}"


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
    days = [agenda.today + timedelta(days=n) for n in range(CHART_DAYS)]
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


def agenda_path(config: Config, out: Path | None = None) -> Path:
    """Where the agenda goes: ``out``, else ``agenda_file`` at the vault root.

    An ``out`` inside the vault becomes this run's ``agenda_file``, so it is never read as a note.
    """
    if out is None:
        return config.root / config.agenda_file
    target = out.resolve()
    with contextlib.suppress(ValueError):  # outside the vault: nothing to hide from the scan
        config.agenda_file = target.relative_to(config.root.resolve()).as_posix()
    return target


def write_agenda(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically when its bytes differ; False (and untouched) otherwise."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise VaultError(f"cannot read {path}: {exc.strerror}") from None
    try:
        replace_file(path, data)
    except OSError as exc:
        raise VaultError(f"cannot write {path}: {exc.strerror}") from None
    return True


def update_agenda(path: Path, index: Index, today: date) -> tuple[bool, Agenda]:
    """Render and write the agenda: whether the file changed, and what it shows."""
    agenda = build_agenda(index, today)
    return write_agenda(path, render(agenda)), agenda


def refresh_if_configured(config: Config, index: Index, today: date) -> Path | None:
    """For editing commands: rewrite the agenda when ``[vault] refresh_agenda = true``.

    Returns the agenda's path when the file changed, None when refreshing is off or nothing
    changed. Raises VaultError when the file cannot be written (the caller's edit stands).
    """
    if not config.refresh_agenda:
        return None
    path = agenda_path(config)
    changed, _ = update_agenda(path, index, today)
    return path if changed else None

"""Plain dataclasses for what the vault holds and what the rules yield. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relnotes.core.dates import Duration
from relnotes.core.settings import TIERS

TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}  # ally first
NO_TIER_RANK = TIER_RANK["casual"]  # no tier (or one relnotes does not know) sorts as casual

# The display order of due items (SPEC section 3), the one definition: by due date, then tier
# (ally first; no tier sorts as casual), then name in any letter case, then kind and reason, so
# that items alike in all that still come out in one order. ``DueItem.sort_key`` is the key;
# DUE_ORDER names its parts, in turn. The cache stores the parts in columns of these names and
# has SQLite order by them (vault/cache.py); watch's live index joins them into one string
# (core/live.py).
DUE_ORDER = ("due", "tier_rank", "contact_key", "kind", "reason")


@dataclass
class Problem:
    """Something wrong in one file; ``skipped`` when the whole note was left out."""

    file: str
    line: int | None
    message: str
    skipped: bool = False

    def format(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "message": self.message, "skipped": self.skipped}


@dataclass
class Link:
    """A wikilink or plain-name reference as written, with the line it is on."""

    target: str  # as written: no brackets, no |alias, no #heading
    line: int | None


@dataclass
class LogEntry:
    date: date
    kind: str
    text: str
    line: int
    gave: list[str] = field(default_factory=list)  # "" for a bare #gave, else the subtype
    got: list[str] = field(default_factory=list)
    review_day: int | None = None
    links: list[str] = field(default_factory=list)

    @property
    def is_touchpoint(self) -> bool:
        return self.kind not in ("note", "review")


@dataclass
class Task:
    text: str  # the task's text without the checkbox, dates or #waiting
    raw: str  # the whole line as written
    status: str  # "open", "done" or "cancelled"
    due: date | None
    done_on: date | None
    waiting: bool
    line: int
    links: list[str] = field(default_factory=list)


@dataclass
class Note:
    """What one Markdown file yields; the unit a cache stores."""

    path: str  # relative to the vault, with "/"
    kind: str  # "contact", "event", "daily" or "other"
    stem: str
    problems: list[Problem] = field(default_factory=list)
    skipped: bool = False
    fields: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    log: list[LogEntry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # body links (outside code, quotes, embeds)
    mentions: list[str] = field(default_factory=list)  # daily notes: links that count as a mention
    has_front_matter: bool = False
    transient: bool = False  # could not be read this time (gone, no permission): never cached

    @property
    def name(self) -> str:
        key = "title" if self.kind == "event" else "name"
        return self.fields.get(key) or self.stem


@dataclass
class Contact:
    note: Note
    name: str
    aliases: list[str]
    emails: list[str]
    phones: list[str]
    tier: str
    status: str
    cadence: Duration | None
    cadence_set: bool
    tags: list[str]
    met: date | None
    met_at: Link | None
    last_contact: date | None
    follow_up: date | None
    follow_up_note: str | None
    snooze_until: date | None
    birthday: tuple[int, int] | None
    birth_year: int | None
    needs: list[str]
    offers: list[str]
    company: str | None = None
    role: str | None = None
    location: str | None = None
    linkedin: str | None = None
    website: str | None = None
    uid: str | None = None
    # filled in when the index links notes together
    events: list[Event] = field(default_factory=list)  # events whose people list this contact
    met_at_event: Event | None = None
    mentions: list[tuple[date, str]] = field(default_factory=list)  # (date, daily note path)
    debrief_tasks: list[tuple[Task, Event]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.note.path

    @property
    def email(self) -> str | None:
        return self.emails[0] if self.emails else None


@dataclass
class Event:
    note: Note
    title: str
    date: date | None
    people: list[Link]
    purpose: str | None = None
    goal: str | None = None
    format: str | None = None
    cost: float | None = None
    hours: float | None = None
    rating: int | None = None
    people_contacts: list[Contact] = field(default_factory=list)
    ghosts: list[str] = field(default_factory=list)  # people as written who have no note
    own_tasks: list[Task] = field(default_factory=list)  # debrief tasks that link no contact

    @property
    def path(self) -> str:
        return self.note.path


@dataclass(slots=True)  # thousands are made on every run: slots make that quicker and smaller
class DueItem:
    contact: str
    file: str
    kind: str
    due: date
    reason: str
    tier: str | None
    email: str | None
    source: str  # file:line the item comes from

    def days_overdue(self, today: date) -> int:
        return (today - self.due).days

    def sort_key(self) -> tuple[date, int, str, str, str]:
        """The item's place in the display order: the parts DUE_ORDER names."""
        return (self.due, TIER_RANK.get(self.tier or "", NO_TIER_RANK), self.contact.casefold(), self.kind, self.reason)

    def to_dict(self, today: date) -> dict[str, Any]:
        return {
            "contact": self.contact,
            "file": self.file,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue(today),
            "reason": self.reason,
            "tier": self.tier,
            "email": self.email,
        }

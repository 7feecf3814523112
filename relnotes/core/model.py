"""Plain dataclasses for what the vault holds and what the rules yield. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relnotes.core.dates import Duration
from relnotes.core.fields import (
    BIRTHDAY,
    CHOICE,
    DATE,
    DURATION,
    EMAILS,
    NUMBER,
    RATING,
    REFERENCE,
    REFERENCES,
    TAGS,
    TEXT,
    TEXTS,
    fields_of,
    spec,
)
from relnotes.core.settings import DEFAULT_STATUS, DEFAULT_TIER, PURPOSES, STATUSES, TIERS
from relnotes.core.summary import ProblemSummary as ProblemSummary
from relnotes.core.summary import problem_text

TIER_RANK = {tier: rank for rank, tier in enumerate(TIERS)}  # ally first
NO_TIER_RANK = TIER_RANK[DEFAULT_TIER]  # no tier (or one relnotes does not know) sorts as casual

# The display order of due items (SPEC section 3), the one definition: by due date, then tier
# (ally first; no tier sorts as casual), then name in any letter case, then kind and reason, so
# that items alike in all that still come out in one order. ``DueItem.sort_key`` is the key;
# DUE_ORDER names its parts, in turn. The cache stores the parts in columns of these names and
# has SQLite order by them (vault/cache.py); watch's live index joins them into one string
# (core/live.py).
DUE_ORDER = ("due", "tier_rank", "contact_key", "kind", "reason")


@dataclass(slots=True)
class Problem:
    """Something wrong in one file; ``skipped`` when the whole note was left out."""

    file: str
    line: int | None
    message: str
    skipped: bool = False

    def format(self) -> str:
        return problem_text(self.file, self.line, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "message": self.message, "skipped": self.skipped}


@dataclass(slots=True)
class Link:
    """A wikilink or plain-name reference as written, with the line it is on."""

    target: str  # as written: no brackets, no |alias, no #heading
    line: int | None


@dataclass(slots=True)
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


@dataclass(slots=True)
class Task:
    text: str  # the task's text without the checkbox, dates or #waiting
    raw: str  # the whole line as written
    status: str  # "open", "done" or "cancelled"
    due: date | None
    done_on: date | None
    waiting: bool
    line: int
    links: list[str] = field(default_factory=list)


@dataclass(slots=True)
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



@dataclass(slots=True)
class Contact:
    """A contact note, read. Its front-matter fields (SPEC 2.1) are declared here and nowhere else.

    Each ``spec(...)`` attribute is one key: its kind and flags drive checking, the profile,
    ``find``, templates and ``add`` (see core/fields.py; ``CONTACT_FIELDS`` below is this table).
    The order is the order ``add`` writes keys in and ``show`` lists its rows in.
    """

    note: Note
    name: str = spec("name", TEXT, default="", is_name=True, find="name", add=True)  # default: the file stem
    emails: list[str] = spec("email", EMAILS, primary=True, find="email", show=True, add=True)
    phones: list[str] = spec("phone", TEXTS, primary=True, find="phone", show=True)
    aliases: list[str] = spec("aliases", TEXTS, is_name=True, find="alias", show=True)
    company: str | None = spec("company", TEXT, find="company", add=True)
    role: str | None = spec("role", TEXT, find="role", add=True)
    location: str | None = spec("location", TEXT, find="location")
    tier: str = spec("tier", CHOICE, choices=TIERS, default=DEFAULT_TIER, add=True)
    tags: list[str] = spec("tags", TAGS, find="tag", show=True, add=True)
    linkedin: str | None = spec("linkedin", TEXT, find="linkedin", show=True)
    website: str | None = spec("website", TEXT, find="website", show=True)
    cadence: Duration | None = spec("cadence", DURATION, also="cadence_set", template=False)  # templates: in effect
    cadence_set: bool = False  # the note says cadence (`none` too), so the tier's does not apply
    met: date | None = spec("met", DATE, add=True)
    met_at: Link | None = spec("met_at", REFERENCE, add=True)
    last_contact: date | None = spec("last_contact", DATE, template=False)  # templates: the newest touchpoint
    follow_up: date | None = spec("follow_up", DATE)
    follow_up_note: str | None = spec("follow_up_note", TEXT, find="follow_up_note")
    snooze_until: date | None = spec("snooze_until", DATE)
    status: str = spec("status", CHOICE, choices=STATUSES, default=DEFAULT_STATUS)
    needs: list[str] = spec("needs", TEXTS, find="needs")
    offers: list[str] = spec("offers", TEXTS, find="offers")
    birthday: tuple[int, int] | None = spec("birthday", BIRTHDAY, also="birth_year")  # (month, day)
    birth_year: int | None = None
    uid: str | None = spec("uid", TEXT, find="uid")
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


@dataclass(slots=True)
class Event:
    """An event note (a debrief), read; its front-matter fields (SPEC 2.4) are declared as on Contact."""

    note: Note
    title: str = spec("title", TEXT, default="")  # default: the file stem
    date: date | None = spec("date", DATE)  # required; parse takes it from the file name if need be
    people: list[Link] = spec("people", REFERENCES, template=False)  # templates: names, ghosts too
    purpose: str | None = spec("purpose", CHOICE, choices=PURPOSES)
    goal: str | None = spec("goal", TEXT)
    format: str | None = spec("format", TEXT)
    cost: float | None = spec("cost", NUMBER, template=False)
    hours: float | None = spec("hours", NUMBER, template=False)
    rating: int | None = spec("rating", RATING)
    tags: list[str] = spec("tags", TAGS, template=False)
    aliases: list[str] = spec("aliases", TEXTS, template=False)
    people_contacts: list[Contact] = field(default_factory=list)
    ghosts: list[str] = field(default_factory=list)  # people as written who have no note
    own_tasks: list[Task] = field(default_factory=list)  # debrief tasks that link no contact

    @property
    def path(self) -> str:
        return self.note.path


CONTACT_FIELDS = fields_of(Contact)
EVENT_FIELDS = fields_of(Event)


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

"""The seven follow-up rules (SPEC section 3) as pure functions of (index, today, config)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import MAXYEAR, MINYEAR, date
from typing import TYPE_CHECKING

from relnotes.core.dates import Duration, birthday_in, shift
from relnotes.core.model import Contact, DueItem, Event, Task
from relnotes.core.settings import DEFAULT_STATUS, Config
from relnotes.core.shown import ago as _ago
from relnotes.core.shown import bucket as bucket
from relnotes.core.shown import render_reason as render_reason
from relnotes.core.shown import when as _when
from relnotes.core.timeline import Touch, latest_meeting, log_touches, meetings, touchpoints

if TYPE_CHECKING:
    from relnotes.core.index import Index

RULES = ("first-follow-up", "nudge", "follow-up", "commitment", "waiting", "keep-in-touch", "review", "birthday")

_YEARS_AHEAD = 2  # candidates made for a day in year Y cover birthdays up to Y + 2


@dataclass(slots=True)
class Candidate(DueItem):
    """A due item as the rules see it, for any day: shown from ``shown_from`` to ``shown_until``
    (inclusive, None = open), its reason holding date tokens. ``at(today)`` is the item of a day."""

    shown_from: date | None = None
    shown_until: date | None = None

    def shown(self, today: date) -> bool:
        return (self.shown_from is None or self.shown_from <= today) and (
            self.shown_until is None or today <= self.shown_until
        )

    def at(self, today: date) -> DueItem:
        return DueItem(self.contact, self.file, self.kind, self.due, render_reason(self.reason, today),
                       self.tier, self.email, self.source)


def years_for(today: date) -> range:
    """The birthday years candidates need to be right for every day of ``today``'s year and the next."""
    return range(today.year - 1, today.year + _YEARS_AHEAD + 1)


def _item(contact: Contact, kind: str, due: date, reason: str, source: str, until: date | None = None) -> Candidate:
    return Candidate(contact.name, contact.path, kind, due, reason, contact.tier, contact.email, source,
                     None, until)


def _clean(text: str) -> str:
    """Note text as it may go into a reason: without the two characters that mark date tokens."""
    return text.replace("\ue000", "").replace("\ue001", "")


def _short(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters; a cut never splits a #tag (it goes whole)."""
    text = " ".join(_clean(text).replace("[[", "").replace("]]", "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    last = cut.rfind(" ") + 1
    if cut[last:].startswith("#") and last > 0:
        cut = cut[:last]
    return cut.rstrip() + "…"


@dataclass
class History:
    """A contact's meetings and touchpoints, worked out once for all the rules."""

    meetings: list[Touch]
    log_touches: list[Touch]
    touchpoints: list[Touch]

    @classmethod
    def of(cls, contact: Contact) -> History:
        return cls(meetings(contact), log_touches(contact), touchpoints(contact))


def first_follow_up(contact: Contact, history: History, config: Config, years: range) -> Iterator[Candidate]:
    latest = latest_meeting(contact, history.meetings)
    if latest is None:
        return
    if any(t.kind != "met" and t.key > latest.key for t in history.touchpoints):
        return
    due = config.rules.first_follow_up.after(latest.date)
    until = config.rules.first_follow_up_stale.after(due)
    yield _item(contact, "first-follow-up", due, _met_reason(latest), latest.source, until)


def _met_reason(meeting: Touch) -> str:
    when = _when(meeting.date)
    if meeting.event is not None:
        return f"met at {_clean(meeting.event.title)} on {when}, no follow-up yet"
    if meeting.text:
        return f"met on {when} ({_short(meeting.text, 50)}), no follow-up yet"
    return f"met on {when}, no follow-up yet"


def nudge(contact: Contact, history: History, config: Config, years: range) -> Iterator[Candidate]:
    touches = history.log_touches
    if not touches or touches[-1].kind != "sent":
        return
    if len(touches) > 1 and touches[-2].kind == "sent":
        return  # two unanswered in a row: no pestering
    sent = touches[-1]
    due = config.rules.nudge.after(sent.date)
    what = f" ({_short(sent.text, 50)})" if sent.text else ""
    yield _item(contact, "nudge", due, f"sent on {_when(sent.date)}{what}, no reply yet", sent.source)


def follow_up(contact: Contact, history: History, config: Config, years: range) -> Iterator[Candidate]:
    planned = contact.follow_up
    if planned is None:
        return
    if any(t.date >= planned for t in history.touchpoints):
        return
    note = contact.follow_up_note
    reason = f"follow-up planned: {_short(note)}" if note else f"follow-up planned for {_when(planned)}"
    line = contact.note.field_lines.get("follow_up")
    yield _item(contact, "follow-up", planned, reason, f"{contact.path}:{line}" if line else contact.path)


def _task_items(owner: Contact | None, event: Event | None, task: Task, path: str,
                config: Config) -> Iterator[Candidate]:
    if task.status != "open" or task.due is None:
        return
    source = f"{path}:{task.line}"
    what = _short(task.text) or "(a task with no text)"
    where = f" (from {_clean(event.title)})" if event is not None and owner is not None else ""
    if task.waiting:
        due = config.rules.waiting.after(task.due)
        kind, reason = "waiting", f"waiting on them since {_when(task.due)}: {what}{where}"
    else:
        due = task.due
        kind, reason = "commitment", f"you promised: {what}{where}"
    if owner is not None:
        yield _item(owner, kind, due, reason, source)
    elif event is not None:
        yield Candidate(event.title, event.path, kind, due, reason, None, None, source)


def commitments(contact: Contact, history: History, config: Config, years: range) -> Iterator[Candidate]:
    for task in contact.note.tasks:
        yield from _task_items(contact, None, task, contact.path, config)
    for task, event in contact.debrief_tasks:
        yield from _task_items(contact, event, task, event.path, config)


def keep_in_touch(contact: Contact, history: History, config: Config, years: range) -> Iterator[Candidate]:
    cadence = contact.cadence if contact.cadence_set else config.cadence.get(contact.tier)
    if cadence is None or not history.touchpoints:
        return
    last = history.touchpoints[-1]
    due = cadence.after(last.date)
    why = f"cadence {cadence}" if contact.cadence_set else f"{contact.tier} tier: every {cadence}"
    reason = f"last contact {_when(last.date)} ({_ago(last.date)}); {why}"
    yield _item(contact, "keep-in-touch", due, reason, last.source)


def review(contact: Contact, history: History, config: Config, years: range) -> Iterator[Candidate]:
    if not history.meetings:
        return
    first = history.meetings[0]
    done = {e.review_day for e in contact.note.log if e.kind == "review"}
    for day in config.rules.review_checkpoints:
        if day in done:
            continue
        due = shift(first.date, day)
        reason = f"{day}-day review: is this relationship worth your time? (first met {_when(first.date)})"
        yield _item(contact, "review", due, reason, first.source, config.rules.review_stale.after(due))


def birthday(contact: Contact, history: History, config: Config, years: range) -> Iterator[Candidate]:
    """One candidate a year: shown once last year's is stale, until this year's is."""
    if contact.birthday is None or contact.tier not in config.rules.birthday_tiers:
        return
    month, day = contact.birthday
    stale = config.rules.birthday_stale
    line = contact.note.field_lines.get("birthday")
    for year in years:
        if not MINYEAR < year < MAXYEAR:
            continue  # no calendar to hold the year before or after
        due = birthday_in(year, month, day)
        after_last = shift(stale.after(birthday_in(year - 1, month, day)), 1)
        # once today's year is past it, last year's no longer counts, stale or not (stale > 1 year)
        shown_from = max(date(year - 1, 1, 1), min(after_last, date(year + 1, 1, 1)))
        turns = f", turns {year - contact.birth_year}" if contact.birth_year and year > contact.birth_year else ""
        candidate = _item(contact, "birthday", due, f"birthday on {_when(due)}{turns}",
                          f"{contact.path}:{line}" if line else contact.path,
                          min(stale.after(due), date(year + 1, 12, 31)))
        candidate.shown_from = shown_from
        yield candidate


CONTACT_RULES = (first_follow_up, nudge, follow_up, commitments, keep_in_touch, review, birthday)


def contact_candidates(contact: Contact, config: Config, years: range) -> list[Candidate]:
    """Every candidate of one contact, after its status and snooze are applied."""
    history = History.of(contact)
    items = [item for rule in CONTACT_RULES for item in rule(contact, history, config, years)]
    if contact.status != DEFAULT_STATUS:  # paused, archived
        items = [i for i in items if i.kind == "commitment"]
    snooze = contact.snooze_until
    if snooze is None:
        return items
    out: list[Candidate] = []
    for item in items:
        if item.due >= snooze:
            out.append(item)
            continue
        # before the snooze date the item waits for it; from then on it is as it was
        snoozed = replace(item, due=snooze, reason=f"{item.reason} (snoozed until {_when(snooze)})")
        snoozed.shown_until = _earlier(item.shown_until, shift(snooze, -1))
        item.shown_from = _later(item.shown_from, snooze)
        out.extend(c for c in (snoozed, item) if _open(c))
    return out


def _earlier(a: date | None, b: date) -> date:
    return b if a is None else min(a, b)


def _later(a: date | None, b: date) -> date:
    return b if a is None else max(a, b)


def _open(c: Candidate) -> bool:
    return c.shown_from is None or c.shown_until is None or c.shown_from <= c.shown_until


def contact_items(contact: Contact, today: date, config: Config) -> list[DueItem]:
    return [c.at(today) for c in contact_candidates(contact, config, years_for(today)) if c.shown(today)]


def ghost_candidates(events: list[Event], config: Config) -> list[Candidate]:
    """First follow-ups for people listed at events who have no contact note yet."""
    latest: dict[str, tuple[date, str, Event]] = {}
    for event in events:
        if event.date is None:
            continue
        for name in event.ghosts:
            key = " ".join(name.split()).casefold()
            if key not in latest or event.date >= latest[key][0]:
                latest[key] = (event.date, name, event)
    items = []
    for when, name, event in latest.values():
        due = config.rules.first_follow_up.after(when)
        line = event.note.field_lines.get("people")
        reason = f"met at {_clean(event.title)} on {_when(when)}, no follow-up yet (no contact note yet)"
        items.append(Candidate(name, event.path, "first-follow-up", due, reason, None, None,
                               f"{event.path}:{line}" if line else event.path,
                               None, config.rules.first_follow_up_stale.after(due)))
    return items


def ghost_items(events: list[Event], today: date, config: Config) -> list[DueItem]:
    return [c.at(today) for c in ghost_candidates(events, config) if c.shown(today)]


def candidates(index: Index, years: range, config: Config | None = None) -> list[Candidate]:
    """Every candidate of the vault: what ``due`` shows on any day of ``years`` (``years_for``)."""
    config = config or index.config
    out: list[Candidate] = []
    for contact in index.contacts:
        out.extend(contact_candidates(contact, config, years))
    out.extend(ghost_candidates(index.events, config))
    for event in index.events:
        out.extend(event_candidates(event, config))
    return out


def event_candidates(event: Event, config: Config) -> list[Candidate]:
    """An event's own tasks: debrief tasks that name no contact."""
    return [c for task in event.own_tasks for c in _task_items(None, event, task, event.path, config)]


def items_at(found: list[Candidate], today: date) -> list[DueItem]:
    """The items of one day, in display order (due date, tier, name)."""
    items = [c.at(today) for c in found if c.shown(today)]
    items.sort(key=DueItem.sort_key)
    return items


def due_items(index: Index, today: date, config: Config | None = None) -> list[DueItem]:
    """Every item of every rule on ``today``, in display order (due date, tier, name)."""
    return items_at(candidates(index, years_for(today), config), today)


def within(items: list[DueItem], today: date, window: Duration) -> list[DueItem]:
    """Overdue, today, and upcoming up to ``window`` after today."""
    horizon = window.after(today)
    return [item for item in items if item.due <= horizon]



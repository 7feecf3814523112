"""The seven follow-up rules (SPEC section 3) as pure functions of (index, today, config)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from .config import Config
from .dates import Duration, birthday_in, humane
from .index import Index
from .model import Contact, DueItem, Event, Task
from .timeline import Touch, last_contact, latest_meeting, log_touches, meetings, touchpoints

RULES = ("first-follow-up", "nudge", "follow-up", "commitment", "waiting", "keep-in-touch", "review", "birthday")


def is_stale(due: date, today: date, window: Duration) -> bool:
    """More than ``window`` overdue."""
    return window.after(due) < today


def _item(contact: Contact, kind: str, due: date, reason: str, source: str) -> DueItem:
    return DueItem(contact.name, contact.path, kind, due, reason, contact.tier, contact.email, source)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.replace("[[", "").replace("]]", "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_follow_up(contact: Contact, today: date, config: Config) -> Iterator[DueItem]:
    latest = latest_meeting(contact)
    if latest is None:
        return
    if any(t.kind != "met" and t.key > latest.key for t in touchpoints(contact)):
        return
    due = config.rules.first_follow_up.after(latest.date)
    if is_stale(due, today, config.rules.first_follow_up_stale):
        return
    yield _item(contact, "first-follow-up", due, _met_reason(latest, today), latest.source)


def _met_reason(meeting: Touch, today: date) -> str:
    when = humane(meeting.date, today)
    if meeting.event is not None:
        return f"met at {meeting.event.title} on {when}, no follow-up yet"
    if meeting.text:
        return f"met on {when} ({_short(meeting.text, 50)}), no follow-up yet"
    return f"met on {when}, no follow-up yet"


def nudge(contact: Contact, today: date, config: Config) -> Iterator[DueItem]:
    touches = log_touches(contact)
    if not touches or touches[-1].kind != "sent":
        return
    if len(touches) > 1 and touches[-2].kind == "sent":
        return  # two unanswered in a row: no pestering
    sent = touches[-1]
    due = config.rules.nudge.after(sent.date)
    what = f" ({_short(sent.text, 50)})" if sent.text else ""
    yield _item(contact, "nudge", due, f"sent on {humane(sent.date, today)}{what}, no reply yet", sent.source)


def follow_up(contact: Contact, today: date, config: Config) -> Iterator[DueItem]:
    planned = contact.follow_up
    if planned is None:
        return
    if any(t.date >= planned for t in touchpoints(contact)):
        return
    note = contact.follow_up_note
    reason = f"follow-up planned: {_short(note)}" if note else f"follow-up planned for {humane(planned, today)}"
    line = contact.note.field_lines.get("follow_up")
    yield _item(contact, "follow-up", planned, reason, f"{contact.path}:{line}" if line else contact.path)


def _task_items(owner: Contact | None, event: Event | None, task: Task, path: str, today: date,
                config: Config) -> Iterator[DueItem]:
    if task.status != "open" or task.due is None:
        return
    source = f"{path}:{task.line}"
    what = _short(task.text) or "(a task with no text)"
    where = f" (from {event.title})" if event is not None and owner is not None else ""
    if task.waiting:
        due = config.rules.waiting.after(task.due)
        kind, reason = "waiting", f"waiting on them since {humane(task.due, today)}: {what}{where}"
    else:
        due = task.due
        kind, reason = "commitment", f"you promised: {what}{where}"
    if owner is not None:
        yield _item(owner, kind, due, reason, source)
    elif event is not None:
        yield DueItem(event.title, event.path, kind, due, reason, None, None, source)


def commitments(contact: Contact, today: date, config: Config) -> Iterator[DueItem]:
    for task in contact.note.tasks:
        yield from _task_items(contact, None, task, contact.path, today, config)
    for task, event in contact.debrief_tasks:
        yield from _task_items(contact, event, task, event.path, today, config)


def keep_in_touch(contact: Contact, today: date, config: Config) -> Iterator[DueItem]:
    cadence = contact.cadence if contact.cadence_set else config.cadence.get(contact.tier)
    if cadence is None:
        return
    last = last_contact(contact)
    if last is None:
        return
    due = cadence.after(last.date)
    days = (today - last.date).days
    ago = "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago" if days > 0 else "in the future"
    why = f"cadence {cadence}" if contact.cadence_set else f"{contact.tier} tier: every {cadence}"
    reason = f"last contact {humane(last.date, today)} ({ago}); {why}"
    yield _item(contact, "keep-in-touch", due, reason, last.source)


def review(contact: Contact, today: date, config: Config) -> Iterator[DueItem]:
    found = meetings(contact)
    if not found:
        return
    first = found[0]
    done = {e.review_day for e in contact.note.log if e.kind == "review"}
    for day in config.rules.review_checkpoints:
        if day in done:
            continue
        due = first.date + timedelta(days=day)
        if is_stale(due, today, config.rules.review_stale):
            continue
        reason = f"{day}-day review: is this relationship worth your time? (first met {humane(first.date, today)})"
        yield _item(contact, "review", due, reason, first.source)


def birthday(contact: Contact, today: date, config: Config) -> Iterator[DueItem]:
    if contact.birthday is None or contact.tier not in config.rules.birthday_tiers:
        return
    month, day = contact.birthday
    for year in (today.year - 1, today.year, today.year + 1):
        due = birthday_in(year, month, day)
        if is_stale(due, today, config.rules.birthday_stale):
            continue
        turns = f", turns {year - contact.birth_year}" if contact.birth_year and year > contact.birth_year else ""
        line = contact.note.field_lines.get("birthday")
        yield _item(contact, "birthday", due, f"birthday on {humane(due, today)}{turns}",
                    f"{contact.path}:{line}" if line else contact.path)
        return


CONTACT_RULES = (first_follow_up, nudge, follow_up, commitments, keep_in_touch, review, birthday)


def contact_items(contact: Contact, today: date, config: Config) -> list[DueItem]:
    items = [item for rule in CONTACT_RULES for item in rule(contact, today, config)]
    if contact.status in ("paused", "archived"):
        items = [i for i in items if i.kind == "commitment"]
    snooze = contact.snooze_until
    if snooze is not None and snooze > today:
        for item in items:
            if item.due < snooze:
                item.due = snooze
                item.reason += f" (snoozed until {humane(snooze, today)})"
    return items


def ghost_items(events: list[Event], today: date, config: Config) -> list[DueItem]:
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
        if is_stale(due, today, config.rules.first_follow_up_stale):
            continue
        line = event.note.field_lines.get("people")
        reason = f"met at {event.title} on {humane(when, today)}, no follow-up yet (no contact note yet)"
        items.append(DueItem(name, event.path, "first-follow-up", due, reason, None, None,
                             f"{event.path}:{line}" if line else event.path))
    return items


def due_items(index: Index, today: date, config: Config | None = None) -> list[DueItem]:
    """Every item of every rule, in display order (due date, tier, name)."""
    config = config or index.config
    items: list[DueItem] = []
    for contact in index.contacts:
        items.extend(contact_items(contact, today, config))
    items.extend(ghost_items(index.events, today, config))
    for event in index.events:
        for task in event.own_tasks:
            items.extend(_task_items(None, event, task, event.path, today, config))
    items.sort(key=DueItem.sort_key)
    return items


def within(items: list[DueItem], today: date, window: Duration) -> list[DueItem]:
    """Overdue, today, and upcoming up to ``window`` after today."""
    horizon = window.after(today)
    return [item for item in items if item.due <= horizon]


def bucket(item: DueItem, today: date) -> str:
    if item.due < today:
        return "overdue"
    if item.due == today:
        return "today"
    return "upcoming"

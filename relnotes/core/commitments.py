"""Promises both ways (SPEC 6.4): open tasks yours and theirs, and how well each contact keeps
their word. Pure: the index and ``today`` come in, plain data goes out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from relnotes.core.index import Index
from relnotes.core.model import TIER_RANK, Contact, Task

OUTCOMES = ("kept", "late", "broken")


def owned_tasks(contact: Contact) -> Iterator[tuple[Task, str]]:
    """Every task that belongs to the contact (2.3), with the file it is in: their note's own
    tasks, then the debrief tasks that link them."""
    for task in contact.note.tasks:
        yield task, contact.path
    for task, event in contact.debrief_tasks:
        yield task, event.path


def outcome(task: Task, today: date) -> str | None:
    """``kept``, ``late`` or ``broken`` for a promise with a due date (6.1's terms); None when it
    counts nowhere: no due date, or open and not yet overdue."""
    if task.due is None:
        return None
    if task.status == "done":
        return "kept" if task.done_on is None or task.done_on <= task.due else "late"
    if task.status == "cancelled":
        return "broken"
    return "broken" if task.due < today else None


@dataclass
class OpenPromise:
    """One open task, yours (``mine``) or theirs, as ``commitments`` lists it."""

    contact: str  # the contact's name, or an event's title for a debrief task that links no one
    file: str  # the note the task line is in
    line: int
    text: str
    due: date | None
    mine: bool
    tier: str | None

    def overdue_days(self, today: date) -> int | None:
        return None if self.due is None else (today - self.due).days

    def sort_key(self) -> tuple[Any, ...]:
        return (self.due is None, self.due or date.min, TIER_RANK.get(self.tier or "casual", 3),
                self.contact.casefold(), self.file, self.line)

    def to_dict(self, today: date) -> dict[str, Any]:
        return {"contact": self.contact, "file": self.file, "line": self.line, "text": self.text,
                "due": self.due.isoformat() if self.due else None, "mine": self.mine,
                "overdue_days": self.overdue_days(today)}


def open_promises(index: Index) -> list[OpenPromise]:
    """Yours to every contact (whatever their status), theirs for active contacts, and the
    events' own tasks; oldest due first, undated last."""
    out: list[OpenPromise] = []
    for contact in index.contacts:
        for task, path in owned_tasks(contact):
            if task.status != "open" or (task.waiting and contact.status != "active"):
                continue
            out.append(OpenPromise(contact.name, path, task.line, task.text, task.due, not task.waiting,
                                   contact.tier))
    for event in index.events:
        for task in event.own_tasks:
            if task.status == "open":
                out.append(OpenPromise(event.title, event.path, task.line, task.text, task.due, not task.waiting,
                                       None))
    out.sort(key=OpenPromise.sort_key)
    return out


@dataclass
class Keeping:
    """How a contact kept the promises they made (their ``#waiting`` tasks with a due date)."""

    contact: str
    file: str
    kept: int
    late: int
    broken: int

    @property
    def total(self) -> int:
        return self.kept + self.late + self.broken

    @property
    def rate(self) -> float | None:
        return self.kept / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"contact": self.contact, "kept": self.kept, "late": self.late, "broken": self.broken,
                "rate": self.rate}

    def line(self) -> str:
        """``67% kept (2 kept, 1 late, 0 broken)``."""
        rate = self.rate or 0.0
        return f"{rate:.0%} kept ({self.kept} kept, {self.late} late, {self.broken} broken)"


def keeping(contact: Contact, today: date) -> Keeping:
    counts = dict.fromkeys(OUTCOMES, 0)
    for task, _ in owned_tasks(contact):
        if task.waiting and (found := outcome(task, today)) is not None:
            counts[found] += 1
    return Keeping(contact.name, contact.path, counts["kept"], counts["late"], counts["broken"])


def keeps_promises(index: Index, today: date) -> list[Keeping]:
    """The rate of every contact who has made a promise that has come due, by name."""
    found = [k for k in (keeping(c, today) for c in index.contacts) if k.total]
    found.sort(key=lambda k: (k.contact.casefold(), k.file))
    return found

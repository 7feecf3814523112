"""30/60/90-day reviews (SPEC 6.1): the window, the evidence for each question, the proposed
answers, the review line and the suggested tier. Pure: ``today`` and the config come in."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relnotes.core.commitments import outcome, owned_tasks
from relnotes.core.dates import Duration, shift
from relnotes.core.model import TIER_RANK, Contact, LogEntry, Task
from relnotes.core.settings import Config
from relnotes.core.timeline import first_meeting
from relnotes.errors import ExistsError, NoteError

QUESTIONS = ("responsive", "value", "intros", "delivers")
ANSWERS = ("yes", "no", "unsure")
WORDS = {4: "four", 3: "three", 2: "two", 1: "one", 0: "no"}
ASK = {
    "responsive": "Responsive? Do they answer you",
    "value": "Value? Do they add value",
    "intros": "Intros? Do they introduce you to people",
    "delivers": "Delivers? Do they keep their commitments",
}


@dataclass(frozen=True)
class Evidence:
    """One entry behind an answer: a log entry or a task, with what it says for the question."""

    date: date
    kind: str  # a log kind, or "promise" for a task
    text: str
    file: str
    line: int
    verdict: str = ""  # sent: "answered" or "unanswered"; promises: "kept", "late" or "broken"
    detail: str = ""  # for people: "in 2 days (received, line 23)", "#got/intro", "done 3 days late"

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}"

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "kind": self.kind, "text": self.text, "file": self.file,
                "line": self.line, "verdict": self.verdict, "detail": self.detail}


@dataclass
class Review:
    contact: Contact
    day: int
    first_met: date
    window_start: date
    window_end: date
    sent: list[Evidence] = field(default_factory=list)
    answer_days: list[int] = field(default_factory=list)
    received: list[Evidence] = field(default_factory=list)
    got: list[Evidence] = field(default_factory=list)
    intros: list[Evidence] = field(default_factory=list)
    promises: list[Evidence] = field(default_factory=list)  # verdict: kept, late or broken
    written: LogEntry | None = None  # a review entry already in the log for this day

    def count(self, verdict: str) -> int:
        return sum(1 for p in self.promises if p.verdict == verdict)

    @property
    def median_days_to_answer(self) -> int | float | None:
        if not self.answer_days:
            return None
        median = statistics.median(self.answer_days)
        return int(median) if float(median).is_integer() else float(median)

    def evidence(self) -> dict[str, Any]:
        return {"sent": len(self.sent), "answered": len(self.answer_days), "received": len(self.received),
                "median_days_to_answer": self.median_days_to_answer, "got": len(self.got),
                "intros": len(self.intros), "kept": self.count("kept"), "late": self.count("late"),
                "broken": self.count("broken")}

    def proposed(self) -> dict[str, str]:
        return {"responsive": self._responsive(), "value": "yes" if self.got else "no",
                "intros": "yes" if self.intros else "no", "delivers": self._delivers()}

    def _responsive(self) -> str:
        sent, answered = len(self.sent), len(self.answer_days)
        if not sent:
            return "yes" if self.received else "unsure"
        if 2 * answered >= sent:
            return "yes"
        return "no" if sent >= 2 and answered == 0 else "unsure"

    def _delivers(self) -> str:
        kept, late, broken = self.count("kept"), self.count("late"), self.count("broken")
        if kept and not late and not broken:
            return "yes"
        return "no" if broken or late > kept else "unsure"

    def summaries(self, window: Duration) -> dict[str, str]:
        """One line per question: the counts behind the proposal."""
        ev = self.evidence()
        median = ev["median_days_to_answer"]
        answered = f"{ev['answered']} answered within {window}" + (
            f" (median {median} day{'s' if median != 1 else ''})" if median is not None else "")
        return {
            "responsive": f"{ev['sent']} sent, {answered}, {ev['received']} received",
            "value": f"{ev['got']} log entr{'y' if ev['got'] == 1 else 'ies'} tagged #got",
            "intros": f"{ev['intros']} tagged #got/intro",
            "delivers": f"{ev['kept']} kept, {ev['late']} late, {ev['broken']} broken of their promises due in "
                        "the window",
        }

    def entries(self) -> dict[str, list[Evidence]]:
        """The entries behind each question, in date order."""
        responsive = sorted(self.sent + self.received, key=lambda e: (e.date, e.line))
        return {"responsive": responsive, "value": self.got, "intros": self.intros, "delivers": self.promises}

    def to_dict(self, config: Config, answers: dict[str, str] | None = None) -> dict[str, Any]:
        """SPEC 6.1's object; ``answers`` (given on the command line) change only the suggestion."""
        proposed = self.proposed()
        tier, status, _ = suggest(self.day, {**proposed, **(answers or {})}, self.contact.tier,
                                  config.rules.review_checkpoints)
        written = self.written
        return {
            "contact": self.contact.name, "file": self.contact.path, "day": self.day, "tier": self.contact.tier,
            "first_met": self.first_met.isoformat(), "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(), "evidence": self.evidence(), "proposed": proposed,
            "suggested_tier": tier, "suggested_status": status,
            "entries": {q: [e.to_dict() for e in found] for q, found in self.entries().items()},
            "reviewed": None if written is None else {"date": written.date.isoformat(), "line": written.line,
                                                      "text": written.text},
        }


def review_days(contact: Contact) -> dict[int, LogEntry]:
    """The checkpoints the log already has a review entry for (the first entry of each)."""
    found: dict[int, LogEntry] = {}
    for entry in sorted(contact.note.log, key=lambda e: (e.date, e.line)):
        if entry.kind == "review" and entry.review_day is not None:
            found.setdefault(entry.review_day, entry)
    return found


def first_met(contact: Contact) -> date:
    first = first_meeting(contact)
    if first is None:
        raise NoteError(f"{contact.name} has no known first meeting, so there is nothing to review from; "
                            f"add 'met: YYYY-MM-DD' (or met_at: an event) to the note", path=contact.path)
    return first.date


def pick_day(contact: Contact, config: Config, today: date, day: int | None = None) -> int:
    """``day`` when given (it must be a checkpoint); else the earliest checkpoint with no review
    entry that is due by today, else the next one without."""
    checkpoints = config.rules.review_checkpoints
    if day is not None:
        if day not in checkpoints:
            raise ValueError(f"{day} is not a review checkpoint; the checkpoints are "
                             f"{', '.join(map(str, checkpoints))} (rules.review_checkpoints)")
        return day
    met = first_met(contact)
    reviewed = review_days(contact)
    open_days = [d for d in checkpoints if d not in reviewed]
    if not open_days:
        raise ExistsError(f"every checkpoint of {contact.name} ({', '.join(map(str, checkpoints))}) has a "
                            f"review already; to review one again, pass --day N --again", path=contact.path)
    due_by = [d for d in open_days if shift(met, d) <= today]
    return due_by[0] if due_by else open_days[0]


def build_review(contact: Contact, day: int, today: date, config: Config) -> Review:
    met = first_met(contact)
    if met > today:
        raise NoteError(f"{contact.name} was first met on {met.isoformat()}, after today: nothing to "
                            "review yet", path=contact.path)
    review = Review(contact, day, met, met, min(shift(met, day), today),
                    written=review_days(contact).get(day))
    log = sorted(contact.note.log, key=lambda e: (e.date, e.line))
    inside = [e for e in log if review.window_start <= e.date <= review.window_end]
    window = config.rules.answer_window
    for entry in inside:
        if entry.kind == "sent":
            last_day = window.after(entry.date)
            answer = _answer(entry, log, last_day)
            verdict, detail = "unanswered", f"no answer within {window}"
            if last_day >= today:
                detail = f"no answer yet (can answer until {last_day.isoformat()})"
            if answer is not None:
                days = (answer.date - entry.date).days
                review.answer_days.append(days)
                verdict, detail = "answered", f"answered {_days(days)} ({answer.kind}, line {answer.line})"
            review.sent.append(_evidence(contact, entry, verdict, detail))
        elif entry.kind == "received":
            review.received.append(_evidence(contact, entry))
        if entry.got:
            review.got.append(_evidence(contact, entry, detail=_tags("got", entry.got)))
        if "intro" in entry.got:
            review.intros.append(_evidence(contact, entry, detail="#got/intro"))
    review.promises = _promises(contact, review, today)
    return review


def _answer(sent: LogEntry, log: list[LogEntry], last_day: date) -> LogEntry | None:
    """The first log touchpoint of another kind from the sent entry (after it, on its own day)
    through ``last_day``."""
    for entry in log:
        if entry.kind == "sent" or not entry.is_touchpoint:
            continue
        if (entry.date, entry.line) > (sent.date, sent.line) and entry.date <= last_day:
            return entry
    return None


def _promises(contact: Contact, review: Review, today: date) -> list[Evidence]:
    found = []
    for task, path in owned_tasks(contact):
        if not task.waiting or task.due is None or not review.window_start <= task.due <= review.window_end:
            continue
        verdict = outcome(task, today)
        if verdict is None:
            continue  # open and not yet due: it counts nowhere
        found.append(Evidence(task.due, "promise", task.text, path, task.line, verdict,
                              f"{verdict}: {_promise_detail(task)}"))
    found.sort(key=lambda e: (e.date, e.file, e.line))
    return found


def _promise_detail(task: Task) -> str:
    if task.status == "cancelled":
        return "cancelled"
    if task.status == "open":
        return "still open"
    if task.done_on is None:
        return "done (no ✅ date)"
    late = (task.done_on - task.due).days if task.due else 0
    if late > 0:
        return f"done {task.done_on.isoformat()}, {late} day{'s' if late != 1 else ''} late"
    return f"done {task.done_on.isoformat()}"


def _evidence(contact: Contact, entry: LogEntry, verdict: str = "", detail: str = "") -> Evidence:
    return Evidence(entry.date, entry.kind, entry.text, contact.path, entry.line, verdict, detail)


def _tags(name: str, subtypes: list[str]) -> str:
    return " ".join(f"#{name}/{s}" if s else f"#{name}" for s in subtypes)


def _days(n: int) -> str:
    return "the same day" if n == 0 else f"in {n} day{'s' if n != 1 else ''}"


# --- after the answers --------------------------------------------------------------------

def review_line(when: date, day: int, answers: dict[str, str], comment: str = "") -> str:
    """``- 2026-12-20 review: day=30 responsive=yes value=no intros=no delivers=unsure — COMMENT``."""
    line = f"- {when.isoformat()} review: day={day} " + " ".join(f"{q}={answers[q]}" for q in QUESTIONS)
    comment = " ".join(comment.split())
    return f"{line} — {comment}" if comment else line


def suggest(day: int, answers: dict[str, str], tier: str, checkpoints: tuple[int, ...]) -> tuple[str, str | None, str]:
    """(suggested tier, suggested status or None, why), from the table in docs/method.md.

    Four yes: strategic at the last checkpoint, active before it; three yes: active (neither
    ever lower than the tier now). No yes after the first checkpoint: casual, and archived
    when they were not responsive. Anything else, or no yes at the first checkpoint (too early
    to judge): the tier stays.
    """
    yes = sum(1 for q in QUESTIONS if answers.get(q) == "yes")
    early = len(checkpoints) > 1 and day == min(checkpoints)
    last = day >= max(checkpoints)
    why = f"{WORDS[yes]} yes at day {day}"
    if yes == 4:
        return _higher(tier, "strategic" if last else "active"), None, why
    if yes == 3:
        return _higher(tier, "active"), None, why
    if yes == 0 and not early:
        if answers.get("responsive") == "no":
            return "casual", "archived", f"{why}, and they do not answer"
        return "casual", None, why
    return tier, None, why + (" (too early to judge)" if early and yes == 0 else "")


def _higher(tier: str, target: str) -> str:
    """The higher of two tiers: a good review never lowers one."""
    return tier if TIER_RANK.get(tier, 3) <= TIER_RANK[target] else target

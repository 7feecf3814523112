"""What a draft's template sees: the context, built of views. No Jinja, no Click.

``draft_context``, ``prep_context``, ``intro_context`` and ``ask_context`` build the dict a
template renders with, out of :class:`~relnotes.draftfilters.View` objects (contact, event,
due, me, ...): the note's fields, how you met, debrief lines about them, open promises,
mutual contacts and intro ideas. The context is documented in docs/templates.md.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from relnotes.core.dates import humane, shift
from relnotes.core.fields import BIRTHDAY, REFERENCE
from relnotes.core.index import Index
from relnotes.core.model import CONTACT_FIELDS, EVENT_FIELDS, Contact, DueItem, Event, LogEntry, Task
from relnotes.core.profile import cadence_of
from relnotes.core.review import ASK, QUESTIONS, build_review, review_line, suggest
from relnotes.core.settings import DEFAULT_STATUS, Config
from relnotes.core.timeline import first_meeting, latest_meeting, meetings, touchpoints, value_exchanged
from relnotes.drafts.filters import View, first_name, plain
from relnotes.drafts.recipients import Ghost, Who, name_key
from relnotes.notes.body import FENCE, TASK_LINE, BodyWalk, links_in, list_items
from relnotes.notes.frontmatter import split_front_matter
from relnotes.notes.parse import load_yaml
from relnotes.vault.files import note_text

STOPWORDS = {"with", "from", "that", "this", "help", "their", "your", "about", "into", "some", "more", "other",
             "intro", "intros", "introduction", "introductions", "who", "can", "the"}
SEND_VERBS = re.compile(r"^(?:send|share|forward|email|mail|give|pass on|pass along|dig up|find)\s+", re.IGNORECASE)
SUBJECT = re.compile(r"^(?:they|he|she)\s+(?:to|will|would|offered to|said (?:they|he|she)'d|wants to|can)\s+",
                     re.IGNORECASE)


def event_name(title: str) -> str:
    """``2026-11-20 Atlanta Tech Mixer`` → ``Atlanta Tech Mixer``."""
    return re.sub(r"^\d{4}-\d{2}-\d{2}[\s_:–—-]*", "", title).strip() or title


def event_view(event: Event | None) -> View | None:
    if event is None:
        return None
    people = [c.name for c in event.people_contacts] + list(event.ghosts)
    values = {spec.key: getattr(event, spec.attr) for spec in EVENT_FIELDS if spec.template}
    return View("event", event_name(event.title), **values, name=event_name(event.title), file=event.path,
                people=people)


def _about(name: str, role: str | None, company: str | None) -> dict[str, str]:
    headline = ", ".join(x for x in (role, company) if x)
    return {"headline": headline, "about": f"{name} ({headline})" if headline else name}


def person_view(contact: Contact, where: str | None = None) -> View:
    return View("person", contact.name, name=contact.name, first_name=first_name(contact.name), email=contact.email,
                company=contact.company, role=contact.role, tier=contact.tier, file=contact.path,
                needs=list(contact.needs), offers=list(contact.offers), where=where,
                **_about(contact.name, contact.role, contact.company))


def entry_view(entry: LogEntry) -> View:
    text = plain(entry.text)
    return View("log entry", f"{entry.date} {entry.kind}: {text}", date=entry.date, kind=entry.kind, text=text,
                topic=_topic(entry), raw=entry.text, gave=list(entry.gave), got=list(entry.got), line=entry.line,
                is_touchpoint=entry.is_touchpoint)


def task_view(task: Task, event: Event | None, names: list[str], others: list[View] | None = None) -> View:
    """A task; ``thing`` is what to send (``Send Jane the deck`` → ``the deck``), ``action`` what to do."""
    text = plain(task.text)
    lead = sorted([*names, *(first_name(n) for n in names), "them", "her", "him"], key=len, reverse=True)
    thing = ""
    if SEND_VERBS.match(text):
        rest = SEND_VERBS.sub("", text, count=1)
        thing = next((rest[len(n) + 1:] for n in lead if rest.casefold().startswith(n.casefold() + " ")), rest)
    action = text
    for name in lead:
        if action.casefold().startswith(name.casefold() + " "):
            action = "they " + action[len(name) + 1:]
            break
    action = SUBJECT.sub("", action, count=1)
    return View("task", text, text=text, thing=thing.strip(), action=action[:1].lower() + action[1:],
                is_intro=bool(re.match(r"intro(?:duce)?\b", text, re.IGNORECASE)), people=others or [],
                raw=task.raw.strip(), status=task.status, due=task.due, done_on=task.done_on,
                waiting=task.waiting, mine=not task.waiting, from_event=event.title if event else None,
                line=task.line)


def _read(root: Path, rel: str) -> str:
    """The note's text as relnotes reads it; "" if unreadable."""
    return note_text(root, rel) or ""


def front_matter(root: Path, rel: str) -> dict[str, Any]:
    """A note's whole front matter as YAML reads it, unknown keys included."""
    try:
        yaml_text, _, _ = split_front_matter(_read(root, rel).replace("\r\n", "\n"))
        data = load_yaml(yaml_text) if yaml_text else {}
    except (ValueError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def debrief_lines(root: Path, event: Event, is_them: Callable[[str], bool], names: list[str]) -> list[str]:
    """What an event note says about this person: items that link them, and items under a heading that does.

    The body is read as :class:`~relnotes.notes.body.BodyWalk` reads it: nothing in a code block or
    a comment counts, and a list item wrapped over several lines is one item.
    """
    text = _read(root, event.path)
    try:
        _, _, body_line = split_front_matter(text)
    except ValueError:
        return []
    out: list[str] = []
    section: int | None = None  # heading level of a section about them
    for _, line, level in list_items(BodyWalk(text.split("\n"), body_line - 1)):
        if level == FENCE:
            continue
        if level:
            if _links_them(line, is_them):
                section = level
            elif section is not None and level <= section:
                section = None
            continue
        if TASK_LINE.match(line) or line.lstrip().startswith((">", "![[")):
            continue
        if section is not None or _links_them(line, is_them):
            out.append(_strip_name(line, names))
    return [line for line in out if line]


def _links_them(line: str, is_them: Callable[[str], bool]) -> bool:
    return any(is_them(target) for target in links_in(line))


def _strip_name(line: str, names: list[str]) -> str:
    text = plain(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line))
    for name in sorted(names, key=len, reverse=True):
        if text.casefold().startswith(name.casefold()):
            text = text[len(name):].lstrip(" :,;—–-")
            break
    return text


def _topic(entry: LogEntry) -> str:
    text = re.sub(r"^\s*(?:at|@)\s+\[\[[^\]]*\]\]\s*[,;:—–-]*\s*", "", entry.text)
    return plain(text)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.casefold()) if len(w) >= 4 and w not in STOPWORDS}


def matches(need: str, offer: str) -> bool:
    """Equal, one inside the other, or two words in common (one when a side has one word; 5-letter stems)."""
    a, b = need.casefold().strip(), offer.casefold().strip()
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    sa, sb = _stems(a), _stems(b)
    shared = len(sa & sb)
    return shared >= 2 or (shared == 1 and min(len(sa), len(sb)) == 1)


def intro_ideas(index: Index, who: Who, needs: list[str]) -> list[View]:
    """Other contacts whose ``offers`` match one of these ``needs``: for each need in turn, each
    contact in index order with its first matching offer; at most five."""
    owners: list[Contact] = []
    offers: list[str] = []
    for other in index.contacts:
        if other is who or other.status != DEFAULT_STATUS:
            continue
        owners += [other] * len(other.offers)
        offers += other.offers
    matcher = OfferMatcher(offers)
    out: list[View] = []
    for need in needs:
        seen: set[int] = set()
        for at in matcher.matching(need):
            other = owners[at]
            if id(other) in seen:
                continue  # only a contact's first matching offer
            seen.add(id(other))
            out.append(View("intro idea", f"{other.name}: {offers[at]}", need=need, offer=offers[at],
                            person=person_view(other)))
            if len(out) == MAX_IDEAS:
                return out
    return out


MAX_IDEAS = 5  # intro ideas in a draft
MAX_MATCHES = 20  # need/offer pairs an introduction's templates see, each way


class OfferMatcher:
    """Which of many offers :func:`matches` a need, without trying every pair.

    A contact with thousands of needs or offers (an import gone wrong, or a hostile note) made
    drafts quadratic: 3,000 needs against 3,000 offers was nine million comparisons. Here each
    offer's stems are worked out once and filed by stem; a need is compared only with the offers
    that share a stem, or that contain it or lie inside it (found by searching all offers at once)."""

    def __init__(self, offers: list[str]) -> None:
        self.offers = offers
        self.folded = [o.casefold().strip() for o in offers]
        self.stems = [_stems(o) for o in self.folded]
        self.by_stem: dict[str, list[int]] = {}
        for at, stems in enumerate(self.stems):
            for stem in stems:
                self.by_stem.setdefault(stem, []).append(at)
        self.joined = "\0".join(self.folded)
        self.starts = list(accumulate((len(o) + 1 for o in self.folded[:-1]), initial=0))
        self.by_text: dict[str, list[int]] = {}
        for at, text in enumerate(self.folded):
            if text:
                self.by_text.setdefault(text, []).append(at)
        self.lengths = sorted({len(t) for t in self.by_text})

    def matching(self, need: str) -> list[int]:
        """The offers (their places, in order) that ``matches(need, offer)``."""
        a = need.casefold().strip()
        if not a:
            return []
        found = set(self._containing(a)) | set(self._inside(a))
        sa = _stems(a)
        for stem in sa:
            for at in self.by_stem.get(stem, ()):
                if at not in found:
                    shared = len(sa & self.stems[at])
                    if shared >= 2 or (shared == 1 and min(len(sa), len(self.stems[at])) == 1):
                        found.add(at)
        return sorted(found)

    def _containing(self, a: str) -> Iterator[int]:
        """Offers that hold ``a`` (one search over all of them)."""
        pos = self.joined.find(a)
        while pos >= 0:
            at = bisect_right(self.starts, pos) - 1
            if a in self.folded[at]:  # (not across two offers' boundary)
                yield at
            pos = self.joined.find(a, self.starts[at + 1] if at + 1 < len(self.starts) else len(self.joined))

    def _inside(self, a: str) -> Iterator[int]:
        """Offers that lie inside ``a``: each stretch of ``a`` as long as some offer, looked up."""
        for length in self.lengths:
            if length > len(a):
                break
            for start in range(len(a) - length + 1):
                yield from self.by_text.get(a[start:start + length], ())


def _events_of(who: Who) -> list[Event]:
    if isinstance(who, Ghost):
        return [who.event]
    found = list(who.events) + ([who.met_at_event] if who.met_at_event else [])
    unique = {e.path: e for e in found}
    return sorted(unique.values(), key=lambda e: (e.date or date.min, e.title))


def mutual(who: Who, events: list[Event], index: Index) -> list[View]:
    """Contacts met at the same events."""
    seen: dict[str, View] = {}
    for event in events:
        others = list(event.people_contacts) + [c for c in index.contacts if c.met_at_event is event]
        for other in others:
            if other is not who and other.path not in seen:
                seen[other.path] = person_view(other, event_name(event.title))
    return sorted(seen.values(), key=lambda v: v.name.casefold())


def field_values(c: Contact | None) -> dict[str, Any]:
    """What templates see of the note's fields, empty for someone with no note: ``contact.email``
    (the primary) and ``contact.emails``, ``birthday`` as ``MM-DD`` and ``birth_year``, a reference
    as written, a copy of a list, anything else as it is."""
    out: dict[str, Any] = {}
    for spec in CONTACT_FIELDS:
        if not spec.template:
            continue
        value: Any = getattr(c, spec.attr) if c else ([] if spec.is_list else None)
        if spec.primary:
            out[spec.attr] = list(value)
            value = value[0] if value else None
        elif spec.is_list:
            value = list(value)
        elif spec.kind == REFERENCE:
            value = value.target if value else None
        elif spec.kind == BIRTHDAY:
            out[spec.also] = getattr(c, spec.also) if c else None
            value = f"{value[0]:02d}-{value[1]:02d}" if value else None
        out[spec.key] = value
    return out


def _blank(name: str) -> dict[str, Any]:
    """Every contact key with its empty value, so a template works for someone with no note."""
    empty = field_values(None)
    empty.update({key: None for key in (
        "cadence", "file", "first_met", "last_met", "event", "last_contact", "last_contact_kind", "days_since",
        "last_exchange", "last_sent", "last_received")})
    empty.update({key: [] for key in (
        "events", "log", "recent", "timeline", "gave", "got", "value_given", "value_received", "open_tasks",
        "promises", "waiting_on", "topics", "debrief", "mutual", "intro_ideas")})
    empty.update({"name": name, "first_name": first_name(name), "status": DEFAULT_STATUS, "fields": {},
                  "has_note": False, "how_met": "", "headline": "", "about": name})
    return empty


def contact_view(index: Index, who: Who, today: date) -> View:
    root = index.config.root
    if isinstance(who, Ghost):
        values = _blank(who.name)
        names = [who.name]
        values.update(_meeting_values(index, who, [who.event], today, root, names))
        return View("contact", who.name, **values)
    c = who
    names = [c.name, *c.aliases, c.note.stem]
    values = _blank(c.name)
    values.update(field_values(c))
    values.update(cadence=cadence_of(c, index.config), file=c.path, fields=front_matter(root, c.path), has_note=True,
                  **_about(c.name, c.role, c.company))
    values.update(_meeting_values(index, c, _events_of(c), today, root, names))
    values.update(_history_values(index, c, today, names))
    values["intro_ideas"] = intro_ideas(index, c, list(c.needs))
    return View("contact", c.name, **values)


def _meeting_values(index: Index, who: Who, events: list[Event], today: date, root: Path,
                    names: list[str]) -> dict[str, Any]:
    is_them = _is_them(index, who)
    if isinstance(who, Ghost):
        first = last = who.event.date
        latest_event: Event | None = who.event
        met_entries: list[LogEntry] = []
    else:
        found = meetings(who)
        first = found[0].date if found else None
        latest = latest_meeting(who)
        last = latest.date if latest else None
        latest_event = latest.event if latest and latest.event else who.met_at_event
        met_entries = [e for e in who.note.log if e.kind == "met"]
    first_event = next((e for e in events if e.date == first), latest_event)
    debrief = [line for e in events for line in debrief_lines(root, e, is_them, names)]
    topics = [t for t in (_topic(e) for e in reversed(met_entries)) if t] + debrief
    how = f"at {event_name(first_event.title)}" if first_event else ""
    how = f"{how} on {humane(first, today)}".strip() if first else how
    return {"first_met": first, "last_met": last, "event": event_view(latest_event), "how_met": how,
            "events": [event_view(e) for e in events], "debrief": debrief, "topics": list(dict.fromkeys(topics)),
            "mutual": mutual(who, events, index)}


def _is_them(index: Index, who: Who) -> Callable[[str], bool]:
    """Whether a wikilink target names this person."""
    if isinstance(who, Ghost):
        key = name_key(who.name)
        return lambda target: name_key(target) == key
    return lambda target: who in index.resolve_contact(target)


def _linked(index: Index, task: Task, owner: Who) -> list[View]:
    """Contacts a task links, other than its owner (``Intro Priya to [[Dana Kim]]`` → Dana Kim)."""
    found = {c.path: c for t in task.links for c in index.resolve_contact(t) if c is not owner}
    return [person_view(c) for c in found.values()]


def _history_values(index: Index, c: Contact, today: date, names: list[str]) -> dict[str, Any]:
    log = [entry_view(e) for e in sorted(c.note.log, key=lambda e: (e.date, e.line))]
    touches = [v for v in log if v.is_touchpoint]
    last = touchpoints(c)[-1] if touchpoints(c) else None
    tasks = [(t, None) for t in c.note.tasks] + list(c.debrief_tasks)
    open_tasks = [task_view(t, ev, names, _linked(index, t, c)) for t, ev in tasks if t.status == "open"]
    gave, got = value_exchanged(c)
    timeline = [View("timeline entry", f"{e.date} met: {event_name(e.title)}", date=e.date, kind="event",
                     text=event_name(e.title)) for e in _events_of(c) if e.date]
    timeline = sorted(timeline + log, key=lambda v: v.date)
    return {
        "log": log, "recent": list(reversed(log))[:5], "timeline": timeline,
        "last_exchange": touches[-1] if touches else None,
        "last_sent": next((v for v in reversed(log) if v.kind == "sent"), None),
        "last_received": next((v for v in reversed(log) if v.kind == "received"), None),
        "last_contact": last.date if last else None, "last_contact_kind": last.kind if last else None,
        "days_since": (today - last.date).days if last else None,
        "gave": [v for v in log if v.gave], "got": [v for v in log if v.got],
        "value_given": [g or "value" for g in gave], "value_received": [g or "value" for g in got],
        "open_tasks": open_tasks, "promises": [t for t in open_tasks if t.mine],
        "waiting_on": [t for t in open_tasks if t.waiting],
    }


def _task_of(item: DueItem, who: Who) -> tuple[Task, Event | None] | None:
    if isinstance(who, Ghost) or item.kind not in ("commitment", "waiting"):
        return None
    path, _, line = item.source.rpartition(":")
    candidates = [(t, None) for t in who.note.tasks if path == who.path] + \
        [(t, ev) for t, ev in who.debrief_tasks if ev.path == path]
    return next(((t, ev) for t, ev in candidates if str(t.line) == line), None)


def due_view(index: Index, item: DueItem, today: date, who: Who, is_due: bool) -> View:
    found = _task_of(item, who)
    names = [item.contact] + (list(who.aliases) if isinstance(who, Contact) else [])
    task = task_view(found[0], found[1], names, _linked(index, found[0], who)) if found else None
    note = who.follow_up_note if isinstance(who, Contact) and item.kind == "follow-up" else None
    return View("due", item.kind, kind=item.kind, due=item.due, reason=item.reason, source=item.source,
                file=item.file, days_overdue=item.days_overdue(today), overdue=item.due < today, is_due=is_due,
                task=task, what=(task.text if task else note or item.reason),
                checkpoint=review_checkpoint(index, item, who, today))


REVIEW_REASON = re.compile(r"^\s*(\d+)-day review\b")


def review_checkpoint(index: Index, item: DueItem, who: Who, today: date) -> int | None:
    """The 30/60/90-day checkpoint a review is for (None for other kinds).

    Not ``item.due - first met``: a snoozed review is due on the snooze date. The rules write
    the checkpoint at the start of the reason (``30-day review: …``); failing that, it is the
    first checkpoint not yet reviewed that is due by the item's date (else the next one).
    """
    if item.kind != "review":
        return None
    m = REVIEW_REASON.match(item.reason)
    if m:
        return int(m[1])
    if isinstance(who, Ghost):
        return None
    found = meetings(who)
    if not found:
        return None
    reviewed = {e.review_day for e in who.note.log if e.kind == "review"}
    open_days = [d for d in index.config.rules.review_checkpoints if d not in reviewed]
    due_by = [d for d in open_days if shift(found[0].date, d) <= max(item.due, today)]
    return due_by[0] if due_by else (open_days[0] if open_days else None)


def me_view(config: Config) -> View:
    first = first_name(config.me_name)
    return View("me", config.me_name, name=config.me_name, first_name=first, email=config.me_email or None,
                signature=config.me_signature, sign_off=config.me_signature or first)


def draft_context(index: Index, today: date, who: Who, item: DueItem, is_due: bool) -> dict[str, Any]:
    contact = contact_view(index, who, today)
    due = due_view(index, item, today, who, is_due)
    return {"contact": contact, "event": contact.event, "due": due, "me": me_view(index.config), "today": today,
            "kind": item.kind, "review": review_view(index, who, due.checkpoint, today)}


def prep_context(index: Index, today: date, who: Who, items: list[DueItem]) -> dict[str, Any]:
    contact = contact_view(index, who, today)
    views = [due_view(index, i, today, who, True) for i in items]
    return {"contact": contact, "event": contact.event, "due": views[0] if views else None, "items": views,
            "me": me_view(index.config), "today": today, "kind": "prep"}


def intro_context(index: Index, today: date, a: Contact, b: Contact) -> dict[str, Any]:
    va, vb = contact_view(index, a, today), contact_view(index, b, today)
    a_gets, b_gets = _pairs(a.needs, b.offers), _pairs(b.needs, a.offers)
    return {"a": va, "b": vb, "a_gets": a_gets, "b_gets": b_gets, "me": me_view(index.config), "today": today,
            "kind": "intro"}


def _pairs(needs: list[str], offers: list[str]) -> list[View]:
    """Each need with each offer that matches it, in order; at most MAX_MATCHES."""
    matcher = OfferMatcher(offers)
    out: list[View] = []
    for need in needs:
        for at in matcher.matching(need):
            out.append(View("match", f"{need}: {offers[at]}", need=need, offer=offers[at]))
            if len(out) == MAX_MATCHES:
                return out
    return out


def ask_context(intro: dict[str, Any], asked: str) -> dict[str, Any]:
    """``intro-ask``: ``contact`` is the person asked, ``other`` the one they may meet."""
    contact, other = (intro["a"], intro["b"]) if asked == "a" else (intro["b"], intro["a"])
    gets = intro["a_gets"] if asked == "a" else intro["b_gets"]
    return {**intro, "contact": contact, "other": other, "event": contact.event, "gets": gets, "kind": "intro-ask"}


def intro_drafts(index: Index, today: date, a: Contact, b: Contact) -> list[tuple[str, str, dict[str, Any], str, str]]:
    """A double opt-in introduction: (heading, template, context, whom it is about, file name) for each message."""
    intro = intro_context(index, today, a, b)
    return [(f"1. Ask {a.name} first", "intro-ask", ask_context(intro, "a"), a.name, a.name),
            (f"2. Ask {b.name} first", "intro-ask", ask_context(intro, "b"), b.name, b.name),
            ("3. The introduction, once both say yes", "intro", intro, f"{a.name} and {b.name}", f"{a.name} {b.name}")]


def review_view(index: Index, who: Who, checkpoint: int | None, today: date) -> View | None:
    """A 30/60/90-day review's evidence and proposed answers (SPEC 6.1), as ``relnotes review``
    shows them; None for someone with no note or no known first meeting, or no checkpoint."""
    first = None if isinstance(who, Ghost) else first_meeting(who)
    if isinstance(who, Ghost) or checkpoint is None or first is None or first.date > today:
        return None
    config = index.config
    r = build_review(who, checkpoint, today, config)
    proposed, entries, summaries = r.proposed(), r.entries(), r.summaries(config.rules.answer_window)
    tier, status, why = suggest(r.day, proposed, who.tier, config.rules.review_checkpoints)
    questions = [
        View("question", q, name=q, label=ASK[q], proposed=proposed[q], summary=summaries[q],
             entries=[View("evidence", f"{e.date} {e.kind}: {plain(e.text)}", date=e.date, kind=e.kind,
                           text=plain(e.text), raw=e.text, verdict=e.verdict, detail=e.detail, source=e.source)
                      for e in entries[q]])
        for q in QUESTIONS
    ]
    return View("review", f"{r.day}-day review", day=r.day, first_met=r.first_met, window_start=r.window_start,
                window_end=r.window_end, cut=r.window_end < shift(r.first_met, r.day), evidence=r.evidence(),
                proposed=proposed, questions=questions, suggested_tier=tier, suggested_status=status, why=why,
                line=review_line(today, r.day, proposed), written=r.written is not None)

"""New notes: contacts (`add`), event debriefs (`debrief`) and their stub contacts. Text only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from relnotes.core.fields import REFERENCE, TAGS
from relnotes.core.index import Index
from relnotes.core.model import CONTACT_FIELDS, Contact, Event
from relnotes.core.names import name_key
from relnotes.core.resolve import link_name, match_contact, match_event, several, skipped_note
from relnotes.core.settings import Config
from relnotes.errors import ExistsError, ResolveError, UsageError
from relnotes.notes.filenames import NAME_BREAKERS, TITLE_BREAKERS, note_stem, refuse_link_breakers, safe_stem
from relnotes.notes.yamlscalar import flow_list, scalar


@dataclass
class NewNote:
    path: Path
    text: str
    name: str
    said: list[str] = field(default_factory=list)  # what a typed name was taken to be (stdout)
    warnings: list[str] = field(default_factory=list)  # (stderr)


@dataclass
class ContactSpec:
    """What `relnotes add` was given: one attribute per ``add`` field of the schema, named by its key."""

    name: str
    email: str | None = None
    company: str | None = None
    role: str | None = None
    tier: str | None = None
    tags: list[str] = field(default_factory=list)
    met: date | None = None
    met_at: str | None = None  # the event's file stem or name, as it will be linked


def _front(pairs: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + "---\n"


ADD_FIELDS = tuple(f for f in CONTACT_FIELDS if f.add)  # ContactSpec has an attribute for each one's key


def _yaml(kind: str, value: Any) -> str:
    """A value ``add`` was given, as front matter writes it (``tags: [a, b]``, ``met_at: "[[Event]]"``)."""
    if isinstance(value, list):
        if kind == TAGS:  # "#sales", "sales" and "" typed twice: one tag, and no empty one
            value = list(dict.fromkeys(tag for item in value if (tag := item.strip().lstrip("#").strip())))
        return flow_list(value)
    return scalar(f"[[{value}]]" if kind == REFERENCE else value)


def contact_text(spec: ContactSpec) -> str:
    """The new note: the fields given, in the schema's order, then a heading and an empty Log."""
    pairs = [(f.key, _yaml(f.kind, value)) for f in ADD_FIELDS if (value := getattr(spec, f.key))]
    body = f"\n# {spec.name}\n\n<!-- Who they are, what they care about, what they need and can offer. -->\n\n## Log\n"
    if spec.met:
        where = f"at [[{spec.met_at}]]" if spec.met_at else "first met"
        body += f"- {spec.met.isoformat()} met: {where}\n"
    return _front(pairs) + body


def _new_path(config: Config, folder: str, name: str) -> Path:
    """Where the new note goes (the vault layer refuses it, and writes nothing, if the name is taken)."""
    return config.root / folder / f"{note_stem(config.filename, name)}.md"


def clean_name(typed: str, what: str, example: str) -> str:
    """``typed`` with its spaces folded; a RelnotesError when nothing is left of it."""
    name = " ".join(typed.split())
    if not name:
        raise UsageError(f"{what} cannot be empty (got {typed!r}); for example: {example}")
    return name


EMAIL = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+")


def contact_name(typed: str) -> str:
    """A new contact's name: spaces folded, a ``[[wikilink]]`` unwrapped; refused when empty or
    when it has a character that would break links to it."""
    from relnotes.core.links import reference

    name = clean_name(typed, "a contact's name", 'relnotes add "Jane Doe"')
    name = " ".join(reference(name).split()) or name
    return refuse_link_breakers(name, "a contact's name")


def event_title(typed: str) -> str:
    """A new event's title: spaces folded, a ``[[wikilink]]`` around it taken off; refused when
    empty or with ``[``, ``]`` or ``|`` (``#`` and ``^`` stay: the file name drops them)."""
    from relnotes.core.links import WIKILINK

    example = 'relnotes debrief "Atlanta Tech Mixer"'
    title = clean_name(typed, "an event's title", example)
    wrapped = WIKILINK.fullmatch(title)
    if wrapped and not wrapped[1]:
        title = clean_name(wrapped[2], "an event's title", example)
    return refuse_link_breakers(title, "an event's title", TITLE_BREAKERS)


def linked(typed: str, path: str) -> str:
    """What a typed name that was not exact was taken to be: ``linked 'jane' to contacts/Jane Doe.md``."""
    return f"linked {typed!r} to {path}"


def email_warning(email: str | None) -> str | None:
    """A warning when ``email`` does not look like an address (``name@example.org``); it is kept anyway."""
    if email is None or EMAIL.fullmatch(email.strip()):
        return None
    return f"{email!r} does not look like an email address (name@example.org); it is saved as typed"


def new_contact(config: Config, index: Index, spec: ContactSpec, force: bool = False) -> NewNote:
    """A contact note. Refused when the name (or alias, or file name) already has a note and,
    unless ``force``, when another contact has the same name but for case and accents, or the
    same email. A warning when the name is also how another contact is typed (``Jane``)."""
    spec.name = contact_name(spec.name)
    existing = index.resolve_contact(spec.name)
    if existing:
        raise ExistsError(f"{spec.name} already has a note: {existing[0].path}; nothing was written")
    alike = _lookalikes(index, spec)
    if alike and not force:
        raise ExistsError(f"{alike[0]}; nothing was written (--force adds it anyway)")
    path = _new_path(config, config.contacts_dir, spec.name)
    return NewNote(path, contact_text(spec), spec.name, warnings=_typed_also(index, spec.name))


def _lookalikes(index: Index, spec: ContactSpec) -> list[str]:
    """Why another contact is likely the same person: a name or alias the same but for case and
    accents, or the same email."""
    key = name_key(spec.name)
    found = [f"{spec.name!r} looks like {c.name} ({c.path}): the same name but for case and accents"
             for c in index.contacts if any(name_key(n) == key for n in (c.name, *c.aliases))]
    email = (spec.email or "").strip().casefold()
    found += [f"{spec.email} is already the email of {c.name} ({c.path})"
              for c in index.contacts if email and email in (e.casefold() for e in c.emails)]
    return found


def _typed_also(index: Index, name: str) -> list[str]:
    """A warning when typing ``name`` finds other contacts today (a first name, the start of a name)."""
    key = name_key(name)
    others = [c for c in match_contact(index, name).contacts
              if all(name_key(n) != key for n in (c.name, *c.aliases))]
    if not others:
        return []
    names = ", ".join(f"{c.name} ({c.path})" for c in others)
    return [f"{name!r} also matches {names} when typed; from now on it means the new contact"]


def met_at_link(index: Index, typed: str) -> tuple[str, Event | None, bool]:
    """``--met-at``: the link to write (the event's file name), the event (None when no event
    note has that name yet), and whether it was named exactly. ``[[…]]``, ``|alias`` and
    ``#heading`` are taken off; several events, or a name no link can carry, are refused."""
    from relnotes.core.links import reference

    target = " ".join(reference(typed).split())
    if not target:
        raise UsageError(f"--met-at needs an event's title or file name (got {typed!r})")
    events, exact = match_event(index, target)
    if len(events) > 1:
        raise ResolveError(several(target, events))
    if events:
        return link_name(index, events[0].note), events[0], exact
    bad = next((ch for ch in NAME_BREAKERS if ch in target), None)
    if bad is not None:
        raise ResolveError(f"no event note is called {target!r}, and a link to it cannot contain {bad}; "
                            "create the event first with relnotes debrief, or name its file")
    return target, None, True


@dataclass
class DebriefSpec:
    title: str
    when: date
    purpose: str | None = None
    format: str | None = None
    goal: str | None = None
    people: list[str] = field(default_factory=list)
    cost: float | None = None
    hours: float | None = None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


EMPTY_BULLET = "- "  # ready to type into


def debrief_text(spec: DebriefSpec, links: list[str]) -> str:
    pairs = [("title", scalar(spec.title)), ("date", scalar(spec.when))]
    for key in ("purpose", "format", "goal"):
        value = getattr(spec, key)
        if value:
            pairs.append((key, scalar(value)))
    for key in ("cost", "hours"):
        value = getattr(spec, key)
        if value is not None:
            pairs.append((key, _number(value)))
    pairs.append(("people", flow_list([f"[[{link}]]" for link in links])))
    pairs.append(("rating", ""))
    front = _front(pairs).replace("rating: \n", "rating:\n")
    people = "".join(f"- [[{link}]] — \n" for link in links) or f"{EMPTY_BULLET}\n"
    return front + f"""
# {spec.title}

## Why I went
<!-- Content (to learn) or community (to meet people)? What did I want from it? -->
{_why(spec)}
## What I learned
{EMPTY_BULLET}

## Who was worth a follow-up, and why
<!-- Quality over quantity: two real conversations beat twenty cards. -->
{people}
## Filter questions
<!-- What drew you to this event? How does it touch your work? What are you working on that excites you? -->
{EMPTY_BULLET}

## What I promised, to whom
<!-- Tasks, so relnotes reminds you: - [ ] Send [[Name]] the deck 📅 {spec.when.isoformat()} -->

## Worth it?
<!-- Would I go again? Set rating: 1-5 above. -->
"""


def _why(spec: DebriefSpec) -> str:
    parts = []
    if spec.purpose:
        parts.append(f"Purpose: {spec.purpose}.")
    if spec.goal:
        parts.append(f"Goal: {spec.goal}.")
    return (" ".join(parts) + "\n") if parts else "\n"


def new_debrief(config: Config, index: Index, spec: DebriefSpec) -> tuple[NewNote, list[NewNote]]:
    """The event note and a stub contact for every person who has no note yet."""
    spec.title = event_title(spec.title)
    day = spec.when.isoformat()
    stem_name = spec.title if spec.title[:10] == day else f"{day} {spec.title}"
    if safe_stem(stem_name) == day:  # a file named only by its date would be read as a daily note
        raise UsageError(f"{spec.title!r} leaves no title for the file name once the date is taken out; "
                            f'use letters or digits, e.g. relnotes debrief "Atlanta Tech Mixer"')
    event_path = _new_path(config, config.events_dir, stem_name)
    links: list[str] = []
    stubs: list[NewNote] = []
    said: list[str] = []
    for person in spec.people:
        found, exact = _person(index, person)
        if isinstance(found, str):
            stub = new_contact(config, index, ContactSpec(name=found, met_at=event_path.stem))
            if all(s.path != stub.path for s in stubs):
                stubs.append(stub)
            link, path = stub.path.stem, stub.path.relative_to(config.root).as_posix()
        else:
            link, path = link_name(index, found.note), found.path
        if not exact:
            said.append(linked(person, path))
        if link not in links:
            links.append(link)
    text = debrief_text(spec, links)
    return NewNote(event_path, text, spec.title, said=said), stubs


def _person(index: Index, person: str) -> tuple[Contact | str, bool]:
    """The contact a ``--people`` name is, as a typed CONTACT is found, and whether exactly; else
    the name for a new stub: the name as an event lists it when someone listed without a note
    answers to it, else as typed. Several matches, an event, or a skipped note are refused."""
    match = match_contact(index, person)
    if len(match.contacts) == 1:
        return match.contacts[0], match.exact
    if match.contacts:
        raise ResolveError(several(person, match.contacts))
    if len(match.ghosts) > 1:
        listed = "; ".join(f"{name} ({events[0].path})" for name, events in match.ghosts.items())
        raise ResolveError(f"{person!r} matches several people listed in events without a note: {listed}. "
                           "Type the whole name")
    if match.ghosts:
        return next(iter(match.ghosts)), match.exact
    events: list[Event] = index.resolver.lookup(person, Event)
    if events:
        raise ResolveError(f"{person!r} is an event ({events[0].path}), not a contact")
    skipped = skipped_note(index, person)
    if skipped is not None:
        raise ResolveError(skipped)
    return person, True


def split_people(value: str) -> list[str]:
    """``"Jane Doe, [[Priya Raman]]; Bo"`` → names, without brackets, blanks or duplicates (names the
    same but for case and accents)."""
    from relnotes.core.links import reference

    names: dict[str, str] = {}
    for part in value.replace(";", ",").split(","):
        name = " ".join(reference(part).split())
        if name:
            names.setdefault(name_key(name), name)
    return list(names.values())

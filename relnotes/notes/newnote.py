"""New notes: contacts (`add`), event debriefs (`debrief`) and their stub contacts. Text only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from relnotes.core.fields import REFERENCE, TAGS
from relnotes.core.index import Index
from relnotes.core.model import CONTACT_FIELDS
from relnotes.core.settings import Config
from relnotes.errors import RelnotesError
from relnotes.notes.filenames import note_stem, safe_stem
from relnotes.notes.yamlscalar import flow_list, scalar


@dataclass
class NewNote:
    path: Path
    text: str
    name: str


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
        return flow_list([item.lstrip("#") for item in value] if kind == TAGS else value)
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
    path = config.root / folder / f"{note_stem(config.filename, name)}.md"
    if path.exists() or path.is_symlink():
        raise RelnotesError(f"{path.relative_to(config.root)} already exists; nothing was written")
    return path


def clean_name(typed: str, what: str, example: str) -> str:
    """``typed`` with its spaces folded; a RelnotesError when nothing is left of it."""
    name = " ".join(typed.split())
    if not name:
        raise RelnotesError(f"{what} cannot be empty (got {typed!r}); for example: {example}")
    return name


EMAIL = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+")


def email_warning(email: str | None) -> str | None:
    """A warning when ``email`` does not look like an address (``name@example.org``); it is kept anyway."""
    if email is None or EMAIL.fullmatch(email.strip()):
        return None
    return f"{email!r} does not look like an email address (name@example.org); it is saved as typed"


def new_contact(config: Config, index: Index, spec: ContactSpec) -> NewNote:
    spec.name = clean_name(spec.name, "a contact's name", 'relnotes add "Jane Doe"')
    existing = index.resolve_contact(spec.name)
    if existing:
        raise RelnotesError(f"{spec.name} already has a note: {existing[0].path}; nothing was written")
    path = _new_path(config, config.contacts_dir, spec.name)
    return NewNote(path, contact_text(spec), spec.name)


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
    spec.title = clean_name(spec.title, "an event's title", 'relnotes debrief "Atlanta Tech Mixer"')
    day = spec.when.isoformat()
    stem_name = spec.title if spec.title[:10] == day else f"{day} {spec.title}"
    if safe_stem(stem_name) == day:  # a file named only by its date would be read as a daily note
        raise RelnotesError(f"{spec.title!r} leaves no title for the file name once the date is taken out; "
                            f'use letters or digits, e.g. relnotes debrief "Atlanta Tech Mixer"')
    event_path = _new_path(config, config.events_dir, stem_name)
    links: list[str] = []
    stubs: list[NewNote] = []
    for person in spec.people:
        found = index.resolve_contact(person)
        if len(found) > 1:
            raise RelnotesError(f"{person!r} matches several contacts ({', '.join(c.path for c in found)}); "
                                "use the file name to pick one")
        if found:
            links.append(found[0].note.stem)
            continue
        stub = new_contact(config, index, ContactSpec(name=person, met_at=event_path.stem))
        if any(s.path == stub.path for s in stubs):
            continue
        stubs.append(stub)
        links.append(stub.path.stem)
    text = debrief_text(spec, links)
    return NewNote(event_path, text, spec.title), stubs


def split_people(value: str) -> list[str]:
    """``"Jane Doe, [[Priya Raman]]; Bo"`` → names, without brackets, duplicates or blanks."""
    from relnotes.notes.schema import reference

    names: list[str] = []
    for part in value.replace(";", ",").split(","):
        name = " ".join(reference(part).split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names

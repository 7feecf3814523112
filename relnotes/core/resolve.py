"""Turning what a user typed into exactly one contact (or event), or a clear error."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable

from relnotes.core.index import Index
from relnotes.core.model import Contact, Event, Note
from relnotes.errors import ResolveError


def resolve_contact(index: Index, ref: str) -> Contact:
    """One contact by name, alias, file stem or wikilink; ResolveError lists candidates otherwise.

    Exact matches (any case) win, then typed-name matches (a first name, the start of a name),
    then the same ignoring accents (``zoe`` finds ``Zoë``). A name that only a skipped note
    answers to gets an error naming that note and why it is skipped.
    """
    from relnotes.notes.schema import reference

    target = reference(ref)
    found = index.resolve_contact(target) or _loose(index.contacts, target) or _loose(index.contacts, target, fold)
    if len(found) == 1:
        return found[0]
    if found:
        names = "; ".join(f"{c.name} ({c.path})" for c in sorted(found, key=lambda c: c.path))
        raise ResolveError(f"{ref!r} matches several contacts: {names}. Use the file name to pick one")
    skipped = skipped_note(index, target)
    if skipped is not None:
        raise ResolveError(skipped)
    raise ResolveError(f"no contact called {ref!r}{_suggest(index, target)}")


def resolve_contact_or_event(index: Index, ref: str) -> Contact | Event:
    """A contact as :func:`resolve_contact` finds it, else an event by its title, file stem or alias.

    An exact contact match wins over an event; an event (exact, then by the start of its title
    or its title without the leading date) wins over a contact that only loosely matches.
    """
    from relnotes.notes.schema import reference

    target = reference(ref)
    if index.resolve_contact(target):
        return resolve_contact(index, ref)
    events: list[Event] = index.resolver.lookup(target, Event) or _loose_events(index.events, target)
    if len(events) == 1:
        return events[0]
    if len(events) > 1:
        names = "; ".join(f"{e.title} ({e.path})" for e in sorted(events, key=lambda e: e.path))
        raise ResolveError(f"{ref!r} matches several events: {names}. Use the file name to pick one")
    return resolve_contact(index, ref)


def fold(text: str) -> str:
    """Case and accents folded: ``Zoë Müller`` → ``zoe muller``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _matches(name: str, needle: str, key: Callable[[str], str] = str.casefold) -> bool:
    folded = " ".join(key(name).split())
    return folded.startswith(needle) or needle in folded.split()


def _loose(contacts: list[Contact], target: str, key: Callable[[str], str] = str.casefold) -> list[Contact]:
    """For typed commands only: contacts whose name starts with, or has a word equal to, ``target``."""
    needle = " ".join(key(target).split())
    if not needle:
        return []
    return [c for c in contacts if any(_matches(n, needle, key) for n in (c.name, *c.aliases))]


DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}[\s_:–—-]*")


def _loose_events(events: list[Event], target: str) -> list[Event]:
    """Events whose title (with or without its leading date) is or starts with ``target``."""
    needle = " ".join(fold(target).split())
    if not needle:
        return []
    found = []
    for event in events:
        names = {event.title, event.note.stem, DATE_PREFIX.sub("", event.title), DATE_PREFIX.sub("", event.note.stem)}
        if any(" ".join(fold(n).split()).startswith(needle) for n in names if n):
            found.append(event)
    return found


def skipped_note(index: Index, target: str) -> str | None:
    """``contacts/Connie.md is skipped: …; fix it first`` when only a skipped contact note answers to ``target``."""
    needle = " ".join(fold(target.removesuffix(".md")).split())
    if not needle:
        return None
    notes = [n for n in index.notes if n.skipped and n.kind == "contact"]
    exact = [n for n in notes if needle in (_note_key(n.stem), _note_key(n.path[:-3]), _note_key(n.name))]
    found = exact or [n for n in notes if _matches(n.name, needle, fold) or _matches(n.stem, needle, fold)]
    if not found:
        return None
    return "; ".join(f"{n.path} is skipped: {_why(index, n)}" for n in found) + "; fix it first"


def _note_key(text: str) -> str:
    return " ".join(fold(text).split())


def _why(index: Index, note: Note) -> str:
    problem = next((p for p in index.problems if p.file == note.path and p.skipped), None)
    if problem is None:
        return "it cannot be read (run 'relnotes check')"
    reason = problem.message
    for tail in ("; the note is skipped", "; skipped"):
        reason = reason.removesuffix(tail)
    return f"line {problem.line}: {reason}" if problem.line else reason


def _suggest(index: Index, target: str) -> str:
    """Up to three names that look like what was typed (whole names or any of their words)."""
    names = {c.name for c in index.contacts} | {a for c in index.contacts for a in c.aliases}
    keys: dict[str, str] = {}
    for name in sorted(names):
        for key in [name, *name.split()]:
            keys.setdefault(key.casefold(), name)
    needle = target.casefold()
    close: list[str] = []
    for key in difflib.get_close_matches(needle, list(keys), n=6, cutoff=0.6):
        if keys[key] not in close:
            close.append(keys[key])
    for key, name in keys.items():
        if needle and needle in key and name not in close:
            close.append(name)
    if not close:
        return ""
    return " (did you mean " + ", ".join(close[:3]) + "?)"

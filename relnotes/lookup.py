"""Turning what a user typed into exactly one contact, or a clear error."""

from __future__ import annotations

import difflib

from .errors import ResolveError
from .index import Index
from .model import Contact


def resolve_contact(index: Index, ref: str) -> Contact:
    """One contact by name, alias, file stem or wikilink; ResolveError lists candidates otherwise."""
    from .fields import reference

    target = reference(ref)
    found = index.resolve_contact(target) or _loose(index, target)
    if len(found) == 1:
        return found[0]
    if found:
        names = "; ".join(f"{c.name} ({c.path})" for c in sorted(found, key=lambda c: c.path))
        raise ResolveError(f"{ref!r} matches several contacts: {names}. Use the file name to pick one")
    raise ResolveError(f"no contact called {ref!r}{_suggest(index, target)}")


def _loose(index: Index, target: str) -> list[Contact]:
    """For typed commands only: contacts whose name starts with, or has a word equal to, ``target``."""
    needle = " ".join(target.split()).casefold()
    if not needle:
        return []
    found = []
    for contact in index.contacts:
        for name in (contact.name, *contact.aliases):
            folded = name.casefold()
            if folded.startswith(needle) or needle in folded.split():
                found.append(contact)
                break
    return found


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

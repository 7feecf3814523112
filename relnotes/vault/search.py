"""`relnotes find`: search contacts by name, alias, fields and body text. Pure but for reading bodies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from relnotes.core.index import Index
from relnotes.core.model import Contact
from relnotes.notes.notetext import decode

FIELDS = ("name", "company", "role", "location", "email", "phone", "linkedin", "website", "needs", "offers",
          "follow_up_note", "uid")


def _values(contact: Contact) -> list[tuple[str, str]]:
    pairs = [("name", contact.name)] + [("alias", a) for a in contact.aliases]
    for key in ("company", "role", "location", "linkedin", "website", "follow_up_note", "uid"):
        value = getattr(contact, key, None) if key != "follow_up_note" else contact.follow_up_note
        if value:
            pairs.append((key, value))
    pairs += [("email", e) for e in contact.emails] + [("phone", p) for p in contact.phones]
    pairs += [("tag", t) for t in contact.tags]
    pairs += [("needs", n) for n in contact.needs] + [("offers", o) for o in contact.offers]
    return pairs


def _body_match(root: Path, contact: Contact, needle: str) -> str | None:
    try:
        text = decode((root / contact.path).read_bytes())
    except (OSError, ValueError):
        return None
    for line in text.split("\n"):
        if needle in line.casefold():
            return line.strip()
    return None


def find(index: Index, query: str, *, tags: tuple[str, ...] = (), tiers: tuple[str, ...] = (),
         company: str | None = None) -> list[dict[str, Any]]:
    needle = " ".join(query.split()).casefold()
    wanted_tags = {t.lstrip("#").casefold() for t in tags}
    results = []
    for contact in sorted(index.contacts, key=lambda c: c.name.casefold()):
        if tiers and contact.tier not in tiers:
            continue
        if wanted_tags and not wanted_tags & {t.casefold() for t in contact.tags}:
            continue
        if company and company.casefold() not in (contact.company or "").casefold():
            continue
        match = _match(index.config.root, contact, needle)
        if match is None:
            continue
        results.append({"name": contact.name, "file": contact.path, "tier": contact.tier, "company": contact.company,
                        "email": contact.email, "tags": contact.tags, "match": match})
    return results


def _match(root: Path, contact: Contact, needle: str) -> str | None:
    if not needle:
        return ""
    for label, value in _values(contact):
        if needle in value.casefold():
            return f"{label}: {value}"
    line = _body_match(root, contact, needle)
    return f"note: {line}" if line is not None else None

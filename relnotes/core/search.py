"""What `relnotes find` matches: a contact's fields, then its note's text. Pure: the text is given."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from relnotes.core.model import CONTACT_FIELDS, Contact
from relnotes.core.names import canonical, lookup_key

# The fields find looks in, in the order it tries them (the first match is the one shown):
# the contact's names, then one-value fields, then lists, each in the schema's order.
SEARCHED = tuple(sorted((spec for spec in CONTACT_FIELDS if spec.find), key=lambda s: (not s.is_name, s.is_list)))


def needle_of(query: str) -> str:
    """The query as it is compared: spaces folded, case ignored."""
    return lookup_key(query)


def selected(contacts: list[Contact], *, tags: tuple[str, ...] = (), tiers: tuple[str, ...] = (),
             company: str | None = None) -> list[Contact]:
    """The contacts the filters let through (tags without '#', any case; tiers as in TIERS), by name."""
    wanted_tags = {t.lstrip("#").casefold() for t in tags}
    out = []
    for contact in sorted(contacts, key=lambda c: c.name.casefold()):
        if tiers and contact.tier not in tiers:
            continue
        if wanted_tags and not wanted_tags & {t.casefold() for t in contact.tags}:
            continue
        if company and company.casefold() not in (contact.company or "").casefold():
            continue
        out.append(contact)
    return out


def field_values(contact: Contact) -> Iterator[tuple[str, str]]:
    """(label, value) for every value find looks at, in the order it looks."""
    for spec in SEARCHED:
        value = getattr(contact, spec.attr)
        for item in value if spec.is_list else (value,):
            if item:
                yield spec.find or spec.key, item


def field_match(contact: Contact, needle: str) -> str | None:
    """``company: Acme Payments`` for the first field that holds ``needle``; "" for an empty needle."""
    if not needle:
        return ""
    return next((f"{label}: {value}" for label, value in field_values(contact) if needle in canonical(value)), None)


def text_match(text: str, needle: str, front_lines: range = range(0)) -> str | None:
    """``note: <the line>`` for the first line of the note's text that holds ``needle``; a line
    of the front matter (its index in ``front_lines``) as it is, ``met_at: "[[…]]"``, like a field."""
    for number, line in enumerate(text.split("\n")):
        if needle in canonical(line):
            return line.strip() if number in front_lines else f"note: {line.strip()}"
    return None


def result(contact: Contact, match: str) -> dict[str, Any]:
    """One match as `find --json` prints it."""
    return {"name": contact.name, "file": contact.path, "tier": contact.tier, "company": contact.company,
            "email": contact.email, "tags": contact.tags, "match": match}

"""`relnotes find`: search contacts by name, alias, fields and note text.

What matches is decided in core/search.py, over the index and a note's text; this module only
reads the text of a note whose fields did not match.
"""

from __future__ import annotations

from typing import Any

from relnotes.core.index import Index
from relnotes.core.search import field_match, needle_of, result, selected, text_match
from relnotes.errors import NoteError
from relnotes.notes.frontmatter import front_matter_span
from relnotes.vault.files import note_text


def find(index: Index, query: str, *, tags: tuple[str, ...] = (), tiers: tuple[str, ...] = (),
         company: str | None = None) -> list[dict[str, Any]]:
    needle = needle_of(query)
    results = []
    for contact in selected(index.contacts, tags=tags, tiers=tiers, company=company):
        match = field_match(contact, needle)
        if match is None:
            text = note_text(index.config.root, contact.path)
            match = text_match(text, needle, _front_lines(text)) if text is not None else None
        if match is not None:
            results.append(result(contact, match))
    return results


def _front_lines(text: str) -> range:
    """The indexes of the front matter's lines (none when it is missing or never closed)."""
    try:
        span = front_matter_span(text)
    except NoteError:
        return range(0)
    return range(span[0], span[1]) if span else range(0)

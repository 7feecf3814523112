"""Safe, readable file names for new notes."""

from __future__ import annotations

import re
import unicodedata

from relnotes.errors import UsageError

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f#^\[\]]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_BYTES = 120


def safe_stem(name: str) -> str:
    """A file stem for ``name``: no path separators or characters Windows, macOS or Obsidian refuse.

    ``../../x`` becomes ``x``; ``CON`` becomes ``CON_``; an empty result is an error.
    """
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub(" ", text)
    text = " ".join(text.split())
    text = text.strip(" .")
    while text.startswith("."):
        text = text.lstrip(".").strip()
    if text.split(".")[0].upper() in _RESERVED:
        text += "_"
    encoded = text.encode("utf-8")[:MAX_BYTES]
    text = encoded.decode("utf-8", errors="ignore").rstrip(" .")
    if not text:
        raise UsageError(f"{name!r} gives an empty file name; use letters or digits")
    return text


def note_stem(pattern: str, name: str) -> str:
    """The configured file name pattern (``{name}``) applied to a display name."""
    return safe_stem(pattern.replace("{name}", safe_stem(name)))


NAME_BREAKERS = "[]|#^"  # in a wikilink: [[Jane|Doe]] is an alias, [[Jane#1]] a heading, [[Jane^x]] a block
TITLE_BREAKERS = "[]|"  # an event is linked by its file name, where # and ^ become spaces


def refuse_link_breakers(name: str, what: str, breakers: str = NAME_BREAKERS) -> str:
    """``name`` itself; a RelnotesError when it has a character that breaks a ``[[link]]`` to it.

    Obsidian refuses these in note names, and the agenda's and debriefs' links would break.
    """
    if any(ch in name for ch in breakers):
        listed = " ".join(breakers[:-1]) + " or " + breakers[-1]
        raise UsageError(f"{what} cannot contain {listed} (links to it would break): {name!r}")
    return name

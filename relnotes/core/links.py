"""The wikilink grammar every layer shares: ``[[target|alias]]``, ``[[target#heading]]``, embeds.

A reference "as written" is its target without brackets, ``|alias``, ``#heading`` or ``^block``
(SPEC 2): what names are resolved by, in notes and on the command line alike.
"""

from __future__ import annotations

import re

WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]++)\]\]")  # group 1: "!" for an embed; group 2: the inside


def link_target(inner: str) -> str:
    """``Jane Doe|Jane`` or ``Jane Doe#Log`` → ``Jane Doe`` (the reference as written)."""
    target = inner.split("|", 1)[0]
    target = target.split("#", 1)[0].split("^", 1)[0]
    return target.strip().rstrip("\\").strip()


def reference(value: str) -> str:
    """``[[Jane Doe|Jane]]`` or ``Jane Doe`` → ``Jane Doe``."""
    m = WIKILINK.fullmatch(value.strip())
    return link_target(m[2]) if m else value.strip()

"""Log entries that are probably typos: a kind no rule knows (``snet``), a date years ahead.

Either silently removes reminders (a ``snet`` is no ``sent``, so no nudge; an entry dated
2207 is the last contact for two centuries), so ``check`` reports them and ``log`` warns. Pure.
"""

from __future__ import annotations

import difflib
from datetime import date

from relnotes.core.dates import Duration
from relnotes.core.model import Contact, Problem
from relnotes.core.settings import Config

KNOWN_KINDS = ("met", "sent", "received", "call", "meeting", "note", "review")
FUTURE = Duration(1, "y")  # a log date further ahead than this is reported


def known_kinds(config: Config) -> tuple[str, ...]:
    return KNOWN_KINDS + tuple(k for k in config.rules.extra_log_kinds if k not in KNOWN_KINDS)


def closest_kind(kind: str, known: tuple[str, ...] = KNOWN_KINDS) -> str | None:
    found = difflib.get_close_matches(kind.lower(), known, n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_kind(kind: str, config: Config) -> str | None:
    """None for a known kind; else what to say about it (``'snet' is not a known kind; did you mean sent?``)."""
    known = known_kinds(config)
    if kind.lower() in known:
        return None
    guess = closest_kind(kind, known)
    if guess is not None:
        return f"{kind!r} is not a known kind; did you mean {guess}?"
    return (f"{kind!r} is not a known kind ({', '.join(known)}); it counts as a touchpoint "
            f"(list it in rules.extra_log_kinds if you mean it)")


def kind_problems(contact: Contact, config: Config) -> list[Problem]:
    """One problem per log entry of the contact whose kind is not known."""
    out = []
    for entry in contact.note.log:
        message = unknown_kind(entry.kind, config)
        if message is not None:
            out.append(Problem(contact.path, entry.line, f"log kind {message}"))
    return out


def future_problems(contacts: list[Contact], today: date) -> list[Problem]:
    """Log entries dated more than a year after ``today``."""
    limit = FUTURE.after(today)
    return [Problem(c.path, e.line, f"log date {e.date.isoformat()} is more than a year in the future "
                                    f"(today is {today.isoformat()}); is the year a typo?")
            for c in contacts for e in c.note.log if e.date > limit]

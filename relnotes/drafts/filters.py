"""What templates see and can do with it: :class:`View`, and the Jinja filters. No Jinja, no Click.

The filters are plain functions (``first_name``, ``plain``, ``second_person``, ``join_and``,
``address``) plus the date ones :func:`filters` binds to today. They are documented in
docs/templates.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from relnotes.core.dates import humane, parse_iso
from relnotes.core.links import link_target
from relnotes.drafts.mail import quote_address


class View:
    """Read-only attributes for templates. ``{{ contact }}`` prints its text (the name)."""

    def __init__(self, _label: str, _text: str = "", **values: Any) -> None:
        self.__dict__.update(values)
        self._label = _label
        self._text = _text

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<{self._label} {self._text!r}>"

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...


LINK = re.compile(r"!?\[\[([^\[\]\n]+?)\]\]")
VALUE_TAGS = re.compile(r"(?<![\w/])#(?:gave|got)(?:/[\w-]+)?|(?<![\w/])#waiting\b", re.IGNORECASE)
HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"}
PRONOUNS = {"they": "you", "he": "you", "she": "you", "them": "you", "him": "you", "their": "your", "his": "your",
            "theirs": "yours", "hers": "yours", "themselves": "yourself", "himself": "yourself",
            "herself": "yourself", "they're": "you're", "he's": "you're", "she's": "you're", "they've": "you've",
            "they'll": "you'll", "he'll": "you'll", "she'll": "you'll", "they'd": "you'd", "he'd": "you'd",
            "she'd": "you'd"}
VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't", "isn't": "aren't",
         "wasn't": "weren't", "hasn't": "haven't"}
NEAR = {0: "today", 1: "yesterday", -1: "tomorrow"}  # days ago → word
OBJECT_NEXT = {"about", "to", "for", "with", "that", "the", "a", "an", "and", "in", "on", "at", "if", "when", "why",
               "how", "what", "know", "back", "up", "out", "again"}


def plain(text: object) -> str:
    """Wikilinks unwrapped (``[[Jane Doe|Jane]]`` → ``Jane``), ``#gave``/``#got``/``#waiting`` removed."""
    def unwrap(m: re.Match[str]) -> str:
        inner = m[1]
        return inner.split("|", 1)[1].strip() if "|" in inner else link_target(inner)

    return " ".join(VALUE_TAGS.sub("", LINK.sub(unwrap, str(text or ""))).split())


def first_name(value: object) -> str:
    """``Dr. Jane Doe`` → ``Jane``; ``Doe, Jane`` → ``Jane``; a contact → its first name."""
    if isinstance(value, View):
        return str(getattr(value, "first_name", value))
    text = str(value or "")
    if "," in text:
        text = text.split(",", 1)[1]
    words = text.split()
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words = words[1:]
    return words[0] if words else ""


def second_person(text: object) -> str:
    """Notes about them, said to them: ``she is hiring; intro to their CTO`` → ``you are hiring; intro to your CTO``."""
    out = re.sub(r"\b(he|she)\s+([A-Za-z']+)", lambda m: f"{_same_case(m[1], 'you')} {_verb(m[2])}", str(text or ""),
                 flags=re.IGNORECASE)
    out = re.sub(r"\b(her)\b(\s+([A-Za-z']+))?", _her, out, flags=re.IGNORECASE)
    words = "|".join(sorted((re.escape(w) for w in PRONOUNS), key=len, reverse=True))
    return re.sub(rf"\b({words})\b", lambda m: _same_case(m[0], PRONOUNS[m[0].casefold()]), out,
                  flags=re.IGNORECASE)


def _verb(word: str) -> str:
    """``thinks`` → ``think``, ``is`` → ``are``: the verb after he/she, said to "you"."""
    low = word.casefold()
    if low in VERBS:
        return VERBS[low]
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "oes", "zes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "'s")) and len(low) > 2:
        return word[:-1]
    return word


def _her(m: re.Match[str]) -> str:
    following = (m[3] or "").casefold()
    word = "your" if following and following not in OBJECT_NEXT else "you"
    return _same_case(m[1], word) + (m[2] or "")


def _same_case(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def join_and(items: object, word: str = "and") -> str:
    parts = [str(i) for i in (items or []) if str(i)]  # type: ignore[attr-defined]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}" if parts else ""


def address(value: object) -> str:
    """A contact → ``Jane Doe <jane@example.com>`` ("" without an email); text stays as it is."""
    if isinstance(value, View):
        email = getattr(value, "email", None)
        return quote_address(value.name, email) if email else ""  # type: ignore[attr-defined]
    return str(value or "")


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return parse_iso(str(value)) if value else None


def filters(today: date) -> dict[str, Callable[..., Any]]:
    def since(value: object) -> str:
        """How long ago, without "ago": ``5 days``, ``3 weeks``, ``2 months``."""
        d = _as_date(value)
        days = abs((today - d).days) if d else 0
        if days < 14:
            return "1 day" if days == 1 else f"{days} days"
        return f"{days // 7} weeks" if days < 60 else f"{days // 30} months" if days < 730 else f"{days // 365} years"

    def ago(value: object) -> str:
        d = _as_date(value)
        if d is None:
            return ""
        days = (today - d).days
        return NEAR.get(days) or (f"{since(d)} ago" if days > 0 else f"in {since(d)}")

    def when(value: object) -> str:
        d = _as_date(value)
        if d is None:
            return ""
        days = (today - d).days
        return NEAR.get(days) or (f"on {d.strftime('%A')}" if abs(days) < 7 else f"on {humane(d, today)}")

    return {
        "first_name": first_name, "plain": plain, "second_person": second_person, "join_and": join_and,
        "address": address, "ago": ago, "since": since, "when": when,
        "humane": lambda v: humane(d, today) if (d := _as_date(v)) else "",
        "weekday": lambda v: d.strftime("%A") if (d := _as_date(v)) else "",
        "capfirst": lambda v: str(v or "")[:1].upper() + str(v or "")[1:],
        "lowerfirst": lambda v: str(v or "")[:1].lower() + str(v or "")[1:],
    }


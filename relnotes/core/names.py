"""How names and phone numbers are compared when looking for the same person twice. Pure."""

from __future__ import annotations

import re
import unicodedata

PHONE_DIGITS = 9  # the last digits compared: +1 555 010 2000 and (555) 010-2000 are one number
PHONE_MIN = 7  # fewer digits than this is an extension or a short code, never compared
_PHONE_END = re.compile(r"[^0-9\s()+./-]")  # "ext. 12", "x12", "; mobile": the number stops here
_NOT_DIGIT = re.compile(r"[^0-9]")


def canonical(text: str) -> str:
    """Case folded, in one Unicode form (NFC): canonically equal texts compare equal (``é`` typed
    as one character, or as ``e`` and a combining accent, as macOS writes file names)."""
    folded = text.casefold()
    return folded if folded.isascii() else unicodedata.normalize("NFC", folded)


def lookup_key(text: str) -> str:
    """A name, title, alias, file stem or path as lookups compare it: runs of spaces as one,
    case and Unicode form (:func:`canonical`) ignored; accents are not."""
    return canonical(" ".join(text.split()))


def fold(text: str) -> str:
    """Case and accents folded: ``Zoë Müller`` → ``zoe muller``."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """A name as compared for likely duplicates: case, accents and runs of spaces folded."""
    return " ".join(fold(text).split())


def phone_key(phone: str) -> str | None:
    """The last nine digits of a phone number, or all of them when fewer; None when under seven.

    Only digits count, up to the first letter (``ext. 12``), so ``+1 (555) 010-2000`` and
    ``555.010.2000`` are the same number, and so are ``+44 20 7946 0000`` and ``020 7946 0000``.
    """
    digits = _NOT_DIGIT.sub("", _PHONE_END.split(phone, 1)[0])
    if len(digits) < PHONE_MIN:
        return None
    return digits[-PHONE_DIGITS:]


def same_phone(a: str, b: str) -> bool:
    """One number written two ways: the same :func:`phone_key`, unless both are written in
    international form (``+49 …``, ``0049 …``) and differ in full, country code included, so
    ``+96123456789`` and ``+49 1234 56789`` are two numbers while ``+44 20 7946 0000`` and
    ``020 7946 0000`` are one."""
    key = phone_key(a)
    if key is None or key != phone_key(b):
        return False
    full_a, full_b = _international(a), _international(b)
    return full_a is None or full_b is None or full_a == full_b


def _international(phone: str) -> str | None:
    """All the digits of a number written with its country code (``+`` or ``00``), else None."""
    number = _PHONE_END.split(phone, 1)[0].strip()
    digits = _NOT_DIGIT.sub("", number)
    if number.startswith("+"):
        return digits
    if digits.startswith("00") and not number.startswith("("):
        return digits[2:]
    return None

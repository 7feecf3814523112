"""vCard 2.1, 3.0 and 4.0 in and out, through vobject (SPEC 7). Text in, text out: no files.

A file is split into cards before parsing, so a broken card (no ``END:VCARD``, a line vobject
cannot read) is reported with its number and skipped and the cards after it still import.
vCard 2.1 quirks vobject does not take are smoothed first: quoted-printable soft line breaks
(``=`` at the end of a line) are joined and decoded with the card's CHARSET, and photos, logos,
sounds and keys (with their unindented base64 lines) are dropped, as SPEC 7 skips them.

Text comes in as UTF-8 with any undecodable byte kept as a lone surrogate (``surrogateescape``),
so each card's encoding is judged on its own: a card with bytes that are not UTF-8 is read in
the charset it declares (``CHARSET=``), or in Windows-1252 when the whole file is in a legacy
encoding (no UTF-8 text in it at all); otherwise it is reported as a bad encoding and skipped,
and the other cards still import. A quoted-printable value with an unknown charset is a bad
encoding too; one with a stray byte in a known charset keeps the rest (U+FFFD for the byte).
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import vobject

from relnotes.core.record import Record, add_unique, add_url

_PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$", re.S)
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_QP = re.compile(r"(?:^|;)(?:ENCODING=)?QUOTED-PRINTABLE(?:;|$)", re.I)
_CHARSET = re.compile(r"(?:^|;)CHARSET=([^;:]+)", re.I)


class BadEncoding(ValueError):
    """A card's bytes, or a quoted-printable value, that are not text in their charset."""


@dataclass
class Broken:
    number: int
    name: str
    reason: str


def split_cards(text: str) -> Iterator[tuple[int, list[str]]]:
    """(number, lines) of each ``BEGIN:VCARD`` … ``END:VCARD``; a card cut short ends at the next BEGIN."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    number, card = 0, None
    for line in lines:
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if card is not None:
                yield number, card
            number, card = number + 1, [line]
        elif card is not None:
            card.append(line)
            if word == "END:VCARD":
                yield number, card
                card = None
    if card is not None:
        yield number, card


def _logical(lines: list[str]) -> list[str]:
    """The card's properties one per entry: folds and QP soft breaks joined, binaries dropped."""
    out: list[str] = []
    skipping = False
    for line in lines:
        if line[:1] in (" ", "\t"):
            if not skipping and out:
                out[-1] += line[1:]
            continue
        m = _PROPERTY.match(line)
        if not m:
            if out and not skipping and _QP.search(_params(out[-1])) and out[-1].endswith("="):
                out[-1] = out[-1][:-1] + line
            continue  # blank lines, and 2.1's unindented base64
        skipping = m[1].upper() in _BINARY
        if skipping:
            continue
        if out and _QP.search(_params(out[-1])) and out[-1].endswith("="):
            out[-1] = out[-1][:-1] + line
            continue
        out.append(line)
    return [_decoded(line) for line in out]


def _params(line: str) -> str:
    m = _PROPERTY.match(line)
    return m[2] if m else ""


def _decoded(line: str) -> str:
    """A quoted-printable property decoded into plain text (its encoding parameters removed)."""
    m = _PROPERTY.match(line)
    if not m or not _QP.search(m[2]):
        return line
    charset = _CHARSET.search(m[2])
    raw = quopri.decodestring(m[3].encode("latin-1", "replace"))
    try:
        value = raw.decode(charset[1] if charset else "utf-8")
    except LookupError:
        raise BadEncoding(f"{m[1]}: unknown charset {charset[1] if charset else ''}") from None
    except UnicodeDecodeError:  # a stray byte (Android cuts a character in two): shown as U+FFFD
        value = raw.decode(charset[1] if charset else "cp1252", "replace")
    params = ";".join(p for p in m[2].split(";") if p and not re.fullmatch(
        r"(ENCODING=)?QUOTED-PRINTABLE|CHARSET=[^;]*", p, re.I))
    head = line[:m.start(2)]
    value = value.replace("\r\n", "\\n").replace("\n", "\\n")
    return f"{head}{';' + params if params else ''}:{value}"


def _raw_name(lines: list[str]) -> str:
    """The card's name as written, to tell the user which card was skipped: FN, else N's given and family."""
    props = {m[1].upper(): m for line in reversed(lines) if (m := _PROPERTY.match(line))}
    if "FN" in props and props["FN"][3].strip():
        return props["FN"][3].strip()
    if "N" in props and not _QP.search(props["N"][2]):
        family, _, rest = props["N"][3].partition(";")
        return " ".join(f"{rest.split(';')[0]} {family}".split())
    return ""


def _undecodable(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _legacy(text: str) -> bool:
    """Bytes that are not UTF-8 and no UTF-8 text at all: a file written in an 8-bit code page."""
    return _undecodable(text) and not any(ord(ch) > 127 and not "\udc80" <= ch <= "\udcff" for ch in text)


def _recoded(lines: list[str], legacy: bool) -> list[str]:
    """A card with undecodable bytes in its declared charset (or the file's code page); else BadEncoding."""
    data = "\n".join(lines).encode("utf-8", "surrogateescape")
    declared = {c.lower() for line in lines if (m := _PROPERTY.match(line)) for c in _CHARSET.findall(m[2])}
    declared.discard("utf-8")
    for charset in sorted(declared) or (["cp1252", "latin-1"] if legacy else []):
        try:
            return data.decode(charset).split("\n")
        except (LookupError, UnicodeDecodeError):
            continue
    bad = next(i for i, line in enumerate(lines, 1) if _undecodable(line))
    raise BadEncoding(f"bytes that are not UTF-8 on its line {bad}, unlike the rest of the file")


def read_cards(text: str, source: str) -> tuple[list[Record], list[Broken]]:
    """Every card of a .vcf text as a Record; the ones that cannot be read as Broken."""
    records: list[Record] = []
    broken: list[Broken] = []
    if not text.strip():
        return records, [Broken(0, "", "the file is empty")]
    if not any(number for number, _ in split_cards(text)):
        return records, [Broken(0, "", "no BEGIN:VCARD in it; is it a vCard file?")]
    legacy = _legacy(text)
    for number, lines in split_cards(text):
        name = _raw_name(lines).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if lines[-1].strip().upper() != "END:VCARD":
            broken.append(Broken(number, name, "the card has no END:VCARD"))
            continue
        try:
            if _undecodable("".join(lines)):
                lines = _recoded(lines, legacy)
            card = vobject.readOne("\n".join(_logical(lines)) + "\n", ignoreUnreadable=False)
            records.append(_record(card, number, source))
        except BadEncoding as exc:
            broken.append(Broken(number, name, f"bad encoding: {exc}"))
        except Exception as exc:  # vobject raises ParseError, ValueError, and others
            broken.append(Broken(number, name, f"cannot be read ({' '.join(str(exc).split())[:120]})"))
    return records, broken


def _values(card: Any, key: str) -> list[Any]:
    return list(card.contents.get(key, []))


def _str(value: Any) -> str:
    """A property value as text: a base64 one (2.1's ``ENCODING=BASE64`` on a NOTE) comes as bytes."""
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("cp1252", "replace")
    return str(value)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_str(v) for v in value if v)
    return " ".join(_str(value).split())


def _name(card: Any) -> str:
    for fn in _values(card, "fn"):
        if _text(fn.value):
            return _text(fn.value)
    for n in _values(card, "n"):
        v = n.value
        if hasattr(v, "given"):
            parts = [_text(v.prefix), _text(v.given), _text(v.additional), _text(v.family), _text(v.suffix)]
            name = " ".join(p for p in parts if p)
            if name:
                return name
        elif _text(v):
            return _text(v).replace(";", " ").strip()
    return ""


def _record(card: Any, number: int, source: str) -> Record:
    rec = Record(number, source, name=_name(card))
    for prop in _values(card, "email"):
        add_unique(rec.email, _text(prop.value))
    for prop in _values(card, "tel"):
        add_unique(rec.phone, _text(prop.value).removeprefix("tel:"))
    for prop in _values(card, "categories"):
        for item in prop.value if isinstance(prop.value, list) else [prop.value]:
            for tag in str(item).split(","):
                add_unique(rec.tags, tag.strip().lstrip("#").replace(" ", "-"))
    orgs = [_org(p.value) for p in _values(card, "org")]
    rec.company = next((o for o in orgs if o), None)
    rec.role = next((t for p in _values(card, "title") if (t := _text(p.value))), None)
    rec.location = next((loc for p in _values(card, "adr") if (loc := _locality(p.value))), None)
    for prop in _values(card, "url"):
        add_url(rec, _text(prop.value).replace("\\:", ":"))
    rec.birthday = next((b for p in _values(card, "bday") if (b := _birthday(p))), None)
    rec.uid = next((u for p in _values(card, "uid") if (u := _text(p.value))), None)
    notes = [_str(p.value).strip() for p in _values(card, "note") if _str(p.value).strip()]
    rec.note = "\n\n".join(notes)
    return rec


def _org(value: Any) -> str:
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    return _text(value).split(";")[0]


def _locality(value: Any) -> str:
    city = getattr(value, "city", "")
    return _text(city) if city else ""


_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")
_NOYEAR = re.compile(r"^--(\d{2})-?(\d{2})")


def _birthday(prop: Any) -> str | None:
    """``YYYY-MM-DD``, or ``--MM-DD`` for ``--MMDD`` and Apple's ``X-APPLE-OMIT-YEAR``; free text is skipped."""
    text = _text(prop.value)
    if m := _NOYEAR.match(text):
        return f"--{m[1]}-{m[2]}"
    m = _ISO.match(text)
    if not m:
        return None
    omit = prop.params.get("X-APPLE-OMIT-YEAR", [])
    yearless = (omit and omit[0] == m[1]) or m[1] == "0000"  # Apple's 1604 and Android's 0000: no year
    try:
        date(2000 if yearless else int(m[1]), int(m[2]), int(m[3]))  # a leap year for a year-less Feb 29
    except ValueError:
        return None  # 1980-02-30, 2001-13-01: not a day
    return f"--{m[2]}-{m[3]}" if yearless else f"{m[1]}-{m[2]}-{m[3]}"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _fold(line: str) -> str:
    """RFC 6350 folding: lines of at most 75 octets, continued with a space."""
    out: list[str] = []
    current = ""
    for ch in line:
        if len((current + ch).encode("utf-8")) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += ch
    out.append(current)
    return "\r\n ".join(out) + "\r\n"


def to_vcard(rec: Record) -> str:
    """A vCard 4.0 for a record (as built from a contact): every field vCard can carry."""
    family, _, given = rec.name.rpartition(" ") if " " in rec.name else ("", "", rec.name)
    if family:
        family, given = given, family
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{_escape(rec.name)}", f"N:{_escape(family)};{_escape(given)};;;"]
    lines += [f"EMAIL:{_escape(e)}" for e in rec.email]
    lines += [f"TEL;VALUE=text:{_escape(p)}" for p in rec.phone]
    if rec.company:
        lines.append(f"ORG:{_escape(rec.company)}")
    if rec.role:
        lines.append(f"TITLE:{_escape(rec.role)}")
    if rec.location:
        lines.append(f"ADR:;;;{_escape(rec.location)};;;")
    for url in (rec.website, rec.linkedin):
        if url:
            lines.append(f"URL:{url}")
    if rec.birthday:
        lines.append("BDAY:" + ("--" if rec.birthday.startswith("--") else "") + rec.birthday.replace("-", ""))
    if rec.tags:
        lines.append("CATEGORIES:" + ",".join(_escape(t) for t in rec.tags))
    if rec.uid:
        lines.append(f"UID:{_escape(rec.uid)}")
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)

"""Importing records into a vault, as a plan: merging, never clobbering (SPEC 7). Pure.

A record matches a contact by email (any, case-insensitive), then ``uid``, then exact name
(case-insensitive); a near name is reported, never merged. A match only gains what it lacks:
new keys, and new emails, phones and tags appended to its lists. Existing values and the body
are never changed; each disagreement is listed. Records of one import that match each other
(the same email, uid or name) are folded into one before anything is planned, and each fold is
reported. A record that matches two contacts (an email or a name two notes share) is skipped:
which one it is, is for the user to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from relnotes.core.index import Index
from relnotes.core.model import Contact
from relnotes.core.names import name_key, phone_key, same_phone
from relnotes.core.record import LISTS, SCALARS, Record, add_unique

NEAR = 88  # rapidfuzz ratio (0-100) of folded names from which two names are "near"


@dataclass
class Merge:
    record: Record
    contact: Contact
    how: str  # "email", "uid" or "name"
    scalars: dict[str, str] = field(default_factory=dict)  # key -> the value to add
    lists: dict[str, list[str]] = field(default_factory=dict)  # key -> the whole new list
    conflicts: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.scalars or self.lists)


@dataclass
class Plan:
    new: list[Record] = field(default_factory=list)
    merged: list[Merge] = field(default_factory=list)  # matched a contact (with or without changes)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (which record, why)
    near: list[tuple[Record, Contact]] = field(default_factory=list)
    folded: list[Fold] = field(default_factory=list)  # records that are an earlier record's person
    source: str = ""


@dataclass
class Fold:
    record: Record  # the later record
    into: Record  # the earlier one, which keeps its values
    how: str  # "email", "uid" or "name"
    conflicts: list[str] = field(default_factory=list)


def _fold(into: Record, other: Record) -> list[str]:
    """``other``'s facts added to ``into`` (what ``into`` has wins); the disagreements, worded."""
    conflicts = []
    for key in LISTS:
        for value in getattr(other, key):
            add_unique(getattr(into, key), value)
    for key in SCALARS:
        mine, theirs = getattr(into, key), getattr(other, key)
        if mine is None and theirs is not None:
            setattr(into, key, theirs)
        elif mine is not None and theirs is not None and not _agree(key, mine, theirs):
            conflicts.append(f"{key}: {into.where} says {mine}, this {_what(other)} says {theirs} — kept {mine}")
    if other.note and not into.note:
        into.note = other.note
    return conflicts


class _Matcher:
    def __init__(self, index: Index):
        self.by_email: dict[str, list[Contact]] = {}
        self.by_uid: dict[str, list[Contact]] = {}
        self.by_name: dict[str, list[Contact]] = {}
        for c in index.contacts:
            for e in {e.strip().lower() for e in c.emails}:
                self.by_email.setdefault(e, []).append(c)
            if c.uid:
                self.by_uid.setdefault(c.uid.strip(), []).append(c)
            for n in {n.strip().lower() for n in (c.name, *c.aliases)}:
                self.by_name.setdefault(n, []).append(c)

    def match(self, rec: Record) -> tuple[list[Contact], str] | None:
        """The contacts the record matches (one, or several: ambiguous) and by what."""
        for e in rec.email:
            if e.lower() in self.by_email:
                return self.by_email[e.lower()], "email"
        if rec.uid and rec.uid in self.by_uid:
            return self.by_uid[rec.uid], "uid"
        if rec.name.lower() in self.by_name:
            return self.by_name[rec.name.lower()], "name"
        return None


class _NewRecords:
    """The new records of one import so far, found by email, uid or name (case-insensitive)."""

    def __init__(self, out: list[Record]) -> None:
        self.out = out
        self.keys: dict[tuple[str, str], Record] = {}

    def same(self, rec: Record) -> tuple[Record, str] | None:
        for how, value in self._keys(rec):
            if (how, value) in self.keys:
                return self.keys[how, value], how
        return None

    def add(self, rec: Record, into: Record | None = None) -> None:
        """``rec`` is new, or with ``into`` folded into it. What finds the record is what its note
        will hold, as matching a contact would see it: a folded record adds only its emails (its
        name and uid are not written), so a second import matches just as the first folded."""
        if into is None:
            self.out.append(rec)
            keys = self._keys(rec)
        else:
            keys = [("email", e.lower()) for e in rec.email]
        for key in keys:
            self.keys.setdefault(key, into or rec)

    @staticmethod
    def _keys(rec: Record) -> list[tuple[str, str]]:
        keys = [("email", e.lower()) for e in rec.email]
        if rec.uid:
            keys.append(("uid", rec.uid))
        return [*keys, ("name", rec.name.lower())]


def plan(index: Index, records: list[Record], source: str = "") -> Plan:
    """What importing ``records`` would do; nothing is written here."""
    out = Plan(source=source)
    matcher, fresh = _Matcher(index), _NewRecords(out.new)
    targets: dict[str, tuple[Contact, str, Record]] = {}
    for rec in records:
        if not rec.name:
            why = "neither FN nor N" if _what(rec) == "card" else "the name columns are empty"
            out.skipped.append((rec.where, f"no name ({why})"))
            continue
        found = matcher.match(rec)
        if found is None:
            earlier = fresh.same(rec)
            if earlier is not None:
                out.folded.append(Fold(rec, earlier[0], earlier[1], _fold(earlier[0], rec)))
            fresh.add(rec, earlier[0] if earlier else None)
            continue
        contacts, how = found
        if len(contacts) > 1:
            paths = ", ".join(c.path for c in contacts)
            out.skipped.append((rec.where, f"its {how} matches {len(contacts)} contacts ({paths}); "
                                "not merged, as it could be either"))
            continue
        contact = contacts[0]
        if contact.path in targets:
            first = targets[contact.path][2]
            out.folded.append(Fold(rec, first, how, _fold(first, rec)))
        else:
            targets[contact.path] = (contact, how, rec)
    out.merged = [_merge(c, how, rec) for c, how, rec in targets.values()]
    out.near = _near(index, out.new)
    return out


def _near(index: Index, new: list[Record]) -> list[tuple[Record, Contact]]:
    """Each new record whose folded name is near a contact's (the nearest one)."""
    if not new or not index.contacts:
        return []
    contacts = list(index.contacts)
    keys = [name_key(c.name) for c in contacts]
    found = []
    for rec in new:
        best = process.extractOne(name_key(rec.name), keys, scorer=fuzz.ratio, score_cutoff=NEAR)
        if best is not None:
            found.append((rec, contacts[best[2]]))
    return found


def _existing(contact: Contact, key: str) -> str | None:
    """The contact's value for a scalar key, as the importer compares it."""
    if key == "birthday":
        if contact.birthday is None:
            return None
        month, day = contact.birthday
        year = f"{contact.birth_year:04d}" if contact.birth_year else "-"
        return f"{year}-{month:02d}-{day:02d}"
    value = getattr(contact, key)
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def _merge(contact: Contact, how: str, rec: Record) -> Merge:
    m = Merge(rec, contact, how)
    for key in SCALARS:
        theirs = getattr(rec, key)
        if theirs is None:
            continue
        ours = _existing(contact, key)
        if ours is None:
            if key not in contact.note.fields:
                m.scalars[key] = theirs
        elif not _agree(key, ours, theirs):
            m.conflicts.append(f"{key}: note says {ours}, {_what(rec)} says {theirs} — kept {ours}")
    for key in LISTS:
        ours_list = {"email": contact.emails, "phone": contact.phones, "tags": contact.tags}[key]
        if key == "phone":
            extra = [v for v in rec.phone if not any(_same_phone(v, o) for o in ours_list)]
        else:
            have = {_list_key(key, v) for v in ours_list}
            extra = [v for v in getattr(rec, key) if _list_key(key, v) not in have]
        if extra:
            m.lists[key] = [*ours_list, *extra]
    return m


def _agree(key: str, ours: str, theirs: str) -> bool:
    """The same value but for case and spaces; a year-less birthday agrees with a dated one."""
    a, b = " ".join(ours.split()).lower(), " ".join(theirs.split()).lower()
    if key == "birthday" and b.startswith("--"):
        return a.endswith(b[1:])
    return a == b


def _same_phone(a: str, b: str) -> bool:
    """Phones compare by their digits (:func:`same_phone`); a short code only as written."""
    if phone_key(a) is None or phone_key(b) is None:
        return a.strip() == b.strip()
    return same_phone(a, b)


def _list_key(key: str, value: str) -> str:
    """How emails and tags compare: case, a tag's ``#`` and spaces aside."""
    return value.lower().lstrip("#").strip()


def _what(rec: Record) -> str:
    return "card" if rec.source.lower().endswith((".vcf", ".vcard")) else "record"

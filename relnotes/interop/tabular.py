"""CSV contact exports as Records: LinkedIn Connections.csv, Google, Outlook, any via --map. Pure.

LinkedIn's file begins with free-text lines (``Notes:`` and a quoted paragraph) before its
header; the header is found as the first row with ``First Name`` and ``Last Name``. Google's
and Outlook's layouts are recognised by their headers; any other file is read by column names
equal to the front-matter keys, and ``--map key=column`` names a column for a key.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import datetime

from relnotes.core.record import LISTS, SCALARS, Record, add_unique, add_url
from relnotes.errors import UsageError

KEYS = ("name", *LISTS, *SCALARS, "note")
_DATE_FORMATS = ("%d %b %Y", "%m/%d/%y, %I:%M %p", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d")


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(text.splitlines(keepends=True)))


def _header_at(table: list[list[str]], wanted: set[str]) -> int | None:
    for i, row in enumerate(table[:50]):
        if wanted <= {c.strip() for c in row}:
            return i
    return None


def iso_date(text: str) -> str | None:
    """``07 Oct 2024``, ``1/8/18, 6:14 PM``, ``3/14/1980``, ``1980-03-14`` → ``YYYY-MM-DD``; else None."""
    text = " ".join(text.split())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    if m := re.fullmatch(r"--(\d{2})-?(\d{2})", text):
        try:
            datetime(2000, int(m[1]), int(m[2]))  # a leap year: --02-29 is a day
        except ValueError:
            return None
        return f"--{m[1]}-{m[2]}"
    return None


def _clean(text: str) -> str:
    return " ".join(text.split())


SEVERAL = re.compile(r"\s*(?::::|;)\s*")  # Google's " ::: ", and "; " as export csv joins a list


def _email(rec: Record, value: str) -> None:
    for part in SEVERAL.split(value):
        for address in part.split(","):  # "a@x.org, b@y.org" in one cell; no address holds a comma
            if "@" in address and not address.strip().startswith("urn:"):
                add_unique(rec.email, address.strip())


def _phone(rec: Record, value: str) -> None:
    for part in SEVERAL.split(value):
        add_unique(rec.phone, part)


def _tags(rec: Record, value: str) -> None:
    for part in re.split(r"\s*(?::::|;|,)\s*", value):
        part = part.strip()
        if part and not part.startswith("*"):  # Google's system groups: * myContacts, * starred
            add_unique(rec.tags, part.lstrip("#").replace(" ", "-"))


def _set(rec: Record, key: str, value: str) -> None:
    """One cell into the record: lists append, scalars fill once, dates normalised."""
    value = value.strip()
    if not value:
        return
    if key == "email":
        _email(rec, value)
    elif key == "phone":
        _phone(rec, value)
    elif key == "tags":
        _tags(rec, value)
    elif key == "website" or key == "linkedin":
        add_url(rec, value)
    elif key in ("birthday", "met"):
        if getattr(rec, key) is None:
            setattr(rec, key, iso_date(value))
    elif key == "note":
        rec.note = rec.note or value
    elif key == "name":
        rec.name = rec.name or _clean(value)
    elif getattr(rec, key) is None:
        setattr(rec, key, _clean(value))


Layout = dict[str, list[str]]  # key -> columns, in order of preference

GOOGLE: Layout = {  # the legacy "Google CSV" (Given Name, Group Membership) and today's (First Name, Labels)
    "name": ["Name"], "note": ["Notes"], "birthday": ["Birthday"], "tags": ["Group Membership", "Labels"],
    "email": [f"E-mail {i} - Value" for i in range(1, 10)],
    "phone": [f"Phone {i} - Value" for i in range(1, 10)],
    "company": ["Organization 1 - Name", "Organization Name"],
    "role": ["Organization 1 - Title", "Organization Title"],
    "location": ["Address 1 - City"], "website": [f"Website {i} - Value" for i in range(1, 4)],
}
GOOGLE_NAME = (["Name Prefix", "Given Name", "First Name", "Additional Name", "Middle Name"],
               ["Family Name", "Last Name", "Name Suffix"])
OUTLOOK: Layout = {
    "note": ["Notes"], "birthday": ["Birthday"], "tags": ["Categories"],
    "email": ["E-mail Address", "E-mail 2 Address", "E-mail 3 Address"],
    "phone": ["Mobile Phone", "Business Phone", "Home Phone", "Primary Phone", "Other Phone"],
    "company": ["Company"], "role": ["Job Title"], "location": ["Business City", "Home City", "Other City"],
    "website": ["Web Page"],
}
LINKEDIN: Layout = {"linkedin": ["URL"], "email": ["Email Address"], "company": ["Company"],
                    "role": ["Position"]}


def _names(first: list[str], last: list[str]) -> Callable[[dict[str, str]], str]:
    def name(row: dict[str, str]) -> str:
        parts = [row.get(c, "") for c in (*first, *last)]
        return _clean(" ".join(p for p in parts if p and p.strip()))
    return name


def detect(header: list[str]) -> str:
    """``google``, ``outlook`` or ``generic``, by the header's columns."""
    cols = {c.strip() for c in header}
    numbered = any(re.fullmatch(r"(E-mail|Phone) \d+ - Value", c) for c in cols)  # Google's own pattern
    if cols & {"Given Name", "First Name", "Name"} and (numbered or cols & {"Group Membership", "Labels"}):
        return "google"
    if {"First Name", "Last Name", "E-mail Address"} <= cols:
        return "outlook"
    return "generic"


def _read(table: list[list[str]], start: int, source: str, layout: Layout,
          name: Callable[[dict[str, str]], str] | None, extra: Callable[[Record, dict[str, str]], None] | None
          ) -> list[Record]:
    header = [c.strip() for c in table[start]]
    out = []
    for number, cells in enumerate(table[start + 1:], start=1):
        if not any(c.strip() for c in cells):
            continue
        row = dict(zip(header, cells, strict=False))
        rec = Record(number, source)
        for key, columns in layout.items():
            for col in columns:
                _set(rec, key, row.get(col, ""))
        if name is not None and not rec.name:
            rec.name = name(row)
        if extra is not None:
            extra(rec, row)
        out.append(rec)
    return out


def _mapped(layout: Layout, mapping: dict[str, str], header: list[str]) -> Layout:
    cols = {c.strip() for c in header}
    for key, col in mapping.items():
        if key not in KEYS:
            raise UsageError(f"--map {key}={col}: {key!r} is not a key relnotes imports ({', '.join(KEYS)})")
        if col not in cols:
            raise UsageError(f"--map {key}={col}: the file has no column {col!r}")
    return {**layout, **{k: [c] for k, c in mapping.items()}}


def read_csv(text: str, source: str, mapping: dict[str, str]) -> list[Record]:
    """A Google, Outlook or other CSV export's rows as Records."""
    table = rows(text)
    if not table:
        return []
    if _header_at(table, {"First Name", "Last Name", "Connected On"}) is not None:
        raise UsageError(f"{source}: this is LinkedIn's Connections.csv; import it with "
                         "'relnotes import linkedin'")
    kind = detect(table[0])
    if kind == "google":
        layout, name = GOOGLE, _names(*GOOGLE_NAME)
    elif kind == "outlook":
        layout, name = OUTLOOK, _names(["Title", "First Name", "Middle Name"], ["Last Name", "Suffix"])
    else:
        layout, name = {key: [key] for key in KEYS}, None
    layout = _mapped(layout, mapping, table[0])
    if "name" not in {k for k, cols in layout.items() if set(cols) & {c.strip() for c in table[0]}} and name is None:
        raise UsageError(f"{source}: no name column (columns: {', '.join(table[0])}); name one with --map name=COLUMN")
    return _read(table, 0, source, layout, name, None)


def read_linkedin(text: str, source: str, connected_as_met: bool) -> list[Record]:
    """LinkedIn's Connections.csv (2018 layout without URL, 2024 with ``Notes:`` and URL)."""
    table = rows(text)
    start = _header_at(table, {"First Name", "Last Name"})
    if start is None:
        raise UsageError(f"{source}: no 'First Name,Last Name,…' header; is this LinkedIn's Connections.csv?")
    layout = dict(LINKEDIN)
    if connected_as_met:
        layout["met"] = ["Connected On"]
    return _read(table, start, source, layout, _names(["First Name"], ["Last Name"]), None)

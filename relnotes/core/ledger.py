"""Reciprocity (SPEC 6.2): what you gave each contact and got from them, from the ``#gave`` and
``#got`` tags in their log, and the two lists that matter. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from relnotes.core.index import Index
from relnotes.core.model import Contact
from relnotes.core.settings import Config

OTHER = "other"  # where a bare #gave or #got counts


@dataclass
class LedgerRow:
    contact: Contact
    gave: dict[str, int]  # subtype -> count
    got: dict[str, int]
    first_gave: date | None  # the date of the first log entry with a #gave tag
    answered: bool  # a log touchpoint other than `sent` dated on or after first_gave

    @property
    def given(self) -> int:
        return sum(self.gave.values())

    @property
    def received(self) -> int:
        return sum(self.got.values())

    @property
    def balance(self) -> int:
        return self.given - self.received

    def to_dict(self) -> dict[str, Any]:
        c = self.contact
        return {"contact": c.name, "file": c.path, "tier": c.tier, "gave": dict(self.gave), "got": dict(self.got),
                "given": self.given, "received": self.received, "balance": self.balance}

    def line(self) -> str:
        """``gave 3 (2 insight, 1 intro) · got 1 (referral) · balance +2``."""
        balance = f"{self.balance:+d}" if self.balance else "0"
        return f"gave {_counted(self.gave)} · got {_counted(self.got)} · balance {balance}"


def _counted(by_type: dict[str, int]) -> str:
    total = sum(by_type.values())
    if not total:
        return "0"
    order = sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(order) == 1:
        return f"{total} ({order[0][0]})"
    return f"{total} (" + ", ".join(f"{n} {kind}" for kind, n in order) + ")"


def contact_ledger(contact: Contact) -> LedgerRow:
    gave: Counter[str] = Counter()
    got: Counter[str] = Counter()
    first_gave: date | None = None
    for entry in contact.note.log:
        gave.update(t or OTHER for t in entry.gave)
        got.update(t or OTHER for t in entry.got)
        if entry.gave and (first_gave is None or entry.date < first_gave):
            first_gave = entry.date
    answered = first_gave is not None and any(
        e.is_touchpoint and e.kind != "sent" and e.date >= first_gave for e in contact.note.log)
    return LedgerRow(contact, dict(sorted(gave.items())), dict(sorted(got.items())), first_gave, answered)


@dataclass
class Ledger:
    rows: list[LedgerRow]  # contacts with something given or received, by name
    taking: list[LedgerRow]  # received − given ≥ rules.ledger_taking
    unanswered: list[LedgerRow]  # given ≥ rules.ledger_unanswered and never an answer since the first #gave

    def to_dict(self) -> dict[str, Any]:
        return {"contacts": [r.to_dict() for r in self.rows], "taking": [r.contact.name for r in self.taking],
                "unanswered": [r.contact.name for r in self.unanswered]}


def is_taking(row: LedgerRow, config: Config) -> bool:
    return row.received - row.given >= config.rules.ledger_taking


def is_unanswered(row: LedgerRow, config: Config) -> bool:
    return row.given >= config.rules.ledger_unanswered and not row.answered


def ledger(index: Index, config: Config | None = None) -> Ledger:
    config = config or index.config
    rows = [r for r in (contact_ledger(c) for c in index.contacts) if r.given or r.received]
    rows.sort(key=lambda r: (r.contact.name.casefold(), r.contact.path))
    return Ledger(rows, [r for r in rows if is_taking(r, config)], [r for r in rows if is_unanswered(r, config)])

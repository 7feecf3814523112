"""Capacity (SPEC 6.6): how many touches a week the cadences ask for, against the budget. Pure.

A cadence of C days asks 7/C touches a week; a month counts 30.44 days and a year 365.25.
Only contacts whose status is active count. A contact's own ``cadence`` wins over its tier's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from relnotes.core.dates import Duration
from relnotes.core.index import Index
from relnotes.core.settings import TIERS, Config

DAYS = {"d": 1.0, "w": 7.0, "m": 30.44, "y": 365.25}
RELAX_ORDER = tuple(reversed(TIERS))  # quality over quantity: the bottom of the pyramid gives way first


def days(cadence: Duration) -> float:
    return cadence.count * DAYS[cadence.unit]


def weekly(cadence: Duration | None) -> float:
    """Touches a week a cadence asks for; a cadence of 0 days is once a day (what ``due`` can show)."""
    if cadence is None:
        return 0.0
    span = days(cadence)
    return 7.0 if span == 0 else 7.0 / span


@dataclass
class Tier:
    name: str
    cadence: Duration | None  # the tier's default from relnotes.toml
    contacts: int = 0
    own_cadence: int = 0  # contacts with a cadence of their own
    asks: list[float] = field(default_factory=list)  # touches a week, one per contact
    owns: list[bool] = field(default_factory=list)  # whether each of those is the contact's own cadence

    @property
    def touches_per_week(self) -> float:
        return math.fsum(self.asks)

    @property
    def by_default(self) -> int:
        """Contacts kept in touch at the tier's cadence (no cadence of their own)."""
        return self.contacts - self.own_cadence

    def to_dict(self) -> dict[str, Any]:
        return {"contacts": self.contacts, "touches_per_week": self.touches_per_week,
                "cadence": str(self.cadence) if self.cadence else None, "own_cadence": self.own_cadence}


@dataclass
class Relax:
    """A way back under budget: the tier's cadence from ``cadence`` to ``suggested`` (None: no
    reminders for the tier, or fewer contacts in it), saving ``saves`` touches a week."""

    tier: str
    cadence: Duration | None
    suggested: Duration | None
    saves: float

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "cadence": str(self.cadence) if self.cadence else None,
                "suggested": str(self.suggested) if self.suggested else None, "saves": self.saves}


@dataclass
class Pyramid:
    tiers: dict[str, Tier]
    budget: float

    @property
    def total(self) -> float:
        return math.fsum(t.touches_per_week for t in self.tiers.values())

    @property
    def over(self) -> bool:
        return self.total > self.budget

    def relax(self) -> list[Relax]:
        """What to relax to fit the budget, from the bottom of the pyramid up: each tier's cadence
        stretched just enough, or (when that tier alone cannot make up the difference) dropped,
        and the next tier up asked for the rest. Empty within budget."""
        excess = self.total - self.budget
        out: list[Relax] = []
        for name in RELAX_ORDER:
            if excess <= 1e-9:
                break
            tier = self.tiers[name]
            asks = tier.by_default * weekly(tier.cadence)
            if asks <= 0:
                continue
            if asks > excess:
                stretched = Duration(math.ceil(7.0 * tier.by_default / (asks - excess)), "d")
                out.append(Relax(name, tier.cadence, stretched, asks - tier.by_default * weekly(stretched)))
                break
            out.append(Relax(name, tier.cadence, None, asks))
            excess -= asks
        return out

    @property
    def own_cadences(self) -> float:
        """Touches a week asked by contacts' own cadences, which no tier setting changes."""
        return math.fsum(a for t in self.tiers.values() for a, own in zip(t.asks, t.owns, strict=True) if own)

    def to_dict(self) -> dict[str, Any]:
        return {"tiers": {name: t.to_dict() for name, t in self.tiers.items()}, "total": self.total,
                "budget": self.budget, "over": self.over, "relax": [r.to_dict() for r in self.relax()]}


def pyramid(index: Index, config: Config | None = None) -> Pyramid:
    config = config or index.config
    tiers = {name: Tier(name, config.cadence.get(name)) for name in TIERS}
    for contact in index.contacts:
        if contact.status != "active":
            continue
        tier = tiers[contact.tier]
        tier.contacts += 1
        tier.own_cadence += contact.cadence_set
        tier.asks.append(weekly(contact.cadence if contact.cadence_set else tier.cadence))
        tier.owns.append(contact.cadence_set)
    return Pyramid(tiers, config.rules.touches_per_week)

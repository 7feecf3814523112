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
    """A way back under budget: the tier's cadence from ``cadence`` to ``suggested``, saving
    ``saves`` touches a week."""

    tier: str
    cadence: Duration
    suggested: Duration
    saves: float

    def to_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "cadence": str(self.cadence), "suggested": str(self.suggested),
                "saves": self.saves}


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
        """What to relax to fit the budget, from the bottom of the pyramid up (quality over
        quantity: the few closest relationships keep their rhythm longest). Each tier's cadence
        is stretched just enough, at most to twice as long; when that is not enough, the next
        tier up is stretched too. Empty within budget; see :meth:`short` for what is left."""
        excess = self.total - self.budget
        out: list[Relax] = []
        for name in RELAX_ORDER:
            tier = self.tiers[name]
            asks = tier.by_default * weekly(tier.cadence)
            if excess <= 1e-9 or asks <= 0 or tier.cadence is None:
                continue
            if excess <= asks / 2:
                stretched = Duration(math.ceil(7.0 * tier.by_default / (asks - excess)), "d")
            else:
                stretched = Duration(tier.cadence.count * 2, tier.cadence.unit)
                if tier.cadence.count == 0:
                    stretched = Duration(math.ceil(14.0 * tier.by_default / asks), "d")
            saves = asks - tier.by_default * weekly(stretched)
            out.append(Relax(name, tier.cadence, stretched, saves))
            excess -= saves
        return out

    def short(self) -> float:
        """Touches a week still over budget once every tier is relaxed as :meth:`relax` says."""
        return max(0.0, self.total - self.budget - math.fsum(r.saves for r in self.relax()))

    @property
    def own_cadences(self) -> float:
        """Touches a week asked by contacts' own cadences, which no tier setting changes."""
        return math.fsum(a for t in self.tiers.values() for a, own in zip(t.asks, t.owns, strict=True) if own)

    def to_dict(self) -> dict[str, Any]:
        return {"tiers": {name: t.to_dict() for name, t in self.tiers.items()}, "total": self.total,
                "budget": self.budget, "over": self.over, "relax": [r.to_dict() for r in self.relax()],
                "short": self.short()}


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

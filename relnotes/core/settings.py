"""The settings as frozen dataclasses with their defaults (what relnotes.toml may change), and the
tier and status lists every other module uses.

A ``Config`` never changes once made: code that needs another one (an agenda written to
``--out``) makes a copy with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from relnotes.core.dates import Duration, parse_duration

TIERS = ("ally", "strategic", "active", "casual")  # the relationship pyramid, top to bottom
DEFAULT_TIER = TIERS[-1]  # a contact whose note names no tier

STATUSES = ("active", "paused", "archived")
DEFAULT_STATUS = STATUSES[0]  # every other status keeps only your own promises due

PURPOSES = ("content", "community", "both")  # why you went to an event


def _d(text: str) -> Duration:
    parsed = parse_duration(text)
    assert parsed is not None
    return parsed


@dataclass(frozen=True)
class Rules:
    """The follow-up rules' numbers (SPEC section 3)."""

    first_follow_up: Duration = field(default_factory=lambda: _d("1d"))
    first_follow_up_stale: Duration = field(default_factory=lambda: _d("30d"))
    nudge: Duration = field(default_factory=lambda: _d("7d"))
    waiting: Duration = field(default_factory=lambda: _d("7d"))
    review_checkpoints: tuple[int, ...] = (30, 60, 90)
    review_stale: Duration = field(default_factory=lambda: _d("30d"))
    birthday_stale: Duration = field(default_factory=lambda: _d("3d"))
    birthday_tiers: tuple[str, ...] = ("ally", "strategic", "active")
    upcoming: Duration = field(default_factory=lambda: _d("7d"))
    # judging relationships (SPEC section 6): review, ledger, commitments, check
    answer_window: Duration = field(default_factory=lambda: _d("7d"))  # a `sent` is answered within this
    ledger_taking: int = 2  # received − given at least this: you keep taking
    ledger_unanswered: int = 2  # given at least this and never an answer: you give, they never answer
    extra_log_kinds: tuple[str, ...] = ()  # log kinds you use on purpose: no "unknown kind" warning
    touches_per_week: float = 15  # what the cadences may ask of you in a week (relnotes pyramid)


@dataclass(frozen=True)
class Config:
    root: Path
    contacts_dir: str = "contacts"
    events_dir: str = "events"
    drafts_dir: str = "drafts"
    templates_dir: str = "templates"
    agenda_file: str = "AGENDA.md"
    daily_notes: bool = True
    filename: str = "{name}"
    autocommit: bool = False
    refresh_agenda: bool = False
    agenda_limit: int = 100  # items per agenda section; 0 = all
    agenda_introductions: int = 5  # introductions the agenda suggests; 0 = none
    me_name: str = ""
    me_email: str = ""
    me_signature: str = ""
    cadence: Mapping[str, Duration | None] = field(default_factory=lambda: default_cadence())
    rules: Rules = field(default_factory=Rules)
    source: Path | None = None

    @property
    def cache_dir(self) -> Path:
        return self.root / ".relnotes"


def default_cadence(**overrides: Duration | None) -> Mapping[str, Duration | None]:
    """The keep-in-touch interval per tier (a read-only mapping), with ``overrides`` applied."""
    cadence: dict[str, Duration | None] = {"ally": _d("21d"), "strategic": _d("45d"), "active": _d("90d"),
                                           "casual": None}
    cadence.update(overrides)
    return MappingProxyType(cadence)

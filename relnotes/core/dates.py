"""Dates and durations as the vault writes them: ISO dates, ``10d``/``3w``/``2m``/``1y``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from relnotes.core.shown import MONTHS as MONTHS
from relnotes.core.shown import days_phrase as days_phrase
from relnotes.core.shown import humane as humane

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DURATION = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$", re.IGNORECASE)
_MONTH_DAY = re.compile(r"^(?:--)?(\d{1,2})-(\d{1,2})$")


def parse_date(value: object) -> date:
    """A YAML date, datetime or ISO string as a date; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        m = _ISO.match(value.strip())
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")


def parse_iso(text: str) -> date | None:
    """Strict ``YYYY-MM-DD`` (nothing else) or None."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Duration:
    """A calendar-aware span: days, weeks, months or years."""

    count: int
    unit: str  # "d", "w", "m" or "y"

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def after(self, start: date) -> date:
        """``start`` plus this span; months and years clamp to the month's last day.

        Past the calendar's end (year 9999) the answer is the last day there is: a span too
        long to matter, never an error."""
        try:
            return self._after(start)
        except (OverflowError, ValueError):
            return date.max

    def _after(self, start: date) -> date:
        if self.unit == "d":
            return start + timedelta(days=self.count)
        if self.unit == "w":
            return start + timedelta(weeks=self.count)
        months = self.count if self.unit == "m" else 12 * self.count
        return add_months(start, months)

    def before(self, end: date) -> date:
        """``end`` minus this span (for windows that look back); the first day there is at most."""
        try:
            return self._before(end)
        except (OverflowError, ValueError):
            return date.min

    def _before(self, end: date) -> date:
        if self.unit == "d":
            return end - timedelta(days=self.count)
        if self.unit == "w":
            return end - timedelta(weeks=self.count)
        months = self.count if self.unit == "m" else 12 * self.count
        return add_months(end, -months)


def shift(d: date, days: int) -> date:
    """``d`` plus ``days``, held at the calendar's ends instead of overflowing."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def add_months(start: date, months: int) -> date:
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def parse_duration(value: object) -> Duration | None:
    """``10d``, ``3w``, ``2m``, ``1y`` or ``none`` (None). A bare integer means days."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration (use e.g. 10d, 3w, 2m, 1y or none)")
    if isinstance(value, int) and value >= 0:
        return Duration(value, "d")
    if isinstance(value, str):
        if value.strip().lower() in ("none", "never", "off"):
            return None
        m = _DURATION.match(value)
        if m:
            return Duration(int(m[1]), m[2].lower())
    raise ValueError(f"{value!r} is not a duration (use e.g. 10d, 3w, 2m, 1y or none)")


def parse_month_day(value: object) -> tuple[int, int]:
    """A birthday: a date (year ignored), ``MM-DD`` or ``--MM-DD``."""
    if isinstance(value, (date, datetime)):
        d = parse_date(value)
        return d.month, d.day
    if isinstance(value, str):
        text = value.strip()
        m = _MONTH_DAY.match(text)
        if m:
            month, day = int(m[1]), int(m[2])
            date(2000, month, day)  # validates, 2000 is a leap year so 02-29 passes
            return month, day
        return parse_month_day(parse_date(text))
    raise ValueError(f"{value!r} is not a birthday (use YYYY-MM-DD, MM-DD or --MM-DD)")


def birthday_in(year: int, month: int, day: int) -> date:
    """The birthday in ``year``; 29 February falls on 28 February in common years."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)



"""Friendly dates, as people type them: ``today``, ``fri``, ``-1d``, ``+2w`` (SPEC: always written as ISO).

Pure: ``today`` is a parameter. A weekday name is the next such day, strictly after today
(``fri`` on a Friday is a week on); an offset is a signed span counted from today, months
and years by the calendar (``+1m`` on 31 January is the last day of February).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from relnotes.core.dates import Duration, parse_date

WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_OFFSET = re.compile(r"^([+-])\s*(\d+)\s*([dwmy])$", re.IGNORECASE)
ALSO = "also today, yesterday, tomorrow, a weekday such as fri, or an offset such as -1d or +2w"


def not_a_date(text: str) -> str:
    """The one-line complaint for a date that is none of the forms taken."""
    return f"{text!r} is not a date (use YYYY-MM-DD); {ALSO}"


def weekday_number(word: str) -> int | None:
    """0 for ``mon``/``monday`` … 6 for ``sun``; None when ``word`` is no weekday (three letters at least)."""
    word = word.lower()
    if len(word) < 3:
        return None
    for number, name in enumerate(WEEKDAYS):
        if name.startswith(word):
            return number
    return None


def given_date(text: str, today: Callable[[], date]) -> date:
    """What a date option means (``--today``, ``--date``, ``--due``): an ISO date as written,
    else a friendly one counted from ``today()`` (asked only then); ValueError otherwise. The
    one reading of date options, shared by click's parameter type and the fast ``due``
    (relnotes.cli.fast)."""
    try:
        return parse_date(text)
    except ValueError:
        return parse_friendly(text, today())


def parse_friendly(text: str, today: date) -> date:
    """``text`` as a date, counted from ``today``; ValueError naming the accepted forms otherwise."""
    word = text.strip().lower()
    try:
        return parse_date(word)
    except ValueError:
        pass
    if word in WORDS:
        return today + timedelta(days=WORDS[word])
    day = weekday_number(word)
    if day is not None:
        return today + timedelta(days=(day - today.weekday() - 1) % 7 + 1)
    m = _OFFSET.match(word)
    if m:
        span = Duration(int(m[2]), m[3].lower())
        return span.after(today) if m[1] == "+" else span.before(today)
    raise ValueError(not_a_date(text))

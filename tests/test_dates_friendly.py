"""Friendly dates (today, yesterday, tomorrow, weekday names, -1d, +2w) wherever a date is taken."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import invoke
from relnotes.core.friendly import parse_friendly

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 12, 31))
NAMES = [name.lower() for name in calendar.day_name]


@given(DAYS)
def test_words_are_the_calendars_neighbours(today):
    assert parse_friendly("today", today) == today
    assert parse_friendly("Yesterday", today) == today - timedelta(days=1)
    assert parse_friendly("TOMORROW", today) == today + timedelta(days=1)


@given(DAYS, st.sampled_from(range(7)), st.sampled_from(["short", "full"]))
def test_a_weekday_is_the_next_such_day(today, weekday, form):
    word = NAMES[weekday][:3] if form == "short" else NAMES[weekday]
    got = parse_friendly(word, today)
    assert got.weekday() == weekday
    assert 1 <= (got - today).days <= 7  # strictly after today, within a week


@given(DAYS, st.integers(min_value=0, max_value=500), st.sampled_from("dw"))
def test_day_and_week_offsets_count_days(today, count, unit):
    days = count * (7 if unit == "w" else 1)
    assert parse_friendly(f"+{count}{unit}", today) == today + timedelta(days=days)
    assert parse_friendly(f"-{count}{unit}", today) == today - timedelta(days=days)


@given(DAYS, st.integers(min_value=0, max_value=120))
def test_month_offsets_keep_the_day_or_the_months_last(today, months):
    got = parse_friendly(f"+{months}m", today)
    index = today.year * 12 + today.month - 1 + months
    assert got.year * 12 + got.month - 1 == index
    assert got.day == min(today.day, calendar.monthrange(got.year, got.month)[1])


@given(DAYS)
def test_an_iso_date_is_itself(today):
    assert parse_friendly("2026-02-28", today) == date(2026, 2, 28)


@pytest.mark.parametrize("text", ["", "soon", "fr", "+d", "1.5d", "next friday", "2026-02-30", "+2x"])
def test_anything_else_is_refused_naming_the_forms(text):
    with pytest.raises(ValueError) as info:
        parse_friendly(text, date(2026, 12, 2))
    assert str(info.value) == (f"{text!r} is not a date (use YYYY-MM-DD); also today, yesterday, tomorrow, "
                               "a weekday such as fri, or an offset such as -1d or +2w")


def test_log_date_yesterday_is_written_as_iso(runner, make_vault):
    path = make_vault.contact("Ann Lee", "tier: active", "## Log\n- 2026-11-01 met: at the summit")
    result = invoke(runner, "log", "Ann", "call", "caught up", "--date", "yesterday", vault=make_vault.root,
                    today="2026-12-02")
    assert (result.exit_code, result.stdout) == (0, "contacts/Ann Lee.md: log: Ann Lee — call caught up\n")
    assert path.read_text().endswith("- 2026-11-01 met: at the summit\n- 2026-12-01 call: caught up\n")


def test_promise_due_a_weekday(runner, make_vault):
    path = make_vault.contact("Ann Lee", "tier: active")
    result = invoke(runner, "promise", "Ann", "send the deck", "--due", "fri", vault=make_vault.root,
                    today="2026-12-02")  # a Wednesday
    assert (result.exit_code, result.stdout) == (
        0, "contacts/Ann Lee.md: promise: Ann Lee — send the deck (due 2026-12-04)\n")
    assert "- [ ] send the deck 📅 2026-12-04\n" in path.read_text()


@pytest.mark.parametrize(("until", "iso"), [("+2w", "2026-12-16"), ("2w", "2026-12-16"), ("tomorrow", "2026-12-03"),
                                            ("mon", "2026-12-07"), ("+1m", "2027-01-02")])
def test_snooze_takes_friendly_dates(runner, make_vault, until, iso):
    path = make_vault.contact("Ann Lee", "tier: active")
    result = invoke(runner, "snooze", "Ann", until, vault=make_vault.root, today="2026-12-02")
    assert (result.exit_code, result.stdout) == (0, f"contacts/Ann Lee.md: snooze: Ann Lee until {iso}\n")
    assert f"snooze_until: {iso}\n" in path.read_text()


def test_snooze_refuses_nonsense_in_one_line(runner, make_vault):
    make_vault.contact("Ann Lee", "tier: active")
    result = invoke(runner, "snooze", "Ann", "soonish", vault=make_vault.root, today="2026-12-02")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '[UNTIL]': 'soonish' is neither a date (YYYY-MM-DD) nor a duration "
        "(e.g. 10d, 3w, 2m); also today, yesterday, tomorrow, a weekday such as fri, or an offset such as -1d or +2w")


def test_today_counts_from_the_calendar_and_dates_from_today(runner, make_vault):
    path = make_vault.contact("Ann Lee", "tier: active")
    # --date comes first on the line, yet counts from the --today given after it
    result = invoke(runner, "log", "Ann", "call", "hi", "--date", "-1w", "--today", "2026-12-02",
                    vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert "- 2026-11-25 call: hi\n" in path.read_text()
    result = invoke(runner, "log", "Ann", "note", "x", "--today", "yesterday", vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert f"- {date.today() - timedelta(days=1)} note: x\n" in path.read_text()

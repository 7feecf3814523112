"""The hand-written JSON of `due` is byte for byte what json.dumps(indent=2) writes."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from relnotes.cli.output import due_json_chunks, dumps, dumps_due
from relnotes.core.dates import MONTHS
from relnotes.core.model import DueItem

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
ITEMS = st.builds(
    DueItem,
    contact=TEXT, file=TEXT, kind=TEXT, due=st.dates(), reason=TEXT,
    tier=st.none() | TEXT, email=st.none() | TEXT, source=TEXT,
)


@given(st.lists(ITEMS, max_size=5), st.dates())
def test_dumps_due_equals_json_dumps(items, today):
    assert dumps_due(items, today) == dumps([item.to_dict(today) for item in items])
    assert "".join(due_json_chunks(items, today, size=2)) == dumps_due(items, today)


def test_month_names_are_strftimes_in_the_c_locale():
    assert list(MONTHS) == [date(2026, month, 1).strftime("%b") for month in range(1, 13)]

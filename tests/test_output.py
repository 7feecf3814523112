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


def _width_char_by_char(text: str) -> int:
    """The display width worked out one character at a time, as ``width`` does for any text
    that is not plain printable ASCII."""
    import re
    import unicodedata

    from relnotes.cli.output import UNSAFE_CHARACTERS, visible

    if re.search(UNSAFE_CHARACTERS, text):
        text = visible(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 0 if unicodedata.combining(ch) else 1
               for ch in text)


CELLS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.text(
    st.characters(min_codepoint=0, max_codepoint=127), max_size=12)


@given(st.lists(CELLS, min_size=1, max_size=40))
def test_width_and_the_table_agree_with_a_character_by_character_count(cells):
    from relnotes.cli.output import table, width

    for cell in cells:
        assert width(cell) == _width_char_by_char(cell)
    rows = [[cell, cell[::-1], "last"] for cell in cells]
    lines = table(rows, indent="")
    columns = [max(_width_char_by_char(row[i]) for row in rows) for i in range(2)]
    for row, line in zip(rows, lines, strict=True):
        expected = "  ".join(row[i] + " " * (columns[i] - _width_char_by_char(row[i])) for i in range(2))
        assert line == (expected + "  last").rstrip()


def test_a_wide_name_takes_two_columns_a_tab_its_escape():
    from relnotes.cli.output import table, width

    assert width("Zoë") == 3 and width("山田") == 4 and width("a\tb") == 3 and width("a\x1bb") == len("a\\x1bb")
    assert table([["山田", "x", "end"], ["Ann", "yy", "end"]]) == ["  山田  x   end", "  Ann   yy  end"]


# Written without regular expressions (a warm `due` never imports `re`): held equal to the
# expressions they replace, on text made of the characters that matter to them.
TOKEN_RE = "\ue000([ha])(\\d{4}-\\d{2}-\\d{2})\ue001"
TOKENISH = st.lists(st.sampled_from(["\ue000", "\ue001", "h", "a", "x", "-", "1", "0", "9", "\u0663", " ", "2026-11-19",
                                    "\ue000h2026-11-19\ue001", "\ue000a2025-02-28\ue001", "\ue000h2026-02-30\ue001"]),
                    max_size=12).map("".join)


@given(TOKENISH, st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
def test_reason_tokens_are_written_out_as_the_regular_expression_finds_them(reason, today):
    import re

    from relnotes.core.shown import _token_text, render_reason

    expected = re.sub(TOKEN_RE, lambda m: _token_text(m[1], m[2], today), reason)
    assert render_reason(reason, today) == expected
    assert render_reason(reason, today, {}) == expected


@given(st.text(st.characters(min_codepoint=0, max_codepoint=127)) | st.text(st.characters(blacklist_categories=("Cs",))))
def test_unsafe_text_is_found_as_the_regular_expression_finds_it(text):
    import re

    from relnotes.cli.output import UNSAFE_CHARACTERS, has_unsafe

    assert has_unsafe(text) == (re.search(UNSAFE_CHARACTERS, text) is not None)

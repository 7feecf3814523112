"""relnotes.fastyaml gives exactly what PyYAML (with relnotes' loader) gives, or declines."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import REAL_FIXTURES, SAMPLE
from relnotes.notes import fastyaml
from relnotes.notes.frontmatter import split_front_matter
from relnotes.notes.notetext import decode
from relnotes.notes.yamlload import note_loader


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (True is not 1, a date is not a str)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def check(text: str) -> Any:
    fast = fastyaml.load(text)
    if fast is fastyaml.UNSUPPORTED:
        return fast
    reference = yaml.load(text, Loader=note_loader())  # must not raise when the fast path accepted it
    assert same(fast, reference), (text, fast, reference)
    return fast


CHARS = st.sampled_from([*list("abcXYZ019 -_:#,.'\"[]{}!&*|>%@`~?/=+"), "é", "📅", "[[", "]]", ": ", " #"])
WORD = st.lists(CHARS, min_size=0, max_size=8).map("".join)
SCALAR = st.one_of(
    WORD,
    st.sampled_from(["yes", "No", "on", "OFF", "true", "null", "~", "Null", "12", "-3", "+5", "010", "0x1F",
                     "1_000", "1.5", "2.50", "-0.5", "01.5", "1.", ".inf", "1e3", "1.5e+3",
                     "2026-11-19", "2026-02-30", "2026-1-5", "2026-11-19 10:00:00",
                     "--12-31", "12-31", "1:30", "=", "<<", "-", "?", ":"]),
    WORD.map(lambda w: f'"{w}"'),
    WORD.map(lambda w: f"'{w}'"),
)
KEY = st.one_of(st.sampled_from(["name", "tier", "yes", "no", "on", "1", "met at", "_x", "a.b", "tags", "x-y"]), WORD)
FLOW = st.lists(SCALAR, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
BLOCK = st.tuples(st.sampled_from(["", "  ", " "]), st.lists(SCALAR, max_size=3)).map(
    lambda t: "".join(f"\n{t[0]}- {item}" for item in t[1]))
VALUE = st.one_of(SCALAR.map(lambda s: " " + s), FLOW.map(lambda s: " " + s), BLOCK, st.just(""),
                  SCALAR.map(lambda s: f" {s} # note"))
LINE = st.one_of(st.tuples(KEY, VALUE).map(lambda kv: f"{kv[0]}:{kv[1]}"), st.just("# comment"), st.just(""),
                 st.just("  indented: x"), WORD)
FRONT = st.lists(LINE, max_size=8).map(lambda lines: "\n".join(lines) + "\n")


@settings(max_examples=3000, deadline=None)
@given(FRONT)
@example("name: Jane Doe\ntier: ally\ntags: [a, b]\npeople:\n  - \"[[Jane]]\"\n  - Bob\nmet: 2026-11-19\n")
def test_generated_front_matter(text):
    check(text)


@pytest.mark.parametrize("text, expected", [
    ("name: Jane Doe\ntier: ally\n", {"name": "Jane Doe", "tier": "ally"}),
    ('people: ["[[Jane]]", "Doe, John"]\n', {"people": ["[[Jane]]", "Doe, John"]}),
    ("tags:\n  - a\n  - 'it''s'\n", {"tags": ["a", "it's"]}),
    ("met: 2026-11-19\nbad: 2026-02-30\n", {"met": date(2026, 11, 19), "bad": "2026-02-30"}),
    ("x: yes # said so\n", {"x": True}),
    ("# nothing\n", None),
])
def test_common_shapes_are_read_fast(text, expected):
    assert same(check(text), expected)


@pytest.mark.parametrize("text", ["a: b\xa0\n", "tier: casual # was ally\u2028tier: ally\n", "a: b\x01c\n",
                                  "a: [?b]\n", "k" * 1100 + ": v\n", "x: 1.5e+3\n", "x:\n  y: 1\n", "x: &a 1\n", "x: \"a\\tb\"\n", "x: |\n  text\n",
                                  "no: 1\n", "x: [a, [b]]\n", "x: 010\n", "- a\n", "x:\ty\n"])
def test_everything_else_goes_to_pyyaml(text):
    assert fastyaml.load(text) is fastyaml.UNSUPPORTED


def _front_matters(folder):
    for path in sorted(folder.rglob("*.md")):
        try:
            text = decode(path.read_bytes())
            front, _, _ = split_front_matter(text)
        except ValueError:
            continue
        if front is not None:
            yield path, front


def test_the_sample_vault_is_read_fast_and_the_same():
    found = list(_front_matters(SAMPLE))
    accepted = [path for path, front in found if check(front) is not fastyaml.UNSUPPORTED]
    assert len(accepted) == len(found)  # our own notes are all in the simple subset


@pytest.mark.skipif(not REAL_FIXTURES.is_dir(), reason="../shared/fixtures/real is not there")
def test_real_notes_written_by_others():
    found = list(_front_matters(REAL_FIXTURES))
    assert found
    for _path, front in found:
        check(front)  # where the fast path accepts, PyYAML must agree (and must not fail)


def test_the_resolvers_are_pyyamls_own():
    """fastyaml keeps a copy of PyYAML's implicit resolvers and boolean words (so that reading a
    note does not import PyYAML): they must be the installed PyYAML's, in its order."""
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    def table(resolvers):
        return {first: [(tag, rx.pattern, rx.flags) for tag, rx in found] for first, found in resolvers.items()}

    theirs = table(Resolver.yaml_implicit_resolvers)
    assert theirs.pop("") == theirs["~"]  # the null tag's, for an empty scalar: never looked up here
    assert table(fastyaml._RESOLVERS) == theirs
    assert SafeConstructor.bool_values == fastyaml.BOOL_VALUES


OLD_UNUSUAL = ("[^\x09\x0a\x0d\x20-\x7e\xa1-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
               "|[\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")


def test_unusual_characters_are_the_complement_of_what_yaml_reads_plainly():
    import re

    old = re.compile(OLD_UNUSUAL)
    wrong = [hex(code) for code in range(0x110000) if fastyaml.unusual(chr(code)) != bool(old.search(chr(code)))]
    assert wrong == []


@given(st.text(st.characters(min_codepoint=0, max_codepoint=0x7f)) | st.text())
def test_unusual_text_is_found_as_the_expression_finds_it(text):
    import re

    assert fastyaml.unusual(text) == bool(re.search(OLD_UNUSUAL, text))

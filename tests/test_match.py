"""relnotes match (SPEC 6.3): needs meet offers, on a hand-made vault with the answers worked out by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import invoke
from relnotes.core.match import compare, words

TODAY = "2026-06-15"


def match_vault(v):
    v.contact("Priya", "tier: ally\nneeds: [graphic designer, intro to VCs]", body="""
        ## Log
        - 2026-05-02 sent: an article for [[Sam]] #gave/insight
    """)
    v.contact("Sam", "tier: active\noffers: [graphic design]\nneeds: [graphic design]", body="""
        ## Log
        - 2026-05-01 sent: you two should meet, [[Ivy]] #gave/intro/warm
    """)
    v.contact("Vera", "tier: strategic\noffers: [VC intros]")
    v.contact("Hal", "needs: [hiring advice in fintech, hiring advice]")
    v.contact("Fiona", "tier: active\noffers: [fintech hiring advice]")
    v.contact("Oscar", "offers: [Graphic Designers]")
    v.contact("Ivy", "tier: strategic\nneeds: [graphic designer]")
    v.contact("Arch", "tier: ally\nstatus: archived\noffers: [graphic design]")
    v.contact("Paula", "tier: strategic\nstatus: paused\nneeds: [VC intros]")
    return v.root


def row(needs, offers, need, offer, score, pairs, tiers):
    return {"needs": needs, "offers": offers, "need": need, "offer": offer, "score": score,
            "words": [list(p) for p in pairs], "needs_file": f"contacts/{needs}.md",
            "offers_file": f"contacts/{offers}.md", "needs_tier": tiers[0], "offers_tier": tiers[1]}


GRAPHIC = ("graphic", "graphic")
EXPECTED = [
    # better tier ally, other strategic
    row("Priya", "Vera", "intro to VCs", "VC intros", 1.0, [("intro", "intros"), ("VCs", "VC")],
        ("ally", "strategic")),
    # ally and active: "designer" ~ "design" is fuzz.ratio 85.7, so (1 + 0.857) / 2; #gave/insight is no intro
    row("Priya", "Sam", "graphic designer", "graphic design", 0.929, [GRAPHIC, ("designer", "design")],
        ("ally", "active")),
    # ally and casual: a plural and a capital are the same words
    row("Priya", "Oscar", "graphic designer", "Graphic Designers", 1.0, [("graphic", "Graphic"),
        ("designer", "Designers")], ("ally", "casual")),
    # Ivy and Sam were introduced (Sam's #gave/intro/warm links Ivy): only Oscar is left for her
    row("Ivy", "Oscar", "graphic designer", "Graphic Designers", 1.0, [("graphic", "Graphic"),
        ("designer", "Designers")], ("strategic", "casual")),
    # active and casual, then by score: word order and small words do not matter
    row("Hal", "Fiona", "hiring advice in fintech", "fintech hiring advice", 1.0,
        [("hiring", "hiring"), ("advice", "advice"), ("fintech", "fintech")], ("casual", "active")),
    row("Sam", "Oscar", "graphic design", "Graphic Designers", 0.929, [("graphic", "Graphic"),
        ("design", "Designers")], ("active", "casual")),
]


def run_json(runner, root, *args):
    result = invoke(runner, "match", "--json", *args, vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_match_json_is_exact_and_ranked(runner, make_vault):
    # never Sam with himself, never Arch (archived) or Paula (paused), "hiring advice" matches nobody
    assert run_json(runner, match_vault(make_vault)) == EXPECTED


def test_limit(runner, make_vault):
    assert run_json(runner, match_vault(make_vault), "--limit", "2") == EXPECTED[:2]


def test_an_intro_in_either_note_ends_the_suggestion(runner, make_vault):
    root = match_vault(make_vault)
    with (root / "contacts" / "Vera.md").open("a", encoding="utf-8") as f:
        f.write("## Log\n- 2026-06-01 meeting: coffee, then introduced to [[Priya]] #gave/intro\n")
    assert run_json(runner, root) == EXPECTED[1:]


def test_human_output(runner, make_vault):
    result = invoke(runner, "match", "--limit", "2", vault=match_vault(make_vault), today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == """\
Introductions to make, best first

1. Priya needs "intro to VCs" — Vera offers "VC intros"
   matched: intro ~ intros, VCs ~ VC (score 1; ally and strategic)
   relnotes intro Priya Vera

2. Priya needs "graphic designer" — Sam offers "graphic design"
   matched: graphic, designer ~ design (score 0.929; ally and active)
   relnotes intro Priya Sam
"""


def test_no_matches(runner, make_vault):
    make_vault.contact("Solo", "needs: [a cofounder]\noffers: [a cofounder]")
    result = invoke(runner, "match", vault=make_vault.root, today=TODAY)
    assert result.stdout == "No introductions to suggest: give contacts needs: and offers: in their notes.\n"
    assert run_json(runner, make_vault.root) == []


@pytest.mark.parametrize("need, offer", [
    ("graphic designer", "graphic design"),
    ("intro to VCs", "VC intros"),
    ("hiring advice in fintech", "fintech hiring advice"),
    ("the Series A deck", "series A decks"),
    ("advice on fundraising", "fundraising advice"),
    ("companies to partner with", "partner company"),
    ("a fintec mentor", "fintech mentors"),  # a typo
])
def test_the_same_thing_said_two_ways_matches(need, offer):
    assert compare(need, offer) is not None
    assert compare(offer, need) is not None


@pytest.mark.parametrize("need, offer", [
    ("hiring advice", "fintech hiring advice"),  # a partial overlap
    ("fintech hiring advice", "hiring advice"),
    ("hiring help", "firing help"),  # near spellings must begin alike
    ("seed round", "speed round"),  # short words must be the same
    ("sales playbook", "scale playbook"),
    ("a", "a"),  # nothing but small words
    ("design", "design design"),
])
def test_near_misses_do_not_match(need, offer):
    assert compare(need, offer) is None


def test_the_same_words_score_one_and_near_spellings_less():
    assert compare("Intro to VCs", "vc intros").score == 1.0
    assert compare("graphic designer", "graphic design").score == 0.929
    assert words("Founder's intro to the VCs") == (("Founder's", "founder"), ("intro", "intro"), ("VCs", "vc"))

PHRASES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.lists(
    st.sampled_from(["graphic", "designer", "design", "VCs", "intro", "to", "the", "fintech", "hiring", "advice",
                     "Ünïcode", "über", "🙂", "2026", "a"]), max_size=16).map(" ".join)


@given(PHRASES, PHRASES)
def test_any_two_phrases_compare_without_error(a, b):
    found = compare(a, b)
    assert found is None or 0 < found.score <= 1
    if words(a):
        assert compare(a, a).score == 1.0  # the same words always match, whatever they are
    assert (compare(a, b) is None) == (compare(b, a) is None) or max(len(words(a)), len(words(b))) > 12


def test_json_rows_print_what_dumps_prints(make_vault):
    from relnotes.cli.commands.match import json_rows
    from relnotes.cli.output import dumps
    from relnotes.config import load_config
    from relnotes.core.match import top_matches
    from relnotes.vault.load import load_index

    index = load_index(load_config(match_vault(make_vault)))
    rows = top_matches(index, 0)
    assert "".join(json_rows(rows)) == dumps([r.to_dict() for r in rows])
    assert "".join(json_rows([])) == dumps([]) == "[]"

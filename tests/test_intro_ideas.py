"""Intro ideas and an introduction's matches: the same pairs as comparing every need with every
offer, without doing so (a contact with thousands of needs made drafts take minutes)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import invoke
from relnotes.drafts.context import OfferMatcher, matches

WORDS = ["design", "designer", "fintech", "hiring", "advice", "intro", "intros", "vc", "vcs", "ux", "Linux",
         "graphic", "payments", "the", "for", "a", "data", "datasets", "ops", "treasury", "\0", " ", "é"]
phrase = st.lists(st.sampled_from(WORDS), min_size=0, max_size=5).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(phrase, max_size=12), st.lists(phrase, min_size=1, max_size=6))
def test_the_matcher_finds_exactly_the_pairs_matches_finds(offers, needs):
    matcher = OfferMatcher(offers)
    for need in needs:
        assert matcher.matching(need) == [at for at, offer in enumerate(offers) if matches(need, offer)]


def _needs(prefix: str, count: int, topic: str) -> str:
    return "\n".join(f"  - {prefix} {n} about {topic} {n % 37}" for n in range(count))


def test_thousands_of_needs_and_offers_draft_and_intro(runner, make_vault):
    """3,000 needs against 3,000 offers: nine million comparisons took over half a minute for a
    draft and minutes for an intro; the inputs are big enough that a pairwise loop would show as
    a hung test. The answer must still be the first matching pair."""
    v = make_vault
    v.write("relnotes.toml", "")
    v.contact("Big Needs", "email: big@example.org\ntier: ally\nneeds:\n" + _needs("need", 3000, "wildlife photos")
              + "\n  - graphic designer for our launch\noffers:\n" + _needs("offer", 3000, "tax forms"),
              "## Log\n- 2026-11-20 met: at the mixer\n")
    v.contact("Other Person", "email: other@example.org\ntier: ally\noffers:\n" + _needs("skill", 3000, "soil chemistry")
              + "\n  - graphic design\nneeds:\n" + _needs("wish", 3000, "rare stamps"),
              "## Log\n- 2026-11-20 met: at the mixer\n")
    drafted = invoke(runner, "draft", "Big Needs", "--kind", "keep-in-touch", "--json", vault=v.root, today="2026-11-23")
    assert drafted.exit_code == 0, drafted.output
    intro = invoke(runner, "intro", "Big Needs", "Other Person", vault=v.root, today="2026-11-23")
    assert intro.exit_code == 0, intro.output
    assert "graphic designer for our launch" in intro.stdout and "can help with graphic design" in intro.stdout

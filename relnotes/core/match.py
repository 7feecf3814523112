"""Introductions (SPEC 6.3): a need of one contact that an offer of another answers. Pure.

Two phrases match when, once small words are dropped and plurals made singular, every word on
each side pairs with one word on the other: the same word, or a near spelling (rapidfuzz's
``fuzz.ratio`` at least :data:`NEAR`, for words of five letters or more that begin with the same
two letters: ``designer`` ~ ``design``, but never ``hiring`` ~ ``firing``). Word order and case
do not matter; a word left over on either side means no match (``hiring advice`` is not
``fintech hiring advice``). The score is the mean similarity of the pairs, 1 for the same words.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from relnotes.core.index import Index
from relnotes.core.model import TIER_RANK, Contact

SMALL_WORDS = frozenset((
    "a", "an", "the", "to", "for", "in", "of", "on", "at", "by", "with", "from", "and", "or", "into", "about",
    "as", "via", "per", "my", "our", "your", "their", "his", "her", "its", "me", "us", "them", "some", "any",
))
NEAR = 80.0  # rapidfuzz ratio (0-100) from which two different words are the same word misspelt
NEAR_MIN = 5  # shorter words must be the same: "seed" is not "speed", "sale" not "scale"
MAX_WORDS = 12  # longer phrases are paired greedily rather than by trying every pairing
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def singular(word: str) -> str:
    """``VCs`` → ``vc``, ``companies`` → ``company``, ``classes`` → ``class``; ``business`` stays."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if len(word) >= 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def words(phrase: str) -> tuple[tuple[str, str], ...]:
    """The phrase's words that count, each as (written, normal form): small words dropped,
    ``'s`` taken off, case folded, plurals singular."""
    out = []
    for m in _WORD.finditer(phrase):
        written = m[0]
        folded = re.sub(r"['’]s$", "", written.casefold()).replace("’", "'")
        if folded in SMALL_WORDS or not folded:
            continue
        out.append((written, singular(folded)))
    return tuple(out)


def _prefix(normal: str) -> str:
    return normal[:2]


def word_score(a: str, b: str) -> float:
    """How alike two normal forms are, 0 to 1; 0 unless the same or a near spelling."""
    if a == b:
        return 1.0
    if min(len(a), len(b)) < NEAR_MIN or a[:2] != b[:2]:
        return 0.0
    ratio = fuzz.ratio(a, b, score_cutoff=NEAR)
    return ratio / 100.0 if ratio else 0.0


@dataclass(frozen=True)
class PhraseMatch:
    score: float
    pairs: tuple[tuple[int, int], ...]  # (need word index, offer word index), in the need's order


@lru_cache(maxsize=65536)
def compare(need: str, offer: str) -> PhraseMatch | None:
    """Whether ``need`` and ``offer`` say the same thing, and how well; None when they do not."""
    a, b = words(need), words(offer)
    if not a or len(a) != len(b):
        return None
    scores = [[word_score(x[1], y[1]) for y in b] for x in a]
    best = _best_pairing(scores) if len(a) <= MAX_WORDS else _greedy_pairing(scores)
    if best is None:
        return None
    total, chosen = best
    pairs = tuple(sorted(enumerate(chosen)))
    same = all(a[i][1] == b[j][1] for i, j in pairs)
    score = 1.0 if same else min(round(total / len(a), 3), 0.999)
    return PhraseMatch(score, pairs)


def _best_pairing(scores: list[list[float]]) -> tuple[float, list[int]] | None:
    """The one-to-one pairing with the highest total, every word paired (bitmask dynamic programming)."""
    n = len(scores)
    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [])}
    for i in range(n):
        step: dict[int, tuple[float, list[int]]] = {}
        for used, (total, chosen) in best.items():
            for j in range(n):
                s = scores[i][j]
                if s and not used & (1 << j):
                    key = used | (1 << j)
                    if key not in step or step[key][0] < total + s:
                        step[key] = (total + s, [*chosen, j])
        if not step:
            return None
        best = step
    return best.get((1 << n) - 1)


def _greedy_pairing(scores: list[list[float]]) -> tuple[float, list[int]] | None:
    chosen: list[int] = []
    total = 0.0
    for row in scores:
        options = [(s, j) for j, s in enumerate(row) if s and j not in chosen]
        if not options:
            return None
        s, j = max(options)
        chosen.append(j)
        total += s
    return total, chosen


def _block(phrase: str) -> tuple[str, ...] | None:
    """Phrases that can match share this: their words' first two letters, sorted."""
    found = words(phrase)
    return tuple(sorted(_prefix(w[1]) for w in found)) if found else None


@dataclass(frozen=True)
class Introduction:
    """One need/offer pair; ``to_dict`` is a row of ``match --json`` (docs/json.md)."""

    needs: Contact
    offers: Contact
    need: str
    offer: str
    score: float
    words: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "needs": self.needs.name, "offers": self.offers.name, "need": self.need, "offer": self.offer,
            "score": self.score, "words": [list(pair) for pair in self.words],
            "needs_file": self.needs.path, "offers_file": self.offers.path,
            "needs_tier": self.needs.tier, "offers_tier": self.offers.tier,
        }


def introduced(index: Index, contacts: list[Contact]) -> set[frozenset[str]]:
    """Pairs of contact paths already introduced: a ``#gave/intro`` log entry in either note that
    links the other."""
    done: set[frozenset[str]] = set()
    for contact in contacts:
        for entry in contact.note.log:
            if "intro" not in entry.gave:
                continue
            for target in entry.links:
                for other in index.resolve_contact(target):
                    if other.path != contact.path:
                        done.add(frozenset((contact.path, other.path)))
    return done


def _order(contact: Contact) -> tuple[int, str, str]:
    return (TIER_RANK.get(contact.tier, 3), contact.name.casefold(), contact.path)


def matches(index: Index) -> Iterator[Introduction]:
    """Every introduction worth making, best first: by the better of the two tiers (ally first),
    then the other tier, then the score; then by the names. Lazily, so the first few are cheap."""
    eligible = [c for c in index.contacts if c.status == "active" and (c.needs or c.offers)]
    needers: dict[str, list[Contact]] = defaultdict(list)
    offerers: dict[str, list[Contact]] = defaultdict(list)
    for contact in eligible:
        for need in dict.fromkeys(contact.needs):
            needers[need].append(contact)
        for offer in dict.fromkeys(contact.offers):
            offerers[offer].append(contact)
    by_block: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for offer in offerers:
        key = _block(offer)
        if key is not None:
            by_block[key].append(offer)
    done = introduced(index, eligible)
    streams = []
    for need, who_needs in needers.items():
        key = _block(need)
        for offer in by_block.get(key, []) if key is not None else []:
            found = compare(need, offer)
            if found is not None:
                streams += _streams(need, offer, found, who_needs, offerers[offer], done)
    return heapq.merge(*streams, key=_sort_key)


def _streams(need: str, offer: str, found: PhraseMatch, who_needs: list[Contact], who_offers: list[Contact],
             done: set[frozenset[str]]) -> list[Iterator[Introduction]]:
    """One sorted stream per pair of tiers: every row in it has the same rank but for the names."""
    a, b = words(need), words(offer)
    explained = tuple((a[i][0], b[j][0]) for i, j in found.pairs)
    needs_by_tier = _by_tier(who_needs)
    offers_by_tier = _by_tier(who_offers)
    return [_rows(ns, os, need, offer, found.score, explained, done)
            for ns in needs_by_tier.values() for os in offers_by_tier.values()]


def _by_tier(contacts: list[Contact]) -> dict[int, list[Contact]]:
    out: dict[int, list[Contact]] = defaultdict(list)
    for contact in sorted(contacts, key=_order):
        out[TIER_RANK.get(contact.tier, 3)].append(contact)
    return out


def _rows(needs: list[Contact], offers: list[Contact], need: str, offer: str, score: float,
          explained: tuple[tuple[str, str], ...], done: set[frozenset[str]]) -> Iterator[Introduction]:
    for a, b in itertools.product(needs, offers):
        if a.path != b.path and frozenset((a.path, b.path)) not in done:
            yield Introduction(a, b, need, offer, score, explained)


def _sort_key(row: Introduction) -> tuple[Any, ...]:
    ta, tb = TIER_RANK.get(row.needs.tier, 3), TIER_RANK.get(row.offers.tier, 3)
    return (min(ta, tb), max(ta, tb), -row.score, *_order(row.needs)[1:], *_order(row.offers)[1:],
            row.need, row.offer)


def top_matches(index: Index, limit: int) -> list[Introduction]:
    """The best ``limit`` introductions (all with 0)."""
    found = matches(index)
    return list(found if limit <= 0 else itertools.islice(found, limit))

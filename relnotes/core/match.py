"""Introductions (SPEC 6.3): a need of one contact that an offer of another answers. Pure.

Two phrases match when, once small words are dropped and plurals made singular, every word on
each side pairs with one word on the other: the same word, or a near spelling (rapidfuzz's
``fuzz.ratio`` at least :data:`NEAR`, for words of five letters or more that begin with the same
two letters: ``designer`` ~ ``design``, but never ``hiring`` ~ ``firing``). Word order and case
do not matter; a word left over on either side means no match (``hiring advice`` is not
``fintech hiring advice``). The score is the mean similarity of the pairs, 1 for the same words.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
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


def introduced_to(index: Index, contact: Contact) -> frozenset[str]:
    """The contacts (by path) a ``#gave/intro`` log entry in this contact's note links."""
    found = {other.path for entry in contact.note.log if "intro" in entry.gave
             for target in entry.links for other in index.resolve_contact(target)}
    found.discard(contact.path)
    return frozenset(found)


def _order(contact: Contact) -> tuple[int, str, str]:
    return (TIER_RANK.get(contact.tier, 3), contact.name.casefold(), contact.path)


def _relevant(contact: Contact) -> bool:
    """Whether a contact can be in an introduction at all."""
    return contact.status == "active" and bool(contact.needs or contact.offers)


class Matcher:
    """The index's needs and offers, grouped by phrase as written, and who introduced whom.

    ``rows`` lists the introductions. ``update`` takes a contact changed in place (watch mode):
    only its own phrases are grouped again, so the next ``rows`` costs little more than the
    few rows asked for."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.needs: dict[str, dict[str, Contact]] = defaultdict(dict)  # phrase -> path -> contact
        self.offers: dict[str, dict[str, Contact]] = defaultdict(dict)
        self.intros: dict[str, frozenset[str]] = {}  # path -> paths a #gave/intro in its note links
        self._tiers: dict[tuple[bool, str], list[tuple[int, list[Contact]]]] = {}  # (tier rank, sorted)
        self._blocks: dict[tuple[str, ...], set[str]] | None = None  # offer phrases by _block
        for contact in index.contacts:
            self._add(contact)

    def _add(self, contact: Contact) -> None:
        if not _relevant(contact):
            return
        for need in contact.needs:
            self.needs[need][contact.path] = contact
            self._tiers.pop((True, need), None)
        for offer in contact.offers:
            if offer not in self.offers and self._blocks is not None:
                key = _block(offer)
                if key is not None:
                    self._blocks.setdefault(key, set()).add(offer)
            self.offers[offer][contact.path] = contact
            self._tiers.pop((False, offer), None)
        intros = introduced_to(self.index, contact)
        if intros:
            self.intros[contact.path] = intros

    def _remove(self, contact: Contact) -> None:
        for side, phrases in ((True, self.needs), (False, self.offers)):
            for phrase in contact.needs if side else contact.offers:
                holders = phrases.get(phrase)
                if holders is not None and holders.pop(contact.path, None) is not None:
                    self._tiers.pop((side, phrase), None)
        self.intros.pop(contact.path, None)

    def update(self, old: Contact, new: Contact) -> None:
        self._remove(old)
        self._add(new)

    def _sorted(self, side: bool, phrase: str) -> list[tuple[int, list[Contact]]]:
        """The phrase's holders by tier (ally first), each tier's sorted by name."""
        found = self._tiers.get((side, phrase))
        if found is None:
            holders = (self.needs if side else self.offers)[phrase].values()
            by_tier: dict[int, list[Contact]] = defaultdict(list)
            for contact in sorted(holders, key=_order):
                by_tier[TIER_RANK.get(contact.tier, 3)].append(contact)
            found = self._tiers[(side, phrase)] = list(by_tier.items())
        return found

    def _introduced(self, a: Contact, b: Contact) -> bool:
        return b.path in self.intros.get(a.path, ()) or a.path in self.intros.get(b.path, ())

    def rows(self) -> Iterator[Introduction]:
        """Every introduction worth making, best first: by the better of the two tiers (ally
        first), then the other tier, then the score; then by the names. Lazily: the first few
        are cheap."""
        if self._blocks is None:
            self._blocks = {}
            for offer in self.offers:
                key = _block(offer)
                if key is not None:
                    self._blocks.setdefault(key, set()).add(offer)
        # every row of one (tiers, score) rank comes before any of the next: the ranks in order,
        # and within one the rows of its pairs of phrases and tiers merged by name
        ranks: dict[tuple[int, int, float], list[Callable[[], Iterator[Introduction]]]] = defaultdict(list)
        for need, who in self.needs.items():
            key = _block(need) if who else None
            for offer in self._blocks.get(key, ()) if key is not None else ():
                found = compare(need, offer) if self.offers[offer] else None
                if found is not None:
                    self._rank(ranks, need, offer, found)
        for rank in sorted(ranks):
            yield from heapq.merge(*(make() for make in ranks[rank]), key=_sort_key)

    def _rank(self, ranks: dict[tuple[int, int, float], list[Callable[[], Iterator[Introduction]]]], need: str,
              offer: str, found: PhraseMatch) -> None:
        """File the rows of one need/offer pair under their ranks, one stream per pair of tiers."""
        a, b = words(need), words(offer)
        explained = tuple((a[i][0], b[j][0]) for i, j in found.pairs)
        for ta, ns in self._sorted(True, need):
            for tb, os in self._sorted(False, offer):
                ranks[(min(ta, tb), max(ta, tb), -found.score)].append(
                    functools.partial(self._pairs, ns, os, need, offer, found.score, explained))

    def _pairs(self, needs: list[Contact], offers: list[Contact], need: str, offer: str, score: float,
               explained: tuple[tuple[str, str], ...]) -> Iterator[Introduction]:
        for a, b in itertools.product(needs, offers):
            if a.path != b.path and not self._introduced(a, b):
                yield Introduction(a, b, need, offer, score, explained)


def _sort_key(row: Introduction) -> tuple[Any, ...]:
    ta, tb = TIER_RANK.get(row.needs.tier, 3), TIER_RANK.get(row.offers.tier, 3)
    return (min(ta, tb), max(ta, tb), -row.score, *_order(row.needs)[1:], *_order(row.offers)[1:],
            row.need, row.offer)


def matches(index: Index) -> Iterator[Introduction]:
    """Every introduction worth making, best first (:meth:`Matcher.rows`)."""
    return Matcher(index).rows()


def top_matches(index: Index, limit: int) -> list[Introduction]:
    """The best ``limit`` introductions (all with 0)."""
    found = matches(index)
    return list(found if limit <= 0 else itertools.islice(found, limit))


class MatchMemo:
    """``top_matches(index, limit)`` for an index that changes in place (watch mode's LiveIndex
    puts a changed contact in place of the old one): a :class:`Matcher` kept up to date contact
    by contact, and its rows asked for again only when a contact that can be in one changed."""

    def __init__(self) -> None:
        self._key: tuple[int, int, int] | None = None
        self._index: Index | None = None
        self._matcher: Matcher | None = None
        self._contacts: list[Contact] = []
        self._top: list[Introduction] = []

    def top(self, index: Index, limit: int) -> list[Introduction]:
        key = (id(index), len(index.contacts), limit)
        if key != self._key or index is not self._index or self._matcher is None:
            self._key, self._index, self._matcher = key, index, Matcher(index)
            self._contacts = []
        else:
            changed = [(old, new) for old, new in zip(self._contacts, index.contacts, strict=True) if old is not new]
            if not any(_relevant(old) or _relevant(new) for old, new in changed):
                self._contacts = list(index.contacts)
                return self._top
            for old, new in changed:
                self._matcher.update(old, new)
        self._contacts = list(index.contacts)
        found = self._matcher.rows()
        self._top = list(found if limit <= 0 else itertools.islice(found, limit))
        return self._top

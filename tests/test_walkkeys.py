"""WalkKeys: what changed between two walks, found by comparing bytes a block at a time."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relnotes.vault.cachefile import WalkKeys


def _walk(n: int, sizes: dict[int, int] | None = None, mtimes: dict[int, int] | None = None,
          inos: dict[int, int] | None = None) -> WalkKeys:
    rels = [f"contacts/n{i:05}.md" for i in range(n)]
    return WalkKeys.of(rels, [(sizes or {}).get(i, 100 + i) for i in range(n)],
                       [(mtimes or {}).get(i, 10**18 + i) for i in range(n)],
                       [(inos or {}).get(i, 5000 + i) for i in range(n)])


def test_changes_at_the_edges_of_blocks_are_found():
    block = WalkKeys.BLOCK // WalkKeys.WIDTH
    n = 3 * block + 7
    changed = {0: 1, block - 1: 2, block: 3, 2 * block + 1: 4, n - 1: 5}
    assert _walk(n, sizes=changed).changed_since(_walk(n)) == sorted(changed)
    assert _walk(n, mtimes={5: 1}, inos={block: 9}).changed_since(_walk(n)) == [5, block]
    assert _walk(n).changed_since(_walk(n)) == []


def test_other_paths_are_not_compared():
    assert _walk(10).changed_since(_walk(11)) is None
    renamed = WalkKeys.of([f"contacts/m{i:05}.md" for i in range(10)], [100 + i for i in range(10)],
                          [10**18 + i for i in range(10)], [5000 + i for i in range(10)])
    assert renamed.changed_since(_walk(10)) is None


def test_a_note_marked_not_current_always_differs():
    stored = _walk(20).not_current([3, 17])
    assert _walk(20).changed_since(stored) == [3, 17]


@given(st.integers(min_value=0, max_value=1500), st.data())
def test_exactly_the_changed_places(n, data):
    changed = data.draw(st.sets(st.integers(min_value=0, max_value=max(n - 1, 0)), max_size=20)) if n else set()
    field = data.draw(st.sampled_from(["sizes", "mtimes", "inos"]))
    after = _walk(n, **{field: {i: 7 for i in changed}})
    assert after.changed_since(_walk(n)) == sorted(changed)

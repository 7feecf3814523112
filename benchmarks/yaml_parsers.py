#!/usr/bin/env python3
"""Time YAML front-matter parsers on a folder of Markdown notes.

    python benchmarks/yaml_parsers.py VAULT_DIR [--runs 5]

Reads every ``*.md`` file under VAULT_DIR, splits off the front matter (the text between a
first ``---`` line and the next ``---`` line), then times, as the median of ``--runs`` runs:
reading + splitting alone, PyYAML's C loader (``CSafeLoader``), its pure-Python ``SafeLoader``,
``yaml_rs.loads`` (optional: skipped with a note if yaml-rs is not installed), PyYAML's C
composer alone (``yaml.compose``: scanner, parser and node graph, but no constructor), and
python-frontmatter on the whole file. Parser rows time only the parse of the pre-split text
and drop each result at once.
Finally it counts the notes on which yaml_rs and CSafeLoader return different values.

Needs PyYAML with libyaml; python-frontmatter and yaml-rs are optional.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

try:
    import yaml_rs
except ImportError:
    yaml_rs = None
try:
    import frontmatter
except ImportError:
    frontmatter = None


def split(text: str) -> str | None:
    """The front matter between a first ``---`` line and the next ``---`` line, or None."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    return text[4 : end + 1] if end >= 0 else None


def read_all(paths: list[Path]) -> list[str]:
    return [p.read_bytes().decode("utf-8-sig") for p in paths]


def each(fn: Callable[[str], Any], items: list[str]) -> None:
    """Call fn on every item, keeping no result (a kept node graph would add GC time to compose)."""
    for item in items:
        with contextlib.suppress(Exception):  # a broken note still costs its parse attempt
            fn(item)


def outcome(fn: Callable[[str], Any], text: str) -> Any:
    try:
        return fn(text)
    except Exception as exc:
        return type(exc).__name__


def median_time(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("vault", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    paths = sorted(args.vault.rglob("*.md"))
    texts = read_all(paths)
    fms = [fm for fm in map(split, texts) if fm is not None]
    if not fms:
        sys.exit(f"no front matter in any .md file under {args.vault}")
    print(f"{len(paths)} files, {len(fms)} with front matter, {sum(map(len, fms)) / len(fms):.0f} chars of YAML each")
    print(f"python {sys.version.split()[0]}, PyYAML {yaml.__version__}, yaml-rs {getattr(yaml_rs, '__version__', '-')}")

    read_s = median_time(lambda: [split(t) for t in read_all(paths)], args.runs)
    cases: dict[str, Callable[[str], Any]] = {
        "PyYAML CSafeLoader": lambda s: yaml.load(s, Loader=yaml.CSafeLoader),
        "PyYAML SafeLoader (pure Python)": lambda s: yaml.load(s, Loader=yaml.SafeLoader),
        "PyYAML CSafeLoader compose only": lambda s: yaml.compose(s, Loader=yaml.CSafeLoader),
    }
    if yaml_rs is not None:
        last_wins = yaml_rs.DuplicateKeyPolicy.LastWins  # PyYAML's behaviour; the default raises
        cases["yaml_rs.loads"] = lambda s: yaml_rs.loads(s, duplicate_key_policy=last_wins)
    else:
        print("yaml-rs is not installed: its row is skipped (pip install yaml-rs)")

    def row(name: str, seconds: float, notes: int) -> None:
        print(f"| {name:<37} | {seconds / notes * 1e6:7.1f} | {seconds:7.3f} | {seconds + read_s:8.3f} |")

    print(f"\n| {'median of ' + str(args.runs) + ' runs':<37} | µs/note | total s | + read s |")
    print(f"| {'-' * 37} | ------: | ------: | -------: |")
    print(f"| {'read + split only':<37} | {read_s / len(paths) * 1e6:7.1f} | {read_s:7.3f} | {read_s:8.3f} |")
    for name, parse in cases.items():
        row(name, median_time(lambda parse=parse: each(parse, fms), args.runs), len(fms))
    if frontmatter is not None:
        row(
            "python-frontmatter loads (whole file)",
            median_time(lambda: each(frontmatter.loads, texts), args.runs),
            len(texts),
        )

    if yaml_rs is not None:
        c, rs = cases["PyYAML CSafeLoader"], cases["yaml_rs.loads"]
        diffs = [(a, b) for fm in fms if (a := outcome(c, fm)) != (b := outcome(rs, fm))]
        print(f"\nyaml_rs and CSafeLoader differ on {len(diffs)} of {len(fms)} notes")
        for a, b in diffs[:3]:
            if isinstance(a, dict) and isinstance(b, dict):
                a, b = (
                    {k: d.get(k) for k in sorted(a.keys() | b.keys(), key=str) if a.get(k) != b.get(k)} for d in (a, b)
                )
            print(f"  PyYAML {a!r}\n  yaml_rs {b!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

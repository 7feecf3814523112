"""How fast could a cold `relnotes due` be? Parsing alone, against the naive loop.

Parses every note of a vault the way relnotes does (``relnotes.vault.load.read_entry``) in N
forked workers that return nothing: no pickling, no linking, no rules, no cache, the least any
cold run must do. Then, in the same moment, times the benchmark's naive baseline
(``frontmatter.load`` on every note, one process). Prints both and their ratio per round.

    python benchmarks/parse_ceiling.py VAULT [--workers 2] [--rounds 3]

Run it with the Python relnotes is installed under (it imports relnotes and python-frontmatter).
Linux or macOS (fork). docs/performance.md, phase 6, reads the result.
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from relnotes.config import load_config
    from relnotes.vault.load import read_entry
    from relnotes.vault.scan import scan

    config = load_config(args.vault)
    entries, _ = scan(config)

    def parse_in_workers() -> float:
        start = time.perf_counter()
        children = []
        for k in range(args.workers):
            pid = os.fork()
            if pid == 0:
                gc.disable()
                for entry in entries[k :: args.workers]:
                    read_entry(entry, config, shared=False)
                os._exit(0)
            children.append(pid)
        for pid in children:
            os.waitpid(pid, 0)
        return time.perf_counter() - start

    def naive() -> float:
        import frontmatter

        start = time.perf_counter()
        for entry in entries:
            frontmatter.load(entry.path)
        return time.perf_counter() - start

    print(f"{len(entries)} notes in {args.vault}; {args.workers} workers")
    for _ in range(args.rounds):
        parse, loop = parse_in_workers(), naive()
        print(f"parse in {args.workers} workers {parse * 1000:8.0f} ms   naive loop {loop * 1000:8.0f} ms   "
              f"ratio {parse / loop:.2f}")


if __name__ == "__main__":
    main()

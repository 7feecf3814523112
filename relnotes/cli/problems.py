"""The one warning line about the vault's problems that commands print on stderr."""

from __future__ import annotations

import sys

from relnotes.core.summary import ProblemSummary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from relnotes.core.model import Problem


def warn_problems(problems: list[Problem] | ProblemSummary) -> None:
    """At most one warning line on stderr about the vault's problems, pointing at ``relnotes check``.

    A single skipped note is named with its problem; more are counted, naming the first
    three files; the other problems (a bad field, a dangling link) are only counted.
    """
    line = problems_line(problems)
    if line and sys.stderr is not None:  # (started with stderr closed: nobody to tell)
        sys.stderr.write(f"warning: {line}\n")
        sys.stderr.flush()


def problems_line(problems: list[Problem] | ProblemSummary, shown: int = 3) -> str | None:
    summary = problems if isinstance(problems, ProblemSummary) else ProblemSummary.of(problems)
    skipped, others = summary.skipped, summary.others
    if summary.single is not None:
        return summary.single
    parts = []
    if skipped:
        files = ", ".join(skipped[:shown]) + (f" and {len(skipped) - shown} more" if len(skipped) > shown else "")
        parts.append(f"{_count(len(skipped), 'note')} {'is' if len(skipped) == 1 else 'are'} skipped ({files})")
    if others:
        parts.append(f"{_count(others, 'other problem' if skipped else 'problem')} in the vault")
    return "; ".join(parts) + "; run 'relnotes check' to see them" if parts else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"

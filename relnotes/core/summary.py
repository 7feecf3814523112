"""What the one warning line about the vault's problems says (:class:`ProblemSummary`).

Light on purpose (a plain class, no dataclasses): a warm ``due`` makes one from the cache's
counts without importing the model.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from relnotes.core.model import Problem


def problem_text(file: str, line: int | None, message: str) -> str:
    """A problem as ``check`` and the warnings write it: ``file:line: message``."""
    return f"{file}:{line}: {message}" if line else f"{file}: {message}"


class ProblemSummary:
    """The files of the skipped notes (sorted), how many other problems there are, and, when a
    single problem skipped a single note and there is nothing else, that problem written out.
    The cache answers it with three small queries rather than a row per problem."""

    __slots__ = ("others", "single", "skipped")

    def __init__(self, skipped: list[str], others: int, single: str | None = None) -> None:
        self.skipped, self.others, self.single = skipped, others, single

    @classmethod
    def of(cls, problems: list[Problem]) -> ProblemSummary:
        skipped = sorted({p.file for p in problems if p.skipped})
        others = sum(1 for p in problems if not p.skipped)
        single = next(p.format() for p in problems if p.skipped) if len(skipped) == 1 and not others else None
        return cls(skipped, others, single)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProblemSummary):
            return NotImplemented
        return (self.skipped, self.others, self.single) == (other.skipped, other.others, other.single)

    __hash__ = None  # type: ignore[assignment]  # equal by value and mutable, as the dataclass was

    def __repr__(self) -> str:
        return f"ProblemSummary(skipped={self.skipped!r}, others={self.others!r}, single={self.single!r})"

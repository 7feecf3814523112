"""Pieces several commands share."""

from __future__ import annotations

import click

from ..app import App
from ..index import Index

pass_app = click.make_pass_decorator(App)


def warn_problems(index: Index) -> None:
    """One warning line per skipped note, and a count of the other problems, on stderr."""
    skipped = index.skipped
    for problem in skipped:
        click.echo(f"warning: {problem.format()}", err=True)
    others = len(index.problems) - len(skipped)
    if others:
        noun = "problem" if others == 1 else "problems"
        click.echo(f"warning: {others} other {noun} in the vault; run 'relnotes check' to see them", err=True)

"""relnotes match: introductions to make, where one contact needs what another offers."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.netformat import format_matches
from relnotes.cli.output import dumps
from relnotes.cli.params import json_option, vault_options
from relnotes.core.match import Introduction, matches


@click.command()
@click.option("--limit", type=click.IntRange(min=0), default=0, metavar="N",
              help="Show the best N only [default: 0, all].")
@json_option
@vault_options
@pass_app
def match(app: App, limit: int, as_json: bool) -> None:
    """Introductions to make: needs that meet offers.

    Whom to introduce to whom, best first, with the words that matched.
    Ranked by the better of the two tiers, then the other tier, then how well the words match.
    Paused and archived contacts, and pairs already introduced (a #gave/intro log entry in
    either note that links the other), are left out. Act on one with relnotes intro A B.
    """
    index = app.index
    found = matches(index)
    rows = found if limit <= 0 else itertools.islice(found, limit)
    warn_problems(index.problems)
    if as_json:  # row by row: a big vault can have a hundred thousand
        for chunk in json_rows(rows):
            click.echo(chunk, nl=False)
        click.echo()
    else:
        click.echo("\n".join(format_matches(list(rows), app.style)))


def json_rows(rows: Iterable[Introduction]) -> Iterator[str]:
    """``dumps([row.to_dict() for row in rows])`` in pieces (a JSON string holds no raw newline,
    so indenting each row's lines is indenting the list)."""
    first = True
    for row in rows:
        yield ("[\n  " if first else ",\n  ") + dumps(row.to_dict()).replace("\n", "\n  ")
        first = False
    yield "[]" if first else "\n]"

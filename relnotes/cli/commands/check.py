"""relnotes check: every problem in the vault, one per line."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.output import dumps
from relnotes.cli.params import json_option, vault_options
from relnotes.core.index import problem_key
from relnotes.core.logcheck import future_problems
from relnotes.core.model import Problem


@click.command()
@json_option
@vault_options
@pass_app
def check(app: App, as_json: bool) -> None:
    """Report every problem in the vault as file:line: message (exit 1 if any)."""
    from relnotes.vault.sync import MISSING_DRIVER, conflict_problems, driver_missing

    index = app.index
    problems = conflict_problems(app.config.root, index.problems + future_problems(index.contacts, app.today))
    problems = sorted(problems, key=problem_key)
    if driver_missing(app.config.root):
        click.echo(f"warning: {MISSING_DRIVER}", err=True)
    try:
        if as_json:
            click.echo(dumps([p.to_dict() for p in problems]))
        else:
            _print(problems, len(index.notes))
    except BrokenPipeError:  # `relnotes check | head`: the rest is not wanted, the answer still is
        pass
    if problems:
        click.get_current_context().exit(1)


def _print(problems: list[Problem], notes: int) -> None:
    for problem in problems:
        click.echo(problem.format())
    files = len({p.file for p in problems})
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
                   f"file{'s' if files != 1 else ''}", err=True)
    else:
        click.echo(f"No problems in {notes} note{'' if notes == 1 else 's'}.", err=True)

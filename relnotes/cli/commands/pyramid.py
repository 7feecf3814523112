"""relnotes pyramid: contacts per tier, and whether their cadences fit the week."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.netformat import format_pyramid
from relnotes.cli.output import dumps
from relnotes.cli.params import json_option, vault_options
from relnotes.core.pyramid import pyramid as build_pyramid


@click.command()
@json_option
@vault_options
@pass_app
def pyramid(app: App, as_json: bool) -> None:
    """Contacts per tier, and whether their cadences fit your week.

    The touches a week the cadences ask, against your budget.

    The budget is touches_per_week in relnotes.toml (default 15). Over budget, it names the
    tiers and cadences to relax, from the bottom of the pyramid up.
    """
    index = app.index
    found = build_pyramid(index)
    warn_problems(index.problems)
    if as_json:
        click.echo(dumps(found.to_dict()))
    else:
        click.echo("\n".join(format_pyramid(found, app.style)))

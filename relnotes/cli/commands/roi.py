"""relnotes roi: event return summed per format or purpose, best first."""

from __future__ import annotations

from datetime import date

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.netformat import format_roi
from relnotes.cli.output import dumps
from relnotes.cli.params import DATE, json_option, vault_options
from relnotes.core.events import GROUPINGS, event_returns
from relnotes.core.events import roi as roi_groups


@click.command()
@click.option("--by", type=click.Choice(GROUPINGS), default="format", show_default=True,
              help="Group events by their format or their purpose.")
@click.option("--since", type=DATE, default=None, help="Only events on or after this date.")
@json_option
@vault_options
@pass_app
def roi(app: App, by: str, since: date | None, as_json: bool) -> None:
    """Which kind of event pays off, by format or purpose.

    Lasting relationships per hour of events, the best kind first, and a one-line verdict.

    Events without the key, and events whose purpose is both, form groups of their own.
    """
    index = app.index
    groups = roi_groups(event_returns(index, app.today, since=since), by)
    warn_problems(index.problems)
    if as_json:
        click.echo(dumps([g.to_dict() for g in groups]))
    else:
        click.echo("\n".join(format_roi(groups, by, app.style)))

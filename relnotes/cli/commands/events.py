"""relnotes events: what each event brought, and who from it still waits for a first follow-up."""

from __future__ import annotations

from datetime import date

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.netformat import format_events
from relnotes.cli.output import dumps
from relnotes.cli.params import DATE, json_option, vault_options
from relnotes.core.events import event_returns


@click.command()
@click.option("--since", type=DATE, default=None, help="Only events on or after this date.")
@json_option
@vault_options
@pass_app
def events(app: App, since: date | None, as_json: bool) -> None:
    """What each event brought: people met, followed up, lasting.

    Per event, newest first, with the value received through them, cost and hours per
    lasting relationship and your rating.

    Followed up: a log entry other than met within the first follow-up delay (1d). Lasting:
    a log entry 60 to 120 days after the event; "so far" until 120 days have passed.
    """
    index = app.index
    returns = event_returns(index, app.today, since=since)
    warn_problems(index.problems)
    if as_json:
        click.echo(dumps([r.to_dict() for r in returns]))
    else:
        click.echo("\n".join(format_events(returns, app.config, app.style)))

"""relnotes due: whom to follow up with, and why."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.dueview import show_due
from relnotes.cli.params import DURATION, TIER, json_option, vault_options
from relnotes.core.dates import Duration
from relnotes.core.rules import RULES


@click.command()
@click.option("--within", "window", type=DURATION, default=None,
              help="How far ahead to look for upcoming items [default: 7d, or rules.upcoming].")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(RULES), help="Only items of this kind (repeatable).")
@click.option("--tier", "tiers", multiple=True, type=TIER, help="Only contacts of this tier (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@json_option
@vault_options
@pass_app
def due(app: App, window: Duration | None, kinds: tuple[str, ...], tiers: tuple[str, ...],
        tags: tuple[str, ...], as_json: bool) -> None:
    """List follow-ups that are overdue, due today, or coming up."""
    show_due(app, window, kinds, tiers, tags, as_json)

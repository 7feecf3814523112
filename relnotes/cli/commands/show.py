"""relnotes show and relnotes find: read-only views of contacts."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.formatters import format_matches, format_profile
from relnotes.cli.output import dumps
from relnotes.cli.params import TIER, json_option, vault_options
from relnotes.core.profile import profile
from relnotes.core.resolve import resolve_contact
from relnotes.vault.search import find as find_contacts


@click.command()
@click.argument("contact")
@json_option
@vault_options
@pass_app
def show(app: App, contact: str, as_json: bool) -> None:
    """A contact's profile: fields, how you met, what is due, promises and timeline."""
    found = resolve_contact(app.index, contact)
    data = profile(found, app.config, app.today)
    if as_json:
        click.echo(dumps(data))
    else:
        click.echo("\n".join(format_profile(data, app.style, app.today)))


@click.command()
@click.argument("query", default="")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@click.option("--tier", "tiers", multiple=True, type=TIER, help="Only contacts of this tier (repeatable).")
@click.option("--company", default=None, help="Only contacts whose company contains this text.")
@json_option
@vault_options
@pass_app
def find(app: App, query: str, tags: tuple[str, ...], tiers: tuple[str, ...], company: str | None,
         as_json: bool) -> None:
    """Search contacts by name, alias, fields and note text (ignoring case)."""
    matches = find_contacts(app.index, query, tags=tags, tiers=tuple(t.lower() for t in tiers), company=company)
    if as_json:
        click.echo(dumps(matches))
    else:
        click.echo("\n".join(format_matches(matches)))

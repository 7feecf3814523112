"""relnotes ls: one aligned line per contact, fitted to the terminal on a TTY."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.output import dumps, fit, table, terminal_columns
from relnotes.cli.params import TIER, json_option, vault_options
from relnotes.core.roster import SORTS, Row, roster
from relnotes.core.settings import STATUSES


@click.command()
@click.option("--tier", "tiers", multiple=True, type=TIER, help="Only contacts of this tier (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES, case_sensitive=False),
              help="Only contacts with this status (repeatable).")
@click.option("--sort", type=click.Choice(SORTS), default="name", show_default=True,
              help="name A-Z, last (longest untouched first) or next (soonest due first).")
@click.option("--width", "columns", type=click.IntRange(min=20), default=None,
              help="Fit lines to this many columns [default: the terminal's on a TTY, none when piped].")
@json_option
@vault_options
@pass_app
def ls(app: App, tiers: tuple[str, ...], tags: tuple[str, ...], statuses: tuple[str, ...], sort: str,
       columns: int | None, as_json: bool) -> None:
    """List contacts: name, tier, last contact and next due item, one line each."""
    rows = roster(app.index, app.today, tuple(t.lower() for t in tiers), tags,
                  tuple(s.lower() for s in statuses), sort)
    if as_json:
        click.echo(dumps([r.to_dict(app.today) for r in rows]))
        return
    if not rows:
        click.echo("No contacts." if not (tiers or tags or statuses) else "No contacts match.", err=True)
        return
    if columns is None:
        columns = terminal_columns()
    for line in table([_cells(r) for r in rows], indent=""):
        click.echo(fit(line, columns))


def _cells(row: Row) -> list[str]:
    nxt = row.next
    return [row.contact.name, row.contact.tier, row.last.isoformat() if row.last else "-",
            f"{nxt.due} {nxt.kind}: {nxt.reason}" if nxt else "-"]

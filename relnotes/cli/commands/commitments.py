"""relnotes commitments: open promises both ways, and who keeps theirs."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.output import dumps, table
from relnotes.cli.params import json_option, vault_options
from relnotes.core.commitments import Keeping, OpenPromise, keeps_promises, open_promises
from relnotes.core.dates import days_phrase


@click.command()
@click.option("--mine", is_flag=True, help="Only your promises.")
@click.option("--theirs", is_flag=True, help="Only theirs (#waiting tasks).")
@json_option
@vault_options
@pass_app
def commitments(app: App, mine: bool, theirs: bool, as_json: bool) -> None:
    """Open promises both ways, oldest first, and who keeps theirs."""
    if mine and theirs:
        raise click.UsageError("--mine and --theirs leave nothing together; give one, or neither for both")
    items = [i for i in open_promises(app.index) if not (mine and not i.mine) and not (theirs and i.mine)]
    rates = keeps_promises(app.index, app.today)
    warn_problems(app.index.problems)
    if as_json:
        click.echo(dumps({"items": [i.to_dict(app.today) for i in items],
                          "keeps_promises": [k.to_dict() for k in rates]}))
        return
    click.echo("\n".join(format_commitments(app, items, [] if mine else rates)))


def format_commitments(app: App, items: list[OpenPromise], rates: list[Keeping]) -> list[str]:
    style, today = app.style, app.today
    lines = [style(f"Open promises ({len(items)})", "bold")] if items else ["No open promises."]
    rows = []
    for i in items:
        overdue = i.overdue_days(today)
        rows.append([i.due.isoformat() if i.due else "no date", "" if overdue is None else days_phrase(overdue),
                     "you owe" if i.mine else "they owe", i.contact, i.text])
    lines += table(rows)
    if rates:
        lines += ["", style("Keeps promises", "bold"), *table([[k.contact, k.line()] for k in rates])]
    return lines

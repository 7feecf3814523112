"""relnotes ledger: give and take per contact, and whom to act on."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.output import dumps, table
from relnotes.cli.params import json_option, vault_options
from relnotes.core.dates import humane
from relnotes.core.ledger import Ledger
from relnotes.core.ledger import ledger as build_ledger

TAKING = "give something back before you ask again (an intro, an article, a referral; log it with --gave TYPE)"
UNANSWERED = "stop pushing; wait for an answer, or archive them (status: archived)"


@click.command()
@json_option
@vault_options
@pass_app
def ledger(app: App, as_json: bool) -> None:
    """Give and take per contact (#gave, #got), and whom to act on."""
    found = build_ledger(app.index, app.config)
    warn_problems(app.index.problems)
    if as_json:
        click.echo(dumps(found.to_dict()))
        return
    click.echo("\n".join(format_ledger(app, found)))


def format_ledger(app: App, found: Ledger) -> list[str]:
    style, rules = app.style, app.config.rules
    if not found.rows:
        return ["Nothing given or received yet: tag log entries #gave/TYPE and #got/TYPE "
                "(relnotes log NAME sent TEXT --gave insight)."]
    lines = [style(f"Give and take ({len(found.rows)})", "bold"),
             *table([[r.contact.name, r.line()] for r in found.rows])]
    if found.taking:
        lines += ["", style(f"You keep taking from (received − given ≥ {rules.ledger_taking})", "bold"),
                  *table([[r.contact.name, f"got {r.received}, gave {r.given}: {TAKING}"] for r in found.taking])]
    if found.unanswered:
        rows = [[r.contact.name, f"gave {r.given}, no answer since {humane(r.first_gave, app.today)}: {UNANSWERED}"]
                for r in found.unanswered if r.first_gave is not None]
        lines += ["", style(f"You give, they never answer (given ≥ {rules.ledger_unanswered})", "bold"), *table(rows)]
    return lines

"""relnotes due: whom to follow up with, and why."""

from __future__ import annotations

from datetime import date

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.output import due_json_chunks, fit, table, terminal_columns
from relnotes.cli.params import DURATION, TIER, json_option, vault_options
from relnotes.core.dates import Duration, days_phrase
from relnotes.core.model import DueItem
from relnotes.core.rules import RULES, bucket
from relnotes.core.settings import DEFAULT_TIER

HEADINGS = (("overdue", "Overdue", "red"), ("today", "Today", "yellow"), ("upcoming", "Upcoming", "cyan"))


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
    today = app.today
    snapshot = app.due_snapshot((window or app.config.rules.upcoming).after(today))
    items = filter_items(snapshot.items, kinds, tiers, tags, snapshot.tags)
    warn_problems(snapshot.problems)
    if as_json:
        for chunk in due_json_chunks(items, today):  # a big list is printed in pieces
            click.echo(chunk, nl=False)
        click.echo()
        return
    click.echo("\n".join(render(app, items, today)))


def filter_items(items: list[DueItem], kinds: tuple[str, ...], tiers: tuple[str, ...], tags: tuple[str, ...],
                 tags_of: dict[str, frozenset[str]]) -> list[DueItem]:
    if kinds:
        items = [i for i in items if i.kind in kinds]
    if tiers:
        items = [i for i in items if (i.tier or DEFAULT_TIER) in tiers]
    if tags:
        wanted = {t.lstrip("#").casefold() for t in tags}
        items = [i for i in items if wanted & tags_of.get(i.file, frozenset())]
    return items


def render(app: App, items: list[DueItem], today: date) -> list[str]:
    style = app.style
    if not items:
        return ["Nothing due. A good day to give before you ask: send someone something useful."]
    lines: list[str] = []
    columns = terminal_columns()  # on a terminal each row is cut to fit (the reason ends in …)
    for key, title, colour in HEADINGS:
        group = [i for i in items if bucket(i, today) == key]
        if not group:
            continue
        if lines:
            lines.append("")
        lines.append(style(f"{title} ({len(group)})", "bold", colour))
        rows = [[i.contact, i.kind, days_phrase(i.days_overdue(today)), i.reason] for i in group]
        lines.extend(fit(row, columns) for row in table(rows))
    return lines

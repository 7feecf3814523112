"""relnotes due: whom to follow up with, and why."""

from __future__ import annotations

from datetime import date

import click

from ..app import App
from ..dates import Duration
from ..model import DueItem
from ..output import days_phrase, dumps, table
from ..params import DURATION, json_option, vault_options
from ..rules import RULES, bucket, due_items, within
from .common import pass_app, warn_problems

HEADINGS = (("overdue", "Overdue", "red"), ("today", "Today", "yellow"), ("upcoming", "Upcoming", "cyan"))


@click.command()
@click.option("--within", "window", type=DURATION, default=None,
              help="How far ahead to look for upcoming items [default: 7d, or rules.upcoming].")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(RULES), help="Only items of this kind (repeatable).")
@click.option("--tier", "tiers", multiple=True, type=click.Choice(["ally", "strategic", "active", "casual"]),
              help="Only contacts of this tier (repeatable).")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@json_option
@vault_options
@pass_app
def due(app: App, window: Duration | None, kinds: tuple[str, ...], tiers: tuple[str, ...],
        tags: tuple[str, ...], as_json: bool) -> None:
    """List follow-ups that are overdue, due today, or coming up."""
    index = app.index
    today = app.today
    items = within(due_items(index, today), today, window or app.config.rules.upcoming)
    items = filter_items(app, items, kinds, tiers, tags)
    warn_problems(index)
    if as_json:
        click.echo(dumps([item.to_dict(today) for item in items]))
        return
    click.echo("\n".join(render(app, items, today)))


def filter_items(app: App, items: list[DueItem], kinds: tuple[str, ...], tiers: tuple[str, ...],
                 tags: tuple[str, ...]) -> list[DueItem]:
    if kinds:
        items = [i for i in items if i.kind in kinds]
    if tiers:
        items = [i for i in items if (i.tier or "casual") in tiers]
    if tags:
        wanted = {t.lstrip("#").casefold() for t in tags}
        by_path = {c.path: c for c in app.index.contacts}
        items = [i for i in items if i.file in by_path and wanted & {t.casefold() for t in by_path[i.file].tags}]
    return items


def render(app: App, items: list[DueItem], today: date) -> list[str]:
    style = app.style
    if not items:
        return ["Nothing due. A good day to give before you ask: send someone something useful."]
    lines: list[str] = []
    for key, title, colour in HEADINGS:
        group = [i for i in items if bucket(i, today) == key]
        if not group:
            continue
        if lines:
            lines.append("")
        lines.append(style(f"{title} ({len(group)})", "bold", colour))
        rows = [[i.contact, i.kind, days_phrase(i.days_overdue(today)), i.reason] for i in group]
        lines.extend(table(rows))
    return lines

"""What ``relnotes due`` prints: shared by the click command and the fast path (relnotes.cli.fast).

Click-free on purpose: a warm ``due`` is answered from the cache in less time than click
takes to import, so the fast path runs this same code without it; and light (no typing, no
model, no settings), so the warm answer of :mod:`relnotes.vault.warm` prints through
:func:`print_due` with little else imported.
"""

from __future__ import annotations

import sys

from relnotes.cli.output import due_json_chunks, fit, json_list_chunks, table, terminal_columns
from relnotes.cli.problems import warn_problems
from relnotes.core.shown import bucket, days_phrase

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

    from relnotes.cli.app import App
    from relnotes.cli.output import Style
    from relnotes.core.dates import Duration
    from relnotes.core.model import DueItem
    from relnotes.core.summary import ProblemSummary
    from relnotes.vault.warm import Item

    Shown = list[DueItem] | list[Item]  # what the list is printed from: a run's items or the stored rows

HEADINGS = (("overdue", "Overdue", "red"), ("today", "Today", "yellow"), ("upcoming", "Upcoming", "cyan"))


def show_due(app: App, window: Duration | None = None, kinds: tuple[str, ...] = (), tiers: tuple[str, ...] = (),
             tags: tuple[str, ...] = (), as_json: bool = False) -> None:
    """Print today's list (or its JSON) on stdout, and the problems' warning line on stderr."""
    today = app.today
    unfiltered = not (kinds or tiers or tags)
    snapshot = app.due_snapshot((window or app.config.rules.upcoming).after(today), as_texts=as_json and unfiltered)
    items = filter_items(snapshot.items, kinds, tiers, tags, snapshot.tags)
    print_due(items, today, snapshot.problems, as_json, app.style, snapshot.json)


def print_due(items: Shown, today: date, problems: ProblemSummary, as_json: bool, style: Style,
              json_texts: list[str] | None = None) -> None:
    """The list (or its JSON) on stdout, the problems' warning line on stderr. ``items`` may be
    any objects with DueItem's fields (the warm answer's rows are named tuples); ``json_texts``,
    the items already written out as JSON (the warm answer's, from the stored parts)."""
    warn_problems(problems)
    out = sys.stdout
    if out is None:  # started with stdout closed: nothing to print to (as click.echo does)
        return
    if as_json:
        chunks = json_list_chunks(json_texts) if json_texts is not None else due_json_chunks(items, today)
        write = getattr(out, "write_shown", out.write)  # escaped already (json_parts): not looked through again
        for chunk in chunks:  # a big list is printed in pieces
            write(chunk)
        out.write("\n")
    else:
        out.write("\n".join(render(style, items, today)) + "\n")
    out.flush()


def filter_items(items: list[DueItem], kinds: tuple[str, ...], tiers: tuple[str, ...], tags: tuple[str, ...],
                 tags_of: dict[str, frozenset[str]]) -> list[DueItem]:
    if kinds:
        items = [i for i in items if i.kind in kinds]
    if tiers:
        from relnotes.core.settings import DEFAULT_TIER

        items = [i for i in items if (i.tier or DEFAULT_TIER) in tiers]
    if tags:
        wanted = {t.lstrip("#").casefold() for t in tags}
        items = [i for i in items if wanted & tags_of.get(i.file, frozenset())]
    return items


def render(style: Style, items: Shown, today: date) -> list[str]:
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
        rows = [[i.contact, i.kind, days_phrase((today - i.due).days), i.reason] for i in group]
        lines.extend(fit(row, columns) for row in table(rows))
    return lines

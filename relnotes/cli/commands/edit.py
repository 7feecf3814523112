"""Editing commands: log, done, snooze, tier, promise. Each changes only the lines it means to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import after_write, commit_option, pass_app
from relnotes.cli.params import DATE, DATE_OR_DURATION, TIER, TIER_NAMES, vault_options
from relnotes.core.dates import Duration
from relnotes.core.logcheck import unknown_kind
from relnotes.core.resolve import resolve_contact, resolve_contact_or_event
from relnotes.vault import changes as edits


def _write(app: App, make: Callable[[], edits.Change], commit: bool | None) -> None:
    """Make the change and write it, the note locked from its reading to its writing."""
    with edits.editing():
        change = make()
        written = edits.apply(change, app.config.root)
    if written:
        click.echo(f"{change.path.relative_to(app.config.root)}: {change.message}")
        after_write(app, [change.path], change.message, commit)
    else:
        click.echo(f"{change.path.relative_to(app.config.root)}: unchanged")


@click.command()
@click.argument("contact")
@click.argument("kind")
@click.argument("text", nargs=-1, metavar="TEXT...")
@click.option("--date", "when", type=DATE, default=None, help="The day it happened [default: today].")
@click.option("--gave", default=None, is_flag=False, flag_value="", metavar="[TYPE]",
              help="You gave something of value (#gave/TYPE), e.g. intro, insight.")
@click.option("--got", default=None, is_flag=False, flag_value="", metavar="[TYPE]",
              help="You received something of value (#got/TYPE), e.g. referral.")
@commit_option
@vault_options
@pass_app
def log(app: App, contact: str, kind: str, text: tuple[str, ...], when: date | None, gave: str | None,
        got: str | None, commit: bool | None) -> None:
    """Add a line to a contact's Log: KIND is sent, received, call, meeting, met, note…"""
    words, gave, got = _value_tags(" ".join(text), gave, got)
    found = resolve_contact(app.index, contact)
    _write(app, lambda: edits.log(app.config, found, kind, words, when or app.today, gave, got), commit)
    unknown = unknown_kind(kind, app.config)
    if unknown is not None:
        click.echo(f"warning: {unknown}", err=True)


def _value_tags(text: str, gave: str | None, got: str | None) -> tuple[str, str | None, str | None]:
    """Sort out what ``--gave``/``--got`` took: a TYPE is one word; anything else is the TEXT.

    ``--gave "the podcast link"`` with no other text is the text, with a bare ``#gave``.
    """
    tags = {"gave": gave, "got": got}
    for name, value in tags.items():
        if value and not edits.TYPE.match(value):
            if text.strip():
                raise click.UsageError(f"--{name} took {value!r} as its TYPE, which must be one word (intro, "
                                       f"insight…); for a bare #{name}, write --{name}= or put --{name} last")
            text, tags[name] = value, ""
    if not text.strip():
        took = next((f" (--{n} took {v!r} as its TYPE; write --{n}= for a bare #{n})"
                     for n, v in tags.items() if v), "")
        raise click.UsageError(f"Missing argument 'TEXT...': what happened{took}.")
    return text, tags["gave"], tags["got"]


@click.command()
@click.argument("contact")
@click.argument("task", nargs=-1)
@commit_option
@vault_options
@pass_app
def done(app: App, contact: str, task: tuple[str, ...], commit: bool | None) -> None:
    """Tick off a promise (TASK: part of its text), or the contact's most urgent one / follow_up.

    CONTACT may also be an event, for the event's own tasks.
    """
    if task and not " ".join(task).strip():  # `done jane ""`: a slip, not "the most urgent one"
        raise click.UsageError("TASK is empty: give part of the task's text, or leave it out for the most urgent")
    found = resolve_contact_or_event(app.index, contact)
    _write(app, lambda: edits.done(app.config, found, " ".join(task) or None, app.today), commit)


@click.command()
@click.argument("contact")
@click.argument("until", type=DATE_OR_DURATION, required=False)
@click.option("--clear", is_flag=True, help="Remove the snooze (snooze_until:) instead.")
@commit_option
@vault_options
@pass_app
def snooze(app: App, contact: str, until: date | Duration | None, clear: bool, commit: bool | None) -> None:
    """Hide a contact's items until a date (YYYY-MM-DD, fri, +2w) or for a while (10d, 2w, 1m)."""
    if clear == (until is not None):
        raise click.UsageError("give either UNTIL or --clear" if clear else "missing UNTIL (or --clear)")
    found = resolve_contact(app.index, contact)
    if until is None:
        _write(app, lambda: edits.clear_snooze(app.config, found), commit)
        return
    day = until.after(app.today) if isinstance(until, Duration) else until
    if day <= app.today:
        when = "today" if day == app.today else f"in the past (today is {app.today})"
        click.echo(f"warning: {day} is {when}, so the snooze hides nothing", err=True)
    _write(app, lambda: edits.snooze(app.config, found, day), commit)


@click.command(help=f"Set a contact's tier: {TIER_NAMES}.")
@click.argument("contact")
@click.argument("tier", type=TIER, metavar="TIER")
@commit_option
@vault_options
@pass_app
def tier(app: App, contact: str, tier: str, commit: bool | None) -> None:
    found = resolve_contact(app.index, contact)
    _write(app, lambda: edits.set_tier(app.config, found, tier.lower()), commit)


@click.command()
@click.argument("contact")
@click.argument("text", nargs=-1, required=True)
@click.option("--due", "due_date", type=DATE, required=True, help="When it is due.")
@click.option("--waiting", is_flag=True, help="Their promise, not yours: you are waiting on them.")
@commit_option
@vault_options
@pass_app
def promise(app: App, contact: str, text: tuple[str, ...], due_date: date, waiting: bool,
            commit: bool | None) -> None:
    """Record a promise as a task line in the contact's note (under Promises)."""
    found = resolve_contact(app.index, contact)
    _write(app, lambda: edits.promise(app.config, found, " ".join(text), due_date, waiting), commit)

"""relnotes edit: open a contact's or an event's note in your editor, then check that note."""

from __future__ import annotations

import os
import sys

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.params import vault_options
from relnotes.core.index import Index, problem_key
from relnotes.core.logcheck import future_problems
from relnotes.core.resolve import resolve_contact_or_event, skipped_notes
from relnotes.errors import ResolveError, UsageError

FALLBACK = "vi"


def editor_command() -> str:
    """$VISUAL, else $EDITOR; on a terminal with neither, vi (said so on stderr); else a refusal."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    if not sys.stdin.isatty():
        raise UsageError("no editor: set $VISUAL or $EDITOR (e.g. export EDITOR=nano) to edit notes")
    click.echo(f"relnotes: neither $VISUAL nor $EDITOR is set; opening {FALLBACK}", err=True)
    return FALLBACK


@click.command()
@click.argument("note", metavar="CONTACT|EVENT")
@vault_options
@pass_app
def edit(app: App, note: str) -> None:
    """Open a contact's or an event's note in $VISUAL/$EDITOR, then check it (exit 1 on problems).

    A note relnotes skips (bad YAML, conflict markers, bytes that are not UTF-8) is opened too:
    editing is how it gets fixed."""
    rel = _note_path(app.index, note)
    command = editor_command()
    path = app.config.root / rel
    try:
        click.edit(filename=str(path), editor=command)
    except click.ClickException as exc:
        raise UsageError(f"{exc.message}; {rel} is as the editor left it") from None
    index = app.reload()
    problems = [p for p in index.problems + future_problems(index.contacts, app.today) if p.file == rel]
    for problem in sorted(problems, key=problem_key):
        click.echo(problem.format())
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {rel}", err=True)
        click.get_current_context().exit(1)
    click.echo(f"{rel}: no problems", err=True)


def _note_path(index: Index, note: str) -> str:
    """The vault path of the contact or event ``note`` names; else of the one skipped note in
    the contact or event folder that answers to it (by path, file name or name)."""
    try:
        return resolve_contact_or_event(index, note).path
    except ResolveError:
        skipped = skipped_notes(index, note)
        if len(skipped) == 1:
            return skipped[0].path
        raise

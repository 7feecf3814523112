"""add and debrief: new notes from templates, never overwriting a file."""

from __future__ import annotations

from datetime import date

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import after_write, commit_option, pass_app
from relnotes.cli.params import AMOUNT, DATE, TIER, TIER_NAMES, vault_options
from relnotes.core.settings import DEFAULT_TIER
from relnotes.errors import ToolError
from relnotes.notes.newnote import (
    ContactSpec,
    DebriefSpec,
    NewNote,
    email_warning,
    linked,
    met_at_link,
    new_contact,
    new_debrief,
    split_people,
)
from relnotes.vault.create import create_all


def _create(app: App, notes: list[NewNote], message: str, edit: bool, commit: bool | None) -> None:
    for note in notes:
        for line in note.warnings:
            click.echo(f"warning: {line}", err=True)
        for line in note.said:
            click.echo(line)
    create_all(app.config.root, [(note.path, note.text) for note in notes])  # all of them, or none
    for note in notes:
        click.echo(f"created {note.path.relative_to(app.config.root)}")
    failed = _edit(app, notes[0]) if edit else None
    after_write(app, [n.path for n in notes], message, commit)
    if failed:
        raise ToolError(failed)


def _edit(app: App, note: NewNote) -> str | None:
    """Open the new note in $VISUAL/$EDITOR; a message when the editor could not be run."""
    try:
        click.edit(filename=str(note.path))
    except click.ClickException as exc:
        rel = note.path.relative_to(app.config.root)
        editor, _, detail = exc.format_message().partition(": Editing failed")
        if detail.lstrip(": "):
            return f"created {rel}, but the editor {editor!r} could not be started ({detail.lstrip(': ')}); " \
                "set $EDITOR, or open the note yourself"
        return f"created {rel}, but the editor {editor!r} ended with an error; open the note yourself"
    return None


@click.command()
@click.argument("name")
@click.option("--email", default=None, help="Their email address.")
@click.option("--company", default=None)
@click.option("--role", default=None)
@click.option("--tier", type=TIER, default=None, help=f"{TIER_NAMES} [default: {DEFAULT_TIER}].")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--met-at", "met_at", default=None, metavar="EVENT", help="The event where you met.")
@click.option("--date", "when", type=DATE, default=None, help="The day you met [default: the event's date, or today].")
@click.option("--edit", is_flag=True, help="Open the new note in $EDITOR.")
@click.option("--force", is_flag=True, help="Add it even if a contact has the same name but for case and accents, "
              "or the same email.")
@commit_option
@vault_options
@pass_app
def add(app: App, name: str, email: str | None, company: str | None, role: str | None, tier: str | None,
        tags: tuple[str, ...], met_at: str | None, when: date | None, edit: bool, force: bool,
        commit: bool | None) -> None:
    """Create a contact note."""
    index = app.index
    link = None
    if met_at:
        link, event, exact = met_at_link(index, met_at)
        if event is None:
            click.echo(f"warning: no event note is called {link!r} yet (relnotes debrief creates one)", err=True)
        elif not exact:
            click.echo(linked(met_at, event.path))
        when = when or (event.date if event else None) or app.today
    warning = email_warning(email)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    spec = ContactSpec(name=name, email=email, company=company, role=role,
                       tier=tier.lower() if tier else None, tags=list(tags), met=when, met_at=link)
    note = new_contact(app.config, index, spec, force=force)
    _create(app, [note], f"add: {spec.name}", edit, commit)


@click.command()
@click.argument("title")
@click.option("--date", "when", type=DATE, default=None, help="The day of the event [default: today].")
@click.option("--purpose", type=click.Choice(["content", "community", "both"]), default=None,
              help="Why you went: to learn (content), to meet people (community), or both.")
@click.option("--format", "fmt", default=None, help="open, managed, educational, peer-group…")
@click.option("--goal", default=None, help="What you meant to get from it.")
@click.option("--people", default="", help='Who you met, comma-separated: "Jane Doe, Priya Raman".')
@click.option("--cost", type=AMOUNT, default=None, help="What it cost.")
@click.option("--hours", type=AMOUNT, default=None, help="Hours it took.")
@click.option("--edit", is_flag=True, help="Open the new debrief in $EDITOR.")
@commit_option
@vault_options
@pass_app
def debrief(app: App, title: str, when: date | None, purpose: str | None, fmt: str | None, goal: str | None,
            people: str, cost: float | None, hours: float | None, edit: bool, commit: bool | None) -> None:
    """Create an event debrief, and a contact note for everyone met who has none.

    In a terminal, without --purpose or --people, it asks why you went, who was worth a
    follow-up, and what each of them needs and offers; Enter skips a question.
    """
    from relnotes.cli import debrief_questions as questions

    index = app.index  # as it was before the new notes: whom the answers are about
    answers = questions.ask_in_terminal(purpose, people)
    if answers is not None:
        purpose, people = answers.purpose, answers.people
    spec = DebriefSpec(title=title, when=when or app.today, purpose=purpose, format=fmt,
                       goal=goal, people=split_people(people), cost=cost, hours=hours)
    event, stubs = new_debrief(app.config, index, spec)
    if answers is not None:
        questions.fill_stubs(answers, index, stubs)
    _create(app, [event, *stubs], f"debrief: {spec.title}", edit, commit)
    if answers is not None:
        edited = questions.record(answers, app.config, index, stubs)
        if edited:
            after_write(app, edited, f"debrief: needs and offers from {spec.title}", commit)

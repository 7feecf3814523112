"""archive / unarchive: a contact's ``status:``, through the safe edit path."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import commit_option, pass_app
from relnotes.cli.commands.edit import _write
from relnotes.cli.params import vault_options
from relnotes.core.resolve import resolve_contact
from relnotes.vault import changes as edits


@click.command()
@click.argument("contact")
@commit_option
@vault_options
@pass_app
def archive(app: App, contact: str, commit: bool | None) -> None:
    """Set a contact's status to archived: only your own promises to them stay due."""
    found = resolve_contact(app.index, contact)
    _write(app, lambda: edits.set_status(app.config, found, "archived", "archive"), commit)


@click.command()
@click.argument("contact")
@commit_option
@vault_options
@pass_app
def unarchive(app: App, contact: str, commit: bool | None) -> None:
    """Set a contact's status back to active."""
    found = resolve_contact(app.index, contact)
    _write(app, lambda: edits.set_status(app.config, found, "active", "unarchive"), commit)

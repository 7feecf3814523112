"""Shell completion through Click's own mechanism: contact names for CONTACT arguments.

bash, zsh and fish ask ``_RELNOTES_COMPLETE=<shell>_complete relnotes …`` (docs/import-export.md
gives the rc-file line for each). Names come from the index, which the cache keeps fast; a vault
that cannot be read completes nothing rather than printing an error into the shell.
"""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem

CONTACT_ARGUMENTS = frozenset({"contact", "first", "second"})


def complete_contact(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Contact names (and aliases) that start with what was typed, case-insensitively, sorted."""
    from relnotes.cli.app import App

    app = ctx.find_object(App)
    if app is None:
        return []
    try:
        contacts = app.index.contacts
    except Exception:  # completion must never break the shell
        return []
    typed = incomplete.casefold()
    names = {n for c in contacts for n in (c.name, *c.aliases) if n.casefold().startswith(typed)}
    return [CompletionItem(name) for name in sorted(names, key=str.casefold)]


def with_completion(command: click.Command) -> click.Command:
    """``command`` with contact completion on its CONTACT, FIRST and SECOND arguments."""
    for param in command.params:
        if isinstance(param, click.Argument) and param.name in CONTACT_ARGUMENTS \
                and param._custom_shell_complete is None:
            param._custom_shell_complete = complete_contact
    return command

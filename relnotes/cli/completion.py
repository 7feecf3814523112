"""Shell completion through Click's own mechanism: contact names for CONTACT arguments, tags, kinds.

bash, zsh and fish ask ``_RELNOTES_COMPLETE=<shell>_complete relnotes …`` (docs/import-export.md
gives the rc-file line for each). Names come from the index, which the cache keeps fast; a vault
that cannot be read completes nothing rather than printing an error into the shell.
"""

from __future__ import annotations

import contextlib

import click
from click.shell_completion import CompletionItem

CONTACT_ARGUMENTS = frozenset({"contact", "first", "second", "keep", "other", "note"})
KIND_ARGUMENTS = frozenset({"kind"})  # log CONTACT KIND TEXT


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


def complete_tag(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The vault's contact tags (``#`` optional, any letter case), sorted."""
    from relnotes.cli.app import App

    app = ctx.find_object(App)
    if app is None:
        return []
    try:
        contacts = app.index.contacts
    except Exception:  # completion must never break the shell
        return []
    typed = incomplete.lstrip("#").casefold()
    tags = {t.lstrip("#") for c in contacts for t in c.tags if t.lstrip("#").casefold().startswith(typed)}
    return [CompletionItem(tag) for tag in sorted(tags, key=str.casefold)]


def complete_kind(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The log kinds relnotes knows (SPEC 2.3, and the vault's ``extra_log_kinds``), for ``log``'s KIND."""
    from relnotes.cli.app import App
    from relnotes.core.logcheck import KNOWN_KINDS, known_kinds

    kinds: tuple[str, ...] = KNOWN_KINDS
    app = ctx.find_object(App)
    with contextlib.suppress(Exception):  # no vault here: the built-in kinds still complete
        kinds = known_kinds(app.config) if app is not None else kinds
    return [CompletionItem(kind) for kind in kinds if kind.startswith(incomplete.lower())]


def with_completion(command: click.Command) -> click.Command:
    """``command`` with contact names on its CONTACT, FIRST, SECOND, KEEP, OTHER and NOTE arguments,
    log kinds on KIND and the vault's tags on ``--tag`` (a group's subcommands too)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            with_completion(sub)
    for param in command.params:
        if param._custom_shell_complete is not None:
            continue
        if isinstance(param, click.Option) and "--tag" in param.opts:
            param._custom_shell_complete = complete_tag
        elif not isinstance(param, click.Argument):
            continue
        elif param.name in CONTACT_ARGUMENTS:
            param._custom_shell_complete = complete_contact
        elif param.name in KIND_ARGUMENTS:
            param._custom_shell_complete = complete_kind
    return command

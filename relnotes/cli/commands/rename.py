"""relnotes rename: a contact's file, name and every reference to it, in one go."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import after_write, commit_option, pass_app
from relnotes.cli.params import vault_options
from relnotes.core.resolve import resolve_contact
from relnotes.vault import changes as edits
from relnotes.vault import rename as renaming


def print_diff(lines: list[tuple[str, int, str, str]]) -> None:
    for rel, n, sign, line in lines:
        click.echo(f"{rel}:{n}: {sign} {line}")


@click.command()
@click.argument("contact")
@click.argument("new_name")
@click.option("--dry-run", is_flag=True, help="Show every file and line it would change; change nothing.")
@commit_option
@vault_options
@pass_app
def rename(app: App, contact: str, new_name: str, dry_run: bool, commit: bool | None) -> None:
    """Rename a contact: file, name: (the old name kept in aliases) and every reference to it."""
    found = resolve_contact(app.index, contact)
    root = app.config.root
    with edits.editing():
        plan = renaming.plan(app.config, app.index, found, new_name)
        for rel in plan.unreadable:
            click.echo(f"warning: {rel}: not searched for references (its front matter is not closed)", err=True)
        if dry_run:
            if plan.new_rel != found.path:
                click.echo(f"would move {found.path} to {plan.new_rel}")
            print_diff(plan.diff(root))
            return
        paths = renaming.carry_out(plan, root)
    for change in plan.others:
        click.echo(f"{change.path.relative_to(root).as_posix()}: references updated")
    click.echo(f"{found.path} -> {plan.new_rel}: {plan.own.message}")
    after_write(app, paths, plan.own.message, commit)


@click.command()
@click.argument("keep")
@click.argument("other")
@click.option("--dry-run", is_flag=True, help="Show the merged note's changes and the rest; change nothing.")
@commit_option
@vault_options
@pass_app
def merge(app: App, keep: str, other: str, dry_run: bool, commit: bool | None) -> None:
    """Merge OTHER's note into KEEP's (one person, two notes); OTHER goes to .trash/."""
    kept, gone = resolve_contact(app.index, keep), resolve_contact(app.index, other)
    root = app.config.root
    with edits.editing():
        plan = renaming.plan_merge(app.config, app.index, kept, gone)
        for rel in plan.unreadable:
            click.echo(f"warning: {rel}: not searched for references (its front matter is not closed)", err=True)
        if dry_run:
            print_diff(plan.diff(root))
            click.echo(f"would move {gone.path} to {plan.trash_rel}")
        else:
            paths = renaming.carry_out_merge(plan, root)
    for line in plan.conflicts:
        click.echo(f"conflict: {line}", err=True)
    if dry_run:
        return
    for change in plan.others:
        click.echo(f"{change.path.relative_to(root).as_posix()}: references updated")
    click.echo(f"{kept.path}: {plan.own.message}; {gone.path} moved to {plan.trash_rel}")
    after_write(app, paths, plan.own.message, commit)

"""relnotes sync and relnotes merge-driver: a vault in git on several machines."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.output import dumps
from relnotes.cli.params import json_option, vault_options
from relnotes.errors import GitError, UsageError

if TYPE_CHECKING:
    from relnotes.vault.sync import SyncReport


@click.command("merge-driver")
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.argument("path", required=False)
@click.option("--resolve", "resolve_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Retry the merge on a note git left in conflict (from git's index).")
def merge_driver(base: Path | None, ours: Path | None, theirs: Path | None, path: str | None,
                 resolve_file: Path | None) -> None:
    """Merge a note three ways for git: BASE OURS THEIRS PATH are git's %O %A %B %P.

    The result goes over OURS; exit 0 when it is clean, 1 with conflict markers around only
    what conflicts. git runs this for the files .gitattributes marks merge=relnotes
    (relnotes sync --setup).
    """
    from relnotes.vault.sync import driver, resolve

    if resolve_file is not None:
        if base is not None:
            raise click.UsageError("give --resolve FILE or BASE OURS THEIRS PATH, not both")
        done = resolve(resolve_file)
        if done.added:
            click.echo(f"{done.rel}: merged cleanly; staged it (git add) — commit when the merge is done")
            return
        raise GitError(f"{done.rel}: still conflicts in {', '.join(done.merged.conflicts)}; edit those lines, "
                       f"then 'git add {done.rel}'")
    if base is None or ours is None or theirs is None:
        raise click.UsageError("give BASE OURS THEIRS PATH (as git passes %O %A %B %P), or --resolve FILE")
    merged = driver(base, ours, theirs)
    name = path or str(ours)
    if merged is None:
        click.echo(f"relnotes: {name}: not a note relnotes can read; merged line by line", err=True)
        click.get_current_context().exit(1)
    elif merged.hunks:
        click.echo(f"relnotes: {name}: conflict in {', '.join(merged.conflicts)}", err=True)
        click.get_current_context().exit(1)


@click.command()
@click.option("--setup", is_flag=True, help="Register the merge driver in this clone (.gitattributes, git "
              "config) and stop.")
@click.option("-m", "--message", help="The commit message (default: 'relnotes sync: ' and the notes' names).")
@json_option
@vault_options
@pass_app
def sync(app: App, setup: bool, message: str | None, as_json: bool) -> None:
    """Commit changed notes, merge what came in from the upstream, push.

    Refuses when git is missing, the vault is not a repository, the branch has no upstream,
    or a merge is unfinished; a merge that leaves conflicts names each file and what conflicts.
    """
    from relnotes.vault.sync import continue_hint, register
    from relnotes.vault.sync import sync as run_sync

    if setup:
        if message is not None:
            raise UsageError("--setup only registers the merge driver; it commits nothing, so no --message")
        for line in register(app.config) or ["the merge driver is registered already; nothing to do"]:
            click.echo(line)
        return
    report = run_sync(app.config, message)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(dumps(report.to_dict()))
    else:
        _print(report)
    if report.conflicts:
        raise GitError(continue_hint(report))


def _print(report: SyncReport) -> None:
    if report.committed:
        click.echo(f"committed {report.commit}: {len(report.committed)} file"
                   f"{'s' if len(report.committed) != 1 else ''} ({', '.join(report.committed)})")
    if not report.remote:
        return
    if report.incoming:
        n = len(report.incoming)
        click.echo(f"{n} note{'s' if n != 1 else ''} changed upstream: "
                   + ", ".join(i.shown() for i in report.incoming))
    else:
        click.echo(f"nothing new from {report.remote}")
    if report.pushed:
        click.echo(f"pushed to {report.remote}")

"""Pieces several commands share."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.core.model import Problem

pass_app = click.make_pass_decorator(App)


def warn_problems(problems: list[Problem]) -> None:
    """One warning line per skipped note, and a count of the other problems, on stderr."""
    skipped = [p for p in problems if p.skipped]
    for problem in skipped:
        click.echo(f"warning: {problem.format()}", err=True)
    others = len(problems) - len(skipped)
    if others:
        noun = "problem" if others == 1 else "problems"
        click.echo(f"warning: {others} other {noun} in the vault; run 'relnotes check' to see them", err=True)


def commit_option(f):  # type: ignore[no-untyped-def]
    return click.option("--commit/--no-commit", "commit", default=None,
                        help="Commit the edit with git (default: autocommit in relnotes.toml).")(f)


def after_write(app: App, paths: list, message: str, commit: bool | None) -> None:  # type: ignore[type-arg]
    """What every editing command does once its files are written: commit, refresh the agenda."""
    from relnotes.vault.git import GitError
    from relnotes.vault.git import commit as git_commit

    config = app.config
    wanted = config.autocommit if commit is None else commit
    if wanted:
        try:
            short = git_commit(config.root, list(paths), message)
            click.echo(f"committed {short}: {message}", err=True)
        except GitError as exc:
            if commit:  # asked for explicitly: a failure is an error
                raise
            click.echo(f"warning: {exc.message}", err=True)
    if config.refresh_agenda:
        _refresh_agenda(app)


def _refresh_agenda(app: App) -> None:
    try:
        from relnotes.agenda.file import refresh_if_configured
    except ImportError:  # pragma: no cover - the agenda module ships with relnotes
        return
    written = refresh_if_configured(app.config, app.reload(), app.today)
    if written is not None:
        click.echo(f"agenda: {written}", err=True)

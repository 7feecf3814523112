"""Pieces several commands share."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.cli.problems import problems_line, warn_problems

pass_app = click.make_pass_decorator(App)
__all__ = ["pass_app", "problems_line", "warn_problems"]


def commit_option(f):  # type: ignore[no-untyped-def]
    return click.option("--commit/--no-commit", "commit", default=None,
                        help="Commit the edit with git (default: autocommit in relnotes.toml).")(f)


def after_write(app: App, paths: list, message: str, commit: bool | None) -> None:  # type: ignore[type-arg]
    """What every editing command does once its files are written: commit, refresh the agenda."""
    from relnotes.errors import GitError
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

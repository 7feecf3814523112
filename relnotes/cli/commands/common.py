"""Pieces several commands share."""

from __future__ import annotations

import click

from relnotes.cli.app import App
from relnotes.core.model import Problem

pass_app = click.make_pass_decorator(App)


def warn_problems(problems: list[Problem]) -> None:
    """At most one warning line on stderr about the vault's problems, pointing at ``relnotes check``.

    A single skipped note is named with its problem; more are counted, naming the first
    three files; the other problems (a bad field, a dangling link) are only counted.
    """
    line = problems_line(problems)
    if line:
        click.echo(f"warning: {line}", err=True)


def problems_line(problems: list[Problem], shown: int = 3) -> str | None:
    skipped = sorted({p.file for p in problems if p.skipped})
    others = sum(1 for p in problems if not p.skipped)
    if len(skipped) == 1 and not others:
        return next(p.format() for p in problems if p.skipped)
    parts = []
    if skipped:
        files = ", ".join(skipped[:shown]) + (f" and {len(skipped) - shown} more" if len(skipped) > shown else "")
        parts.append(f"{_count(len(skipped), 'note')} {'is' if len(skipped) == 1 else 'are'} skipped ({files})")
    if others:
        parts.append(f"{_count(others, 'other problem' if skipped else 'problem')} in the vault")
    return "; ".join(parts) + "; run 'relnotes check' to see them" if parts else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


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

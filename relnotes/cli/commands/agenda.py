"""relnotes agenda: write the agenda note into the vault."""

from __future__ import annotations

from pathlib import Path

import click

from relnotes.agenda.build import build_agenda, render
from relnotes.agenda.file import (
    CONFIG_SETTING,
    OUT_OPTION,
    agenda_path,
    agenda_target,
    check_target,
    shown_path,
    update_agenda,
)
from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.output import dumps
from relnotes.cli.params import json_option, vault_options


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write here instead (- for stdout) [default: AGENDA.md at the vault root, or vault.agenda_file].")
@json_option
@vault_options
@pass_app
def agenda(app: App, out: Path | None, as_json: bool) -> None:
    """Write the agenda note: overdue, today, this week, waiting, reviews, problems.

    The file is rewritten only when its content changes, so with nothing changed it keeps
    its bytes and modification time and git shows no diff. A file relnotes did not write,
    a note, or relnotes.toml is never overwritten.
    """
    config = app.config
    if as_json:  # the agenda's content for a status bar or a script; no file is written
        if out is not None:
            raise click.UsageError("--json prints the agenda; it does not go with --out")
        click.echo(dumps(build_agenda(app.index, app.today, config).to_dict()))
        return
    if out == Path("-"):
        click.echo(render(build_agenda(app.index, app.today, config)), nl=False)
        return
    hint = CONFIG_SETTING if out is None else OUT_OPTION
    if out is None:
        path = agenda_path(config)
    else:  # before the index: an --out inside the vault is not read as a note
        path, config = agenda_target(config, out)
        app.use_config(config)
    check_target(path, config, hint)  # before reading the vault: a refusal is quick
    changed, shown = update_agenda(path, app.index, app.today, hint)
    where = shown_path(path, config.root)
    click.echo(f"wrote {where} ({shown.summary()})" if changed else f"{where} unchanged ({shown.summary()})")

"""relnotes watch: keep the agenda current while notes change."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from relnotes.agenda.file import CONFIG_SETTING, OUT_OPTION, agenda_path, agenda_target, check_target, shown_path
from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.params import vault_options

if TYPE_CHECKING:
    from relnotes.agenda.watch import AgendaWatcher


@click.command()
@click.option("--once", is_flag=True, help="Write the agenda once and exit.")
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path), default=None,
              help="Write here instead (- for stdout, again each time it changes) "
                   "[default: AGENDA.md at the vault root, or vault.agenda_file].")
@click.option("--poll", is_flag=True, help="Poll the disk instead of OS events (network and synced drives).")
@click.option("--timings", is_flag=True, help="Add how long each regeneration took to its log line.")
@vault_options
@pass_app
def watch(app: App, once: bool, out: Path | None, poll: bool, timings: bool) -> None:
    """Rewrite the agenda whenever a note changes, and at midnight.

    Only the notes that changed are read again. One line per regeneration goes to
    stderr. Ctrl-C stops it. See docs/agenda.md for running it as a background service.
    """
    from relnotes.agenda.watch import AgendaWatcher

    config = app.config
    path: Path | None = None  # --out -: print the agenda instead
    hint = CONFIG_SETTING if out is None else OUT_OPTION
    if out != Path("-"):
        if out is None:
            path = agenda_path(config)
        else:  # an --out inside the vault is not read as a note
            path, config = agenda_target(config, out)
            app.use_config(config)
        check_target(path, config, hint)  # a refused file stops the watch before it starts (exit 2)
    watcher = AgendaWatcher(config, path, today=lambda: app.today, log=lambda line: click.echo(line, err=True),
                            echo=lambda text: click.echo(text, nl=False), hint=hint, timings=timings,
                            use_cache=app.use_cache)
    if once:
        watcher.start()
        return
    where = "printing the agenda to stdout" if path is None else f"writing {shown_path(path, config.root)}"
    click.echo(f"watching {config.root}, {where} (Ctrl-C to stop)", err=True)
    try:
        _run(watcher, poll, app.debug)
    except BrokenPipeError:  # --out - into a pipe whose reader has gone (`| head`): stop quietly
        _drop_stdout()


def _run(watcher: AgendaWatcher, poll: bool, debug: bool) -> None:
    from relnotes.agenda.watch import Watch

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is a Ctrl-C
    try:
        Watch(watcher, poll=poll, debug=debug).run()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so the unflushed rest does not fail again at exit (Python's advice)."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt

"""relnotes watch: keep the agenda current while notes change."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

import click

from ..agenda import agenda_path
from ..app import App
from ..params import vault_options
from .agenda import display
from .common import pass_app


@click.command()
@click.option("--once", is_flag=True, help="Write the agenda once and exit.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here instead [default: AGENDA.md at the vault root, or vault.agenda_file].")
@click.option("--poll", is_flag=True, help="Poll the disk instead of OS events (network and synced drives).")
@vault_options
@pass_app
def watch(app: App, once: bool, out: Path | None, poll: bool) -> None:
    """Rewrite the agenda whenever a note changes, and at midnight.

    Only the notes that changed are read again. One line per regeneration goes to
    stderr. Ctrl-C stops it. See docs/agenda.md for running it as a background service.
    """
    from ..watch import AgendaWatcher, Watch  # watchdog loads only here

    config = app.config
    path = agenda_path(config, out)
    watcher = AgendaWatcher(config, path, today=lambda: app.today, log=lambda line: click.echo(line, err=True))
    if once:
        watcher.start()
        return
    click.echo(f"watching {config.root}, writing {display(path, config.root)} (Ctrl-C to stop)", err=True)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is a Ctrl-C
    try:
        Watch(watcher, poll=poll, debug=app.debug).run()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt

"""relnotes init: a new vault."""

from __future__ import annotations

import os
from pathlib import Path

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.params import vault_options
from relnotes.errors import WriteError
from relnotes.vault.create import not_a_folder
from relnotes.vault.newvault import init_vault


@click.command()
@click.argument("path", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--sample", is_flag=True, help="Fill it with the sample vault, to try relnotes out.")
@vault_options
@pass_app
def init(app: App, path: Path | None, sample: bool) -> None:
    """Create a vault: relnotes.toml, contacts/, events/ and a .gitignore for the cache.

    The vault goes into PATH, else where --vault or $RELNOTES_VAULT says, else into the
    current folder. PATH and a different --vault together are an error.
    """
    target = _target(path, app.vault_opt)
    absolute = Path(os.path.abspath(target))
    blocked = not_a_folder(Path(absolute.anchor), absolute)
    if blocked is not None:
        raise WriteError(f"{blocked} is a file, not a folder; nothing was changed")
    try:
        lines = init_vault(target, sample=sample)
    except OSError as exc:
        raise WriteError(f"cannot create the vault in {target}: {exc.strerror or exc}") from exc
    from relnotes.vault.sync import register_if_repository

    for line in lines + register_if_repository(target):
        click.echo(line)
    click.echo(f"Next: relnotes --vault {target} add \"Jane Doe\" --met-at \"Some Event\"", err=True)


def _target(path: Path | None, vault_opt: str | None) -> Path:
    """PATH, else --vault, else $RELNOTES_VAULT, else "."; PATH and a different --vault clash."""
    if path is not None:
        if vault_opt and Path(vault_opt).expanduser().resolve() != path.expanduser().resolve():
            raise click.UsageError(f"PATH {str(path)!r} and --vault {vault_opt!r} name different folders; give one")
        return path.expanduser()
    chosen = vault_opt or os.environ.get("RELNOTES_VAULT") or "."
    return Path(chosen).expanduser()

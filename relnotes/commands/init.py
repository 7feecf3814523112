"""relnotes init: a new vault."""

from __future__ import annotations

from pathlib import Path

import click

from ..initvault import init_vault


@click.command()
@click.argument("path", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--sample", is_flag=True, help="Fill it with the sample vault, to try relnotes out.")
def init(path: Path, sample: bool) -> None:
    """Create a vault: relnotes.toml, contacts/, events/ and a .gitignore for the cache."""
    for line in init_vault(path, sample=sample):
        click.echo(line)
    click.echo(f"Next: relnotes --vault {path} add \"Jane Doe\" --met-at \"Some Event\"", err=True)

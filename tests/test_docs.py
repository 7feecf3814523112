"""Every command has help text and is in the CLI reference, with every option it takes."""

from __future__ import annotations

import re

import click
import pytest

from conftest import ROOT, invoke
from relnotes.cli.group import cli

REFERENCE = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
GLOBAL = {"--vault", "--today", "--help", "--json"}


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    found = []
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        found.append((name, command))
    return found


def _section(name: str) -> str:
    m = re.search(rf"^### relnotes {re.escape(name)}\n(.*?)(?=^##)", REFERENCE + "\n##", re.S | re.M)
    assert m, f"docs/cli.md has no '### relnotes {name}' section"
    return m[1]


@pytest.mark.parametrize("name, command", _commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_command_is_documented_with_its_options(name, command):
    assert (command.help or "").strip(), f"{name} has no help text"
    section = _section(name)
    assert "```console" in section, f"{name}: no example in docs/cli.md"
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--") and opt not in GLOBAL:
                assert opt in section, f"{name}: option {opt} is not in docs/cli.md"


def test_every_command_answers_help(runner):
    for name, _ in _commands():
        result = invoke(runner, name, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout, name


def test_docs_links_resolve():
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#]+?\.md)\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name} links to missing {target}"

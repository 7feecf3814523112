"""docs/cli.md shows every import/export subcommand and option in an example; import-export.md
documents every format and the rc line for each shell."""

from __future__ import annotations

import re

import click
import pytest

from relnotes.cli.group import cli
from tests.conftest import ROOT

CLI_MD = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
GUIDE = (ROOT / "docs" / "import-export.md").read_text(encoding="utf-8")
GLOBAL = {"--vault", "--today", "--help"}


def section(name: str) -> str:
    m = re.search(rf"^### relnotes {name}\n(.*?)(?=^##)", CLI_MD + "\n##", re.S | re.M)
    assert m, name
    return m[1]


def examples(text: str) -> str:
    return "\n".join(re.findall(r"```console\n(.*?)```", text, re.S))


@pytest.mark.parametrize("group", ["import", "export"])
def test_every_subcommand_and_option_is_in_an_example(group: str) -> None:
    command = cli.get_command(click.Context(cli), group)
    assert isinstance(command, click.Group)
    shown = examples(section(group))
    for name, sub in command.commands.items():
        assert f"relnotes {group} {name} " in shown, f"{group} {name}: no example"
        for param in sub.params:
            for opt in param.opts:
                if opt.startswith("-") and opt not in GLOBAL:
                    assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", shown), f"{group} {name}: {opt}"
            for opt in param.secondary_opts:
                assert opt in shown, f"{group} {name}: {opt}"


def test_the_guide_covers_every_format_and_shell() -> None:
    for heading in ("## Merge rules", "## vCard (`import vcard`)", "## LinkedIn (`import linkedin Connections.csv`)",
                    "## CSV (`import csv FILE [--map key=column …]`)", "## Exports", "## Shell completion"):
        assert heading in GUIDE, heading
    for shell in ("bash", "zsh", "fish"):
        line = f"_RELNOTES_COMPLETE={shell}_source relnotes"
        assert line in GUIDE and line in examples(CLI_MD), shell


def test_json_md_shows_every_key_export_json_writes(runner, vault) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.conftest import invoke

    doc = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
    m = re.search(r"## `relnotes export json`.*?```json\n(.*?)```", doc, re.S)
    assert m
    shown = json.loads(m[1])
    data = json.loads(invoke(runner, "export", "json", vault=vault).stdout)
    assert set(data) == set(shown)
    assert all(set(c) == set(shown["contacts"][0]) for c in data["contacts"])
    assert all(set(e) == set(shown["events"][0]) for e in data["events"])

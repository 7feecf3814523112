"""Shared fixtures: real vaults on disk and the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from relnotes.cli.group import cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample-vault"
SAMPLE_TODAY = "2026-11-23"
SHARED = ROOT.parent / "shared"
REAL_FIXTURES = SHARED / "fixtures" / "real"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    """A CliRunner with an isolated environment: no vault, today, editor or colour from outside."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("RELNOTES_VAULT", "RELNOTES_TODAY", "EDITOR", "VISUAL", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    return CliRunner()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A copy of sample-vault/ in a temporary folder."""
    dest = tmp_path / "vault"
    shutil.copytree(SAMPLE, dest)
    return dest


class VaultBuilder:
    """Writes notes into an empty temporary vault: ``v.contact("Jane Doe", "tier: ally", body)``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "contacts").mkdir(parents=True)
        (root / "events").mkdir()

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def contact(self, name: str, front: str = "", body: str = "") -> Path:
        lines = ["---", f"name: {name}"]
        if front.strip():
            lines.append(textwrap.dedent(front).strip("\n"))
        lines += ["---", "", textwrap.dedent(body).strip("\n")]
        return self.write(f"contacts/{name}.md", "\n".join(lines) + "\n")

    def event(self, title: str, front: str, body: str = "") -> Path:
        front = textwrap.dedent(front).strip("\n")
        body = textwrap.dedent(body).strip("\n")
        return self.write(f"events/{title}.md", f"---\ntitle: {title}\n{front}\n---\n\n{body}\n")


@pytest.fixture
def make_vault(tmp_path: Path) -> VaultBuilder:
    return VaultBuilder(tmp_path / "v")


def invoke(runner: CliRunner, *args: str, vault: Path | None = None, today: str | None = None,
           input: str | None = None) -> Result:
    argv: list[str] = []
    if vault is not None:
        argv += ["--vault", str(vault)]
    if today is not None:
        argv += ["--today", today]
    return runner.invoke(cli, argv + list(args), input=input, catch_exceptions=False)


@pytest.fixture
def due_json(runner: CliRunner) -> Callable[..., list[dict[str, Any]]]:
    def run(vault: Path, today: str, *args: str) -> list[dict[str, Any]]:
        result = invoke(runner, "due", "--json", *args, vault=vault, today=today)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


def kinds(items: list[dict[str, Any]], contact: str | None = None) -> list[tuple[str, str, str]]:
    """(contact, kind, due) triples, optionally for one contact."""
    return [(i["contact"], i["kind"], i["due"]) for i in items if contact is None or i["contact"] == contact]


def read_terminal(leader: int) -> bytes:
    """Everything written to a pseudo-terminal whose other end is closed; closes ``leader``."""
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # EIO: the other end is closed and all is read
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return b"".join(chunks)


def plant_reason(conn: Any, text: str, where: str, params: tuple[Any, ...] = ()) -> int:
    """Give stored item rows another reason, in the reason column (the list is made from it)
    and in the stored JSON (``due --json`` writes it): a proof an answer came from the cache.
    The number of rows changed."""
    return int(conn.execute(
        "UPDATE items SET reason = ?, json_rest = substr(json_rest, 1, instr(json_rest, '\"reason\": ') + 9) || ?"
        f" || substr(json_rest, instr(json_rest, ',' || char(10) || '    \"tier\": ')) WHERE {where}",
        (text, json.dumps(text, ensure_ascii=False), *params)).rowcount)

"""relnotes init."""

from __future__ import annotations

import json

from conftest import SAMPLE, invoke
from relnotes.cli.group import cli


def test_init_creates_a_vault(runner, tmp_path):
    root = tmp_path / "network"
    result = invoke(runner, "init", str(root))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "created relnotes.toml", "created contacts/", "created events/", "created .gitignore"]
    assert (root / ".gitignore").read_text().splitlines()[-1] == ".relnotes/"
    assert (root / "relnotes.toml").read_text().startswith("# relnotes configuration.")
    check = invoke(runner, "check", vault=root)
    assert (check.exit_code, check.stdout) == (0, "")


def test_init_refuses_an_existing_vault_and_keeps_gitignore(runner, tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".gitignore").write_text("*.swp")
    assert invoke(runner, "init", str(root)).stdout.splitlines()[-1] == "updated .gitignore"
    assert (root / ".gitignore").read_text() == "*.swp\n.relnotes/\n"
    (root / "relnotes.toml").write_text("# mine\n")
    again = invoke(runner, "init", str(root))
    assert again.exit_code == 2
    assert again.stderr == f"relnotes: {root / 'relnotes.toml'} already exists: this is a vault already; nothing was changed\n"
    assert (root / "relnotes.toml").read_text() == "# mine\n"


def test_init_sample_copies_the_sample_vault(runner, tmp_path):
    root = tmp_path / "demo"
    result = invoke(runner, "init", str(root), "--sample")
    assert result.exit_code == 0
    expected = sorted(p.relative_to(SAMPLE).as_posix() for p in SAMPLE.rglob("*")
                      if p.is_file() and ".relnotes" not in p.parts)
    copied = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != ".gitignore")
    assert copied == expected
    due = invoke(runner, "due", "--json", vault=root, today="2026-11-23")
    assert len(json.loads(due.stdout)) > 0


def test_init_sample_never_overwrites(runner, tmp_path):
    root = tmp_path / "demo"
    (root / "contacts").mkdir(parents=True)
    victim = next(p for p in (SAMPLE / "contacts").iterdir())
    (root / "contacts" / victim.name).write_text("mine")
    result = invoke(runner, "init", str(root), "--sample")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert (root / "contacts" / victim.name).read_text() == "mine"
    assert not (root / "relnotes.toml").exists()


CREATED = ["created relnotes.toml", "created contacts/", "created events/", "created .gitignore"]


def test_init_honours_the_groups_and_its_own_vault_option(runner, tmp_path):
    home = tmp_path / "home"  # the working directory
    for args, target in ((["--vault", str(tmp_path / "x" / "target"), "init"], tmp_path / "x" / "target"),
                         (["init", "--vault", str(tmp_path / "y")], tmp_path / "y")):
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert (result.exit_code, result.stdout.splitlines()) == (0, CREATED), result.stderr
        assert (target / "relnotes.toml").is_file() and (target / "contacts").is_dir()
        assert f"relnotes --vault {target} add" in result.stderr
    assert list(home.iterdir()) == []  # nothing in the working directory


def test_init_honours_relnotes_vault_but_path_wins(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("RELNOTES_VAULT", str(tmp_path / "from-env"))
    assert invoke(runner, "init").stdout.splitlines() == CREATED
    assert (tmp_path / "from-env" / "relnotes.toml").is_file()
    assert invoke(runner, "init", str(tmp_path / "given")).exit_code == 0
    assert (tmp_path / "given" / "relnotes.toml").is_file()
    assert not (tmp_path / "home" / "relnotes.toml").exists()


def test_init_path_and_a_different_vault_is_a_usage_error(runner, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    result = invoke(runner, "init", str(a), vault=b)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: PATH {str(a)!r} and --vault {str(b)!r} name different folders; give one")
    assert not a.exists() and not b.exists()
    same = invoke(runner, "init", str(a), "--vault", str(tmp_path / "." / "a"))
    assert (same.exit_code, same.stdout.splitlines()) == (0, CREATED)


def test_init_help_shows_the_vault_options(runner):
    result = invoke(runner, "init", "--help")
    assert "--vault DIRECTORY" in result.stdout and "--today YYYY-MM-DD" in result.stdout
    assert "[OPTIONS] [PATH]" in result.stdout

"""Shell completion through Click's API: contact names for CONTACT arguments, tiers and kinds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import BashComplete, FishComplete, ZshComplete

from relnotes.cli.app import App
from relnotes.cli.group import cli
from tests.conftest import VaultBuilder


def complete(args: list[str], incomplete: str, shell: type = BashComplete) -> list[str]:
    comp = shell(cli, {"obj": App()}, "relnotes", "_RELNOTES_COMPLETE")
    return [item.value for item in comp.get_completions(args, incomplete)]


@pytest.fixture
def people(make_vault: VaultBuilder) -> Path:
    make_vault.contact("Jane Doe", "aliases: [JD]")
    make_vault.contact("jack Smith")
    make_vault.contact("Priya Raman")
    return make_vault.root


@pytest.mark.parametrize("shell", [BashComplete, ZshComplete, FishComplete])
def test_contact_names_complete(people: Path, shell: type) -> None:
    assert complete(["--vault", str(people), "show"], "j", shell) == ["jack Smith", "Jane Doe", "JD"]
    assert complete(["--vault", str(people), "log"], "Pri", shell) == ["Priya Raman"]


def test_every_contact_argument_completes(people: Path) -> None:
    for command in (["show"], ["log"], ["snooze"], ["tier"], ["promise"], ["review"], ["prep"], ["intro"],
                    ["intro", "Jane Doe"]):
        assert complete(["--vault", str(people), *command], "Jan") == ["Jane Doe"], command


def test_tiers_and_kinds_complete(people: Path) -> None:
    assert complete(["--vault", str(people), "due", "--tier"], "") == ["ally", "strategic", "active", "casual"]
    assert "keep-in-touch" in complete(["--vault", str(people), "due", "--kind"], "")


def test_no_vault_completes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELNOTES_VAULT", raising=False)
    assert complete(["show"], "J") == []


def test_through_the_environment_as_a_shell_calls_it(people: Path) -> None:
    env = {**os.environ, "_RELNOTES_COMPLETE": "bash_complete", "COMP_WORDS": f"relnotes --vault {people} show Jan",
           "COMP_CWORD": "4"}
    done = subprocess.run([sys.executable, "-c", "from relnotes.entry import main; main()"], env=env, capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "plain,Jane Doe\n", "")
    source = subprocess.run([sys.executable, "-c", "from relnotes.entry import main; main()"], capture_output=True, text=True, check=False,
                            env={**os.environ, "_RELNOTES_COMPLETE": "zsh_source"})
    assert source.returncode == 0 and "#compdef relnotes" in source.stdout


def test_log_kinds_merge_edit_and_tags_complete(people: Path) -> None:
    root = people
    (root / "relnotes.toml").write_text('[rules]\nextra_log_kinds = ["coffee"]\n', encoding="utf-8")
    assert complete(["--vault", str(root), "log", "Jane Doe"], "") == ["met", "sent", "received", "call", "meeting",
                                                                      "note", "review", "coffee"]
    assert complete(["--vault", str(root), "log", "Jane Doe"], "RE") == ["received", "review"]
    assert complete(["--vault", str(root), "merge"], "ja") == ["jack Smith", "Jane Doe"]
    assert complete(["--vault", str(root), "merge", "Jane Doe"], "pr") == ["Priya Raman"]
    assert complete(["--vault", str(root), "edit"], "JD") == ["JD"]
    (root / "contacts" / "Priya Raman.md").write_text("---\nname: Priya Raman\ntags: [fintech, '#Founder']\n---\n",
                                                      encoding="utf-8")
    for command in (["export", "vcard"], ["export", "csv"], ["due"], ["ls"]):
        assert complete(["--vault", str(root), *command, "--tag"], "") == ["fintech", "Founder"], command
    assert complete(["--vault", str(root), "export", "vcard", "--tag"], "#f") == ["fintech", "Founder"]
    assert complete(["--vault", str(root), "import"], "") == ["csv", "linkedin", "vcard"]


def test_names_come_from_the_warm_cache_without_reading_the_notes(people: Path) -> None:
    """Once the cache is warm, completion opens no note: a note swapped in the cache (Priya's row
    holding another contact's parsed note) completes as the cache knows it, not as the file says."""
    import sqlite3

    for path in (people / "contacts").glob("*.md"):  # written an hour ago: not "racy" for the cache
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 3600 * 10**9))
    assert complete(["--vault", str(people), "show"], "Pri") == ["Priya Raman"]  # warms the cache
    cache = people / ".relnotes" / "cache.sqlite"
    conn = sqlite3.connect(cache)
    try:
        (other,) = conn.execute("SELECT path FROM notes WHERE path LIKE 'contacts/%' AND path != "
                                "'contacts/Priya Raman.md' ORDER BY path LIMIT 1").fetchone()
        conn.execute("UPDATE notes SET data = (SELECT data FROM notes WHERE path = ?)"
                     " WHERE path = 'contacts/Priya Raman.md'", (other,))
        conn.commit()
    finally:
        conn.close()
    assert complete(["--vault", str(people), "show"], "Pri") == []
    assert (people / "contacts" / "Priya Raman.md").is_file()


@pytest.mark.parametrize("shell, words, cword, expected", [  # the variables each shell's script sets
    ("zsh", "relnotes --vault {v} show Jan", "4", "plain\nJane Doe\n_\n"),
    ("fish", "relnotes --vault {v} show Jan", "Jan", "plain,Jane Doe\n"),  # fish passes the word itself
    ("bash", "relnotes --vault {v} log 'Jane Doe' ca", "5", "plain,call\n"),
    ("bash", "relnotes --vault {v} export ics --wi", "5", "plain,--within\n"),
])
def test_each_shell_through_the_environment(people: Path, shell: str, words: str, cword: str,
                                            expected: str) -> None:
    env = {**os.environ, "_RELNOTES_COMPLETE": f"{shell}_complete", "COMP_WORDS": words.format(v=people),
           "COMP_CWORD": cword}
    done = subprocess.run([sys.executable, "-c", "from relnotes.entry import main; main()"], env=env,
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef relnotes"),
                                           ("fish", "complete --no-files --command relnotes")])
def test_each_shell_gets_its_script(shell: str, marker: str) -> None:
    done = subprocess.run([sys.executable, "-c", "from relnotes.entry import main; main()"], capture_output=True,
                          text=True, check=False, env={**os.environ, "_RELNOTES_COMPLETE": f"{shell}_source"})
    assert done.returncode == 0 and marker in done.stdout


@pytest.mark.parametrize("shell, missing", [("bash", "COMP_CWORD"), ("fish", "COMP_CWORD"), ("zsh", "COMP_WORDS")])
def test_completion_run_by_hand_says_what_it_needs(shell: str, missing: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMP_")}
    env["_RELNOTES_COMPLETE"] = f"{shell}_complete"
    if shell != "zsh":
        env["COMP_WORDS"] = "relnotes show Jan"
    done = subprocess.run([sys.executable, "-c", "from relnotes.entry import main; main()"], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (f"relnotes: shell completion needs ${missing}, which the shell's completion script sets; "
                           "add the line for your shell from 'Shell completion' in docs/cli.md to its rc file\n")

"""relnotes sync with real git: a bare repository and two clones, edited apart, synced both ways."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import invoke

JANE = """\
---
name: Jane Doe
tier: active
company: Acme
---

First paragraph about Jane.

Second paragraph.

Third paragraph.

## Log
- 2026-11-20 met: at the mixer
- 2026-11-21 sent: follow-up email

## Promises
- [ ] Share the hiring deck 📅 2026-11-28
"""
GIT_ENV = {"GIT_AUTHOR_NAME": "Sam", "GIT_AUTHOR_EMAIL": "sam@example.com", "GIT_COMMITTER_NAME": "Sam",
           "GIT_COMMITTER_EMAIL": "sam@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
DRIVER = f"{sys.executable} -m relnotes.entry merge-driver %O %A %B %P"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def clones(tmp_path: Path, runner, git_env) -> tuple[Path, Path]:
    """Clone A made the vault (relnotes init registered the driver) and pushed it; B cloned it and ran --setup."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    a, b = tmp_path / "a", tmp_path / "b"
    subprocess.run(["git", "clone", "-q", str(bare), str(a)], check=True, capture_output=True)
    made = invoke(runner, "init", str(a))
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[-2:] == ["created .gitattributes", "set merge.relnotes.driver in this clone's "
                                                                       "git config"]
    (a / "contacts" / "Jane Doe.md").write_text(JANE, encoding="utf-8")
    git(a, "add", "-A")
    git(a, "commit", "-qm", "start")
    git(a, "push", "-q", "-u", "origin", "main")
    subprocess.run(["git", "clone", "-q", str(bare), str(b)], check=True, capture_output=True)
    setup = invoke(runner, "sync", "--setup", vault=b)
    assert (setup.exit_code, setup.stdout) == (0, "set merge.relnotes.driver in this clone's git config\n")
    return a, b


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not {".git", ".relnotes"} & set(p.relative_to(root).parts)}


def run(runner, vault: Path, *args: str, today: str = "2026-11-24"):
    result = invoke(runner, *args, vault=vault, today=today)
    assert result.exit_code == 0, (args, result.output)
    return result


def hand(edit: Callable[[str], str]) -> Callable[..., None]:
    def apply(runner, vault: Path) -> None:
        path = vault / "contacts" / "Jane Doe.md"
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return apply


def cli(*args: str, today: str = "2026-11-24") -> Callable[..., None]:
    return lambda runner, vault: run(runner, vault, *args, today=today)


PAIRS = {
    "log-log": (cli("log", "jane", "call", "about the pilot"),
                cli("log", "jane", "received", "thanks for the email", today="2026-11-23")),
    "snooze-tier": (cli("snooze", "jane", "2026-12-05"), cli("tier", "jane", "ally")),
    "promise-promise": (cli("promise", "jane", "Send the podcast link", "--due", "2026-11-30"),
                        cli("promise", "jane", "Intro to their CTO", "--due", "2026-12-02")),
    "done-log": (cli("done", "jane", "hiring deck"), cli("log", "jane", "call", "about the deck")),
    "prose-prose": (hand(lambda t: t.replace("First paragraph", "First paragraph, edited")),
                    hand(lambda t: t.replace("Third paragraph", "Third paragraph, edited"))),
    "key-key": (cli("snooze", "jane", "2026-12-05"), cli("archive", "jane")),
    "add-add": (cli("add", "Carol Chen", "--company", "Acme"), cli("add", "Carol Chen", "--role", "CTO")),
}


@pytest.mark.parametrize("pair", PAIRS, ids=list(PAIRS))
def test_concurrent_edits_merge_cleanly_and_both_clones_end_identical(clones, runner, pair):
    a, b = clones
    edit_a, edit_b = PAIRS[pair]
    edit_a(runner, a)
    edit_b(runner, b)
    first = run(runner, a, "sync")
    assert first.stdout == ("committed {}: 1 file ({})\nnothing new from origin/main\npushed to origin/main\n").format(
        git(a, "rev-parse", "--short", "HEAD").strip(), git(a, "show", "--format=", "--name-only", "HEAD").strip())
    second = run(runner, b, "sync")
    assert "1 note changed upstream: " in second.stdout and "pushed to origin/main" in second.stdout
    run(runner, a, "sync")
    assert files(a) == files(b)
    assert git(a, "rev-parse", "HEAD") == git(b, "rev-parse", "HEAD")
    assert not any("<<<<<<<" in text.decode() for text in files(a).values())
    if pair == "add-add":  # both created the note: merged from an empty base
        carol = (a / "contacts" / "Carol Chen.md").read_text(encoding="utf-8")
        assert "company: Acme\n" in carol and "role: CTO\n" in carol
    check = invoke(runner, "check", vault=a, today="2026-11-24")
    assert check.exit_code == 0, check.output


def test_the_merged_note_holds_both_sides(clones, runner):
    a, b = clones
    cli("log", "jane", "call", "about the pilot")(runner, a)
    cli("tier", "jane", "ally")(runner, a)
    cli("log", "jane", "received", "thanks", today="2026-11-23")(runner, b)
    cli("done", "jane", "hiring deck")(runner, b)
    run(runner, a, "sync")
    second = run(runner, b, "sync")
    assert second.stdout.splitlines()[1] == "1 note changed upstream: Jane Doe (tier, log +1)"
    assert (b / "contacts" / "Jane Doe.md").read_text(encoding="utf-8") == JANE.replace(
        "tier: active", "tier: ally").replace(
        "- 2026-11-21 sent: follow-up email\n",
        "- 2026-11-21 sent: follow-up email\n- 2026-11-23 received: thanks\n- 2026-11-24 call: about the pilot\n",
    ).replace("- [ ] Share the hiring deck 📅 2026-11-28", "- [x] Share the hiring deck 📅 2026-11-28 ✅ 2026-11-24")


def test_a_true_conflict_is_confined_to_its_key_and_named(clones, runner):
    a, b = clones
    cli("tier", "jane", "ally")(runner, a)
    cli("tier", "jane", "casual")(runner, b)
    cli("log", "jane", "call", "about the pilot")(runner, b)
    run(runner, a, "sync")
    result = invoke(runner, "sync", vault=b)
    assert result.exit_code == 2
    assert result.stderr == (
        "relnotes: the merge with origin/main left conflicts: contacts/Jane Doe.md: front matter key 'tier' "
        "(lines 3-7) — edit them (or run 'relnotes merge-driver --resolve FILE'), then 'git add' them and "
        "'git commit'; or undo the merge with 'git merge --abort'\n")
    text = (b / "contacts" / "Jane Doe.md").read_text(encoding="utf-8")
    assert text.split("\n")[:9] == ["---", "name: Jane Doe", "<<<<<<< ours", "tier: casual", "=======",
                                    "tier: ally", ">>>>>>> theirs", "company: Acme", "---"]
    assert "- 2026-11-24 call: about the pilot\n" in text
    check = invoke(runner, "check", vault=b)
    assert check.exit_code == 1
    assert check.stdout == ("contacts/Jane Doe.md:3: git conflict markers (lines 3-7, front matter key 'tier'): "
                            "ours is 'ours', theirs is 'theirs'; keep one side's lines, or run 'relnotes "
                            "merge-driver --resolve contacts/Jane Doe.md'; the note is skipped\n")
    again = invoke(runner, "sync", vault=b)
    assert again.exit_code == 2
    assert again.stderr == ("relnotes: the repository is in the middle of a merge; finish it (edit the conflicts, "
                            "'git add', 'git commit') or 'git merge --abort', then run relnotes sync again\n")
    (b / "contacts" / "Jane Doe.md").write_text(text.replace("<<<<<<< ours\ntier: casual\n=======\n", "")
                                                .replace(">>>>>>> theirs\n", ""), encoding="utf-8")
    git(b, "commit", "-qam", "resolved")
    run(runner, b, "sync")
    run(runner, a, "sync")
    assert files(a) == files(b)


def test_sync_json(clones, runner):
    a, b = clones
    cli("log", "jane", "call", "about the pilot")(runner, a)
    (a / "contacts" / "Carol.md").write_text("---\nname: Carol\n---\n", encoding="utf-8")
    run(runner, a, "sync")
    cli("tier", "jane", "ally")(runner, b)
    result = run(runner, b, "sync", "--json")
    assert json.loads(result.stdout) == {
        "committed": ["contacts/Jane Doe.md"],
        "conflicts": [],
        "incoming": [{"changes": ["new"], "name": "Carol", "path": "contacts/Carol.md"},
                     {"changes": ["log +1"], "name": "Jane Doe", "path": "contacts/Jane Doe.md"}],
        "pushed": True,
    }
    assert git(b, "log", "--format=%s", "--first-parent", "-2").splitlines() == [
        "Merge remote-tracking branch 'origin/main'", "relnotes sync: Jane Doe"]
    assert git(b, "log", "--format=%s", "-1", "HEAD^2").strip() == "relnotes sync: Carol, Jane Doe"


def test_commit_message_names_the_notes_and_skips_the_cache(clones, runner):
    a, _ = clones
    cli("tier", "jane", "ally")(runner, a)
    (a / "contacts" / "Bob.md").write_text("---\nname: Bob\n---\n", encoding="utf-8")
    (a / "scratch.txt").write_text("not a note\n", encoding="utf-8")
    run(runner, a, "due")  # makes the cache
    result = run(runner, a, "sync", "--message", "from the laptop")
    assert result.stdout.splitlines()[0].endswith(": 2 files (contacts/Bob.md, contacts/Jane Doe.md)")
    assert git(a, "log", "-1", "--format=%s").strip() == "from the laptop"
    assert git(a, "status", "--porcelain").splitlines() == ["?? scratch.txt"]
    run(runner, a, "sync")
    assert git(a, "log", "-1", "--format=%s").strip() == "from the laptop"


def test_no_remote_commits_only(tmp_path, runner, git_env):
    vault = tmp_path / "v"
    vault.mkdir()
    git(vault, "init", "-q", "-b", "main")
    invoke(runner, "init", str(vault))
    (vault / "contacts" / "Jane Doe.md").write_text(JANE, encoding="utf-8")
    result = invoke(runner, "sync", vault=vault)
    assert result.exit_code == 0
    assert result.stdout.startswith("committed ") and "contacts/Jane Doe.md" in result.stdout
    assert result.stderr == ("warning: no remote: committed only (add one with 'git remote add origin URL', then "
                             "'git push -u origin BRANCH')\n")
    assert git(vault, "log", "-1", "--format=%s").strip() == \
        "relnotes sync: Jane Doe, .gitattributes, .gitignore, relnotes.toml"
    assert git(vault, "status", "--porcelain") == ""


def test_refusals(tmp_path, runner, git_env, monkeypatch):
    vault = tmp_path / "v"
    invoke(runner, "init", str(vault))
    result = invoke(runner, "sync", vault=vault)
    assert (result.exit_code, result.stderr) == (
        2, f"relnotes: {vault} is not a git repository; run 'git init' (or clone your vault) first\n")
    git(vault, "init", "-q", "-b", "main")
    git(vault, "remote", "add", "origin", str(tmp_path / "nowhere.git"))
    result = invoke(runner, "sync", vault=vault)
    short = git(vault, "rev-parse", "--short", "HEAD").strip()
    assert (result.exit_code, result.stderr) == (
        2, f"relnotes: branch main has no upstream; your notes are committed ({short}); run 'git push -u origin "
           "main' once, then relnotes sync\n")
    assert git(vault, "status", "--porcelain") == ""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = invoke(runner, "sync", vault=vault)
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: git is not installed; install it, then run relnotes sync again\n")


def test_setup_is_idempotent_and_keeps_an_existing_gitattributes(tmp_path, runner, git_env):
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / ".gitattributes").write_bytes(b"*.png binary\ncontacts/**/*.md   merge=relnotes")
    invoke(runner, "init", str(vault))  # not a repository yet: nothing registered
    assert (vault / ".gitattributes").read_bytes() == b"*.png binary\ncontacts/**/*.md   merge=relnotes"
    git(vault, "init", "-q", "-b", "main")
    first = invoke(runner, "sync", "--setup", vault=vault)
    assert first.stdout == "updated .gitattributes\nset merge.relnotes.driver in this clone's git config\n"
    assert (vault / ".gitattributes").read_text(encoding="utf-8") == (
        "*.png binary\ncontacts/**/*.md   merge=relnotes\nevents/**/*.md merge=relnotes\n"
        "**/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].md merge=relnotes\n")
    assert git(vault, "config", "merge.relnotes.driver").strip() == DRIVER
    assert git(vault, "config", "merge.relnotes.name").strip() == "relnotes notes"
    again = invoke(runner, "sync", "--setup", vault=vault)
    assert again.stdout == "the merge driver is registered already; nothing to do\n"
    assert git(vault, "check-attr", "merge", "--", "contacts/a/Jane.md", "2026-11-21.md", "notes/x.md") == (
        "contacts/a/Jane.md: merge: relnotes\n2026-11-21.md: merge: relnotes\nnotes/x.md: merge: unspecified\n")


def test_check_and_sync_warn_when_this_clone_lacks_the_driver(clones, runner):
    _, b = clones
    git(b, "config", "--unset", "merge.relnotes.driver")
    check = invoke(runner, "check", vault=b)
    assert check.exit_code == 0
    assert check.stderr.splitlines()[0] == (
        "warning: this clone has no merge.relnotes.driver, so git merges notes line by line; "
        "run 'relnotes sync --setup'")
    result = invoke(runner, "sync", vault=b)
    assert result.stderr.splitlines()[0] == check.stderr.splitlines()[0]


def test_a_vault_in_a_folder_of_the_repository(tmp_path, runner, git_env):
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    a, b = tmp_path / "a", tmp_path / "b"
    subprocess.run(["git", "clone", "-q", str(bare), str(a)], check=True, capture_output=True)
    (a / "README.txt").write_text("not the vault\n", encoding="utf-8")
    invoke(runner, "init", str(a / "vault"))
    (a / "vault" / "contacts" / "Jane Doe.md").write_text(JANE, encoding="utf-8")
    first = invoke(runner, "sync", vault=a / "vault")
    assert first.exit_code == 2 and "no upstream; your notes are committed (" in first.stderr
    assert git(a, "status", "--porcelain") == "?? README.txt\n"
    git(a, "push", "-q", "-u", "origin", "main")
    subprocess.run(["git", "clone", "-q", str(bare), str(b)], check=True, capture_output=True)
    run(runner, b / "vault", "sync", "--setup")
    cli("log", "jane", "call", "about the pilot")(runner, a / "vault")
    cli("log", "jane", "received", "thanks", today="2026-11-23")(runner, b / "vault")
    run(runner, a / "vault", "sync")
    second = run(runner, b / "vault", "sync")
    assert second.stdout.splitlines()[1] == "1 note changed upstream: Jane Doe (log +1)"
    run(runner, a / "vault", "sync")
    assert files(a / "vault") == files(b / "vault")


def test_a_remote_out_of_reach_keeps_the_commit_and_says_so(clones, runner, tmp_path):
    a, _ = clones
    (tmp_path / "remote.git").rename(tmp_path / "gone.git")
    cli("tier", "jane", "ally")(runner, a)
    result = invoke(runner, "sync", vault=a)
    assert result.exit_code == 2
    short = git(a, "rev-parse", "--short", "HEAD").strip()
    assert result.stderr.startswith("relnotes: git fetch origin failed (")
    assert result.stderr.endswith(f"); your notes are committed ({short}); nothing was merged or pushed — run "
                                  "relnotes sync again when the remote can be reached\n")


def test_sync_warns_when_the_attributes_do_not_name_the_driver(clones, runner):
    a, _ = clones
    (a / ".gitattributes").write_text("*.png binary\n", encoding="utf-8")
    result = run(runner, a, "sync")
    assert result.stderr == ("warning: this vault's .gitattributes does not name the relnotes merge driver, so git "
                             "merges notes line by line; run 'relnotes sync --setup'\n")


def test_sync_json_names_the_conflicts(clones, runner):
    a, b = clones
    cli("tier", "jane", "ally")(runner, a)
    run(runner, a, "sync")
    cli("tier", "jane", "casual")(runner, b)
    result = invoke(runner, "sync", "--json", vault=b)
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "committed": ["contacts/Jane Doe.md"],
        "conflicts": [{"path": "contacts/Jane Doe.md", "what": "front matter key 'tier' (lines 3-7)"}],
        "incoming": [{"changes": ["tier"], "name": "Jane Doe", "path": "contacts/Jane Doe.md"}],
        "pushed": False,
    }
    assert result.stderr.startswith("relnotes: the merge with origin/main left conflicts: contacts/Jane Doe.md: ")
    assert git(b, "diff", "--name-only", "--diff-filter=U") == "contacts/Jane Doe.md\n"


def test_a_clone_set_to_fast_forward_only_still_merges(clones, runner):
    a, b = clones
    git(b, "config", "merge.ff", "only")
    cli("tier", "jane", "ally")(runner, a)
    run(runner, a, "sync")
    cli("snooze", "jane", "2026-12-05")(runner, b)
    run(runner, b, "sync")
    run(runner, a, "sync")
    assert files(a) == files(b)

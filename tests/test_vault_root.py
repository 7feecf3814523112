"""--vault and $RELNOTES_VAULT chosen by mistake: a file or device is "not a folder", and a big
folder with nothing of a vault in it (no relnotes.toml, no contacts/ or events/), such as
`/` or a home folder, is refused instead of read whole."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import invoke
from relnotes.config import MAX_UNMARKED_ENTRIES, find_root
from relnotes.errors import VaultError

TODAY = "2026-11-23"
JANE = "---\ntype: contact\nname: Jane\nfollow_up: 2026-11-20\n---\n"


def refusal(shown: str, hint: str = "pass the right --vault") -> str:
    return (f"relnotes: {shown} does not look like a vault: it has no relnotes.toml, contacts/ or events/ "
            f"and more than {MAX_UNMARKED_ENTRIES} files and folders; run 'relnotes init' there "
            f"if it is your vault, or {hint}\n")


def fill(folder: Path, count: int) -> Path:
    """``count`` files and folders below ``folder``: one note, a subfolder, and small files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Jane.md").write_text(JANE, encoding="utf-8")
    sub = folder / "papers"
    sub.mkdir()
    for n in range(count - 2):
        (sub / f"{n}.txt").write_bytes(b"x")
    return folder


@pytest.fixture(scope="module")
def shared_big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made once: creating thousands of files is the slow part of these tests."""
    return fill(tmp_path_factory.mktemp("big") / "big", MAX_UNMARKED_ENTRIES + 1)


@pytest.fixture
def big(shared_big: Path) -> Iterator[Path]:
    """A folder of MAX_UNMARKED_ENTRIES + 1 files and folders, put back as it was after each test."""
    before = sorted(os.listdir(shared_big))
    yield shared_big
    for name in set(os.listdir(shared_big)) - set(before):
        path = shared_big / name
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    (shared_big / "papers" / "0.txt").write_bytes(b"x")
    assert sorted(os.listdir(shared_big)) == before


def due(runner, *args: str, vault: Path | None = None):
    return invoke(runner, "due", "--json", *args, vault=vault, today=TODAY)


def test_a_device_is_not_a_folder(runner, monkeypatch):
    result = due(runner, vault=Path("/dev/null"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "relnotes: --vault /dev/null is not a folder: it is a device\n")
    monkeypatch.setenv("RELNOTES_VAULT", "/dev/null")
    result = due(runner)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "relnotes: RELNOTES_VAULT=/dev/null is not a folder: it is a device\n")


def test_a_file_is_not_a_folder(runner, tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "to-notes").symlink_to(tmp_path / "notes.txt")
    for path in (tmp_path / "notes.txt", tmp_path / "to-notes"):
        monkeypatch.setenv("RELNOTES_VAULT", str(path))
        result = due(runner)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2, "", f"relnotes: RELNOTES_VAULT={path} is not a folder: it is a file\n")
        result = due(runner, vault=path)  # --vault: click's own check of the option says it first
        assert result.exit_code == 2 and "is a file" in result.stderr


def test_a_link_to_a_folder_is_one(runner, tmp_path):
    fill(tmp_path / "v", 3)
    (tmp_path / "to-v").symlink_to(tmp_path / "v", target_is_directory=True)
    result = due(runner, vault=tmp_path / "to-v")
    assert result.exit_code == 0 and [i["contact"] for i in json.loads(result.stdout)] == ["Jane"]


def test_a_missing_vault_still_does_not_exist(runner, tmp_path):
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    result = due(runner, vault=tmp_path / "gone")
    assert (result.exit_code, result.stderr) == (2, f"relnotes: vault folder {tmp_path / 'gone'} does not exist\n")


def test_a_big_folder_with_nothing_of_a_vault_is_refused(runner, big):
    result = due(runner, vault=big)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", refusal(f"--vault {big}"))
    assert not (big / ".relnotes").exists()  # nothing was read, no cache was made
    # the hint works: `relnotes init` there makes it a vault
    assert invoke(runner, "init", vault=big).exit_code == 0
    result = due(runner, vault=big)
    assert result.exit_code == 0, result.stderr
    assert [i["contact"] for i in json.loads(result.stdout)] == ["Jane"]


def test_up_to_the_limit_is_a_vault_and_hidden_folders_do_not_count(runner, big):
    folder = big
    (folder / "papers" / "0.txt").unlink()  # MAX_UNMARKED_ENTRIES left
    (folder / ".git").mkdir()
    for n in range(20):
        (folder / ".git" / f"object{n}").write_bytes(b"x")
    (folder / ".hidden.txt").write_bytes(b"x")
    result = due(runner, vault=folder)
    assert result.exit_code == 0, result.stderr
    assert [i["contact"] for i in json.loads(result.stdout)] == ["Jane"]


@pytest.mark.parametrize("mark", ["relnotes.toml", "contacts", "events"])
def test_a_big_folder_that_is_marked_as_a_vault_is_read(runner, big, mark):
    if mark == "relnotes.toml":
        (big / mark).write_text("", encoding="utf-8")
    else:
        (big / mark).mkdir()
    result = due(runner, vault=big)
    assert result.exit_code == 0, result.stderr
    assert [i["contact"] for i in json.loads(result.stdout)] == ["Jane"]


def test_the_home_folder_by_mistake(runner, big, monkeypatch):
    home = big
    monkeypatch.setenv("HOME", str(home))
    result = due(runner, vault=Path("~"))
    assert (result.exit_code, result.stderr) == (2, refusal(f"--vault {home}"))
    monkeypatch.setenv("RELNOTES_VAULT", "~")
    result = due(runner)
    assert (result.exit_code, result.stderr) == (
        2, refusal(f"RELNOTES_VAULT={home}", "set RELNOTES_VAULT to the right folder"))


def test_links_are_not_followed_when_counting(runner, tmp_path, big):
    folder = fill(tmp_path / "mine", 3)
    (folder / "archive").symlink_to(big, target_is_directory=True)
    result = due(runner, vault=folder)
    assert result.exit_code == 0, result.stderr


def test_the_refusal_is_a_vault_error(big):
    with pytest.raises(VaultError) as caught:
        find_root(str(big))
    assert caught.value.exit_code == 2
    assert os.fspath(big) in caught.value.message

"""The one write path: new files made atomically and exclusively, generated files replaced
atomically, notes' permissions, owner and extended attributes kept, read-only notes refused,
and no write let out of the vault through a symbolic link (real links on disk)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from conftest import invoke
from relnotes.errors import ExistsError, NoteError, VaultError
from relnotes.vault.files import create_new, create_note, replace

TODAY = "2026-11-23"
JANE = "---\nname: Jane Doe\n---\n\n## Log\n- 2026-11-01 met: at the summit\n"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


def outside_message(shown: str, real: Path, root: Path) -> str:
    return (f"{shown}: leads outside the vault (to {real}) through a symbolic link; nothing was written "
            f"— relnotes writes only inside {root}")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the vault, where nothing may be written."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --- create_new ----------------------------------------------------------------------------------


def test_create_new_writes_exact_bytes_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "drafts" / "2026-11-23 Jane.eml"
    path.parent.mkdir()
    data = b"Subject: hi\r\n\r\n\xe2\x80\x94 body without newline"
    create_new(path, data, root=tmp_path)
    assert path.read_bytes() == data
    assert leftovers(tmp_path) == []


def test_create_new_follows_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        create_new(tmp_path / "a.eml", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.eml").stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", ["file", "broken link", "link", "folder"])
def test_create_new_refuses_any_existing_name(tmp_path, kind):
    path = tmp_path / "taken.eml"
    target = tmp_path / "target"
    if kind == "file":
        path.write_bytes(b"precious")
    elif kind == "broken link":
        path.symlink_to(target)
    elif kind == "link":
        target.write_bytes(b"precious")
        path.symlink_to(target)
    else:
        path.mkdir()
    with pytest.raises(ExistsError) as err:
        create_new(path, b"new", root=tmp_path)
    assert str(err.value) == f"{path} already exists; nothing was written — pick another name or edit that note"
    assert not (kind == "broken link" and target.exists())
    assert kind != "file" or path.read_bytes() == b"precious"
    assert kind != "link" or target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


def test_create_new_refuses_a_folder_linked_out_of_the_vault(tmp_path, outside):
    """drafts/ (or templates/) a link to a folder outside the vault: nothing is written there."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "drafts").symlink_to(outside)
    with pytest.raises(VaultError) as err:
        create_new(root / "drafts" / "Jane.eml", b"Subject: hi\n", root=root)
    assert str(err.value) == outside_message("drafts/Jane.eml", outside / "Jane.eml", root)
    assert err.value.exit_code == 2
    assert files_in(outside) == []
    create_new(root / "drafts" / "Jane.eml", b"Subject: hi\n")  # without a root: no check (as before)
    assert files_in(outside) == ["Jane.eml"]


def test_create_new_says_why_it_cannot_write(tmp_path):
    with pytest.raises(NoteError) as err:
        create_new(tmp_path / "missing" / "a.eml", b"x")
    assert str(err.value) == f"{tmp_path / 'missing' / 'a.eml'}: cannot create the file (No such file or directory); " \
        "nothing was written"


def test_create_note_is_create_new_for_text(tmp_path):
    root = tmp_path / "vault"
    (root / "contacts").mkdir(parents=True)
    create_note(root / "contacts" / "Jane Doe.md", "---\nname: Jane Doe\n---\n", root=root)
    assert (root / "contacts" / "Jane Doe.md").read_bytes() == b"---\nname: Jane Doe\n---\n"


# --- replace -------------------------------------------------------------------------------------


def test_replace_creates_then_replaces_keeping_mode_and_a_link(tmp_path):
    real = tmp_path / "real.md"
    replace(real, b"one\n", root=tmp_path)
    assert real.read_bytes() == b"one\n"
    real.chmod(0o640)
    link = tmp_path / "AGENDA.md"
    link.symlink_to(real)
    replace(link, b"two\n", root=tmp_path)
    assert link.is_symlink() and real.read_bytes() == b"two\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_replace_refuses_a_read_only_file(tmp_path):
    path = tmp_path / "AGENDA.md"
    path.write_bytes(b"old\n")
    path.chmod(0o444)
    with pytest.raises(PermissionError) as err:
        replace(path, b"new\n")
    assert (err.value.errno, err.value.strerror) == (errno.EACCES, "it is read-only")
    assert path.read_bytes() == b"old\n"
    assert leftovers(tmp_path) == []


def test_replace_refuses_a_link_out_of_the_vault(tmp_path, outside):
    root = tmp_path / "vault"
    root.mkdir()
    (outside / "AGENDA.md").write_bytes(b"theirs\n")
    (root / "AGENDA.md").symlink_to(outside / "AGENDA.md")
    with pytest.raises(VaultError) as err:
        replace(root / "AGENDA.md", b"ours\n", root=root)
    assert str(err.value) == outside_message("AGENDA.md", outside / "AGENDA.md", root)
    assert (outside / "AGENDA.md").read_bytes() == b"theirs\n"
    assert leftovers(tmp_path) == []


# --- what an edit keeps of the note, and what it refuses -------------------------------------------


@pytest.fixture
def jane(make_vault) -> Path:
    return make_vault.write("contacts/Jane Doe.md", JANE)


def test_log_refuses_a_read_only_note(runner, make_vault, jane):
    """Mode 444: the rename would succeed (the folder is writable), a shell append would not."""
    jane.chmod(0o444)
    before = jane.read_bytes()
    result = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: contacts/Jane Doe.md: is read-only (-r--r--r--); nothing was written "
                             "— make it writable (chmod u+w) to edit it with relnotes\n")
    assert jane.read_bytes() == before and stat.S_IMODE(jane.stat().st_mode) == 0o444
    assert leftovers(make_vault.root) == []


def test_snooze_refuses_a_note_no_one_may_write_even_as_root(runner, make_vault, jane):
    jane.chmod(0o400)
    result = invoke(runner, "snooze", "Jane", "2026-12-01", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("relnotes: contacts/Jane Doe.md: is read-only (-r--------); nothing was written")
    assert jane.read_text(encoding="utf-8") == JANE


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file away")
def test_an_edit_keeps_the_notes_owner_and_group(runner, make_vault, jane):
    os.chown(jane, 4321, 8765)
    jane.chmod(0o664)
    result = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.stderr
    st = jane.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 8765, 0o664)
    assert jane.read_text(encoding="utf-8").endswith(f"- {TODAY} call: hello\n")


def _xattrs_supported(folder: Path) -> bool:
    probe = folder / ".xattr-probe"
    probe.write_bytes(b"")
    try:
        os.setxattr(probe, "user.relnotes-probe", b"1")
        return True
    except (AttributeError, OSError):
        return False
    finally:
        probe.unlink()


def test_an_edit_keeps_the_notes_extended_attributes(runner, make_vault, jane):
    if not _xattrs_supported(make_vault.root):
        pytest.skip("no user extended attributes here")
    os.setxattr(jane, "user.obsidian.color", b"teal")
    os.setxattr(jane, "user.sync.id", b"\x00\x01binary")
    result = invoke(runner, "promise", "Jane", "send the deck", "--due", "2026-12-01", vault=make_vault.root,
                    today=TODAY)
    assert result.exit_code == 0, result.stderr
    assert sorted(os.listxattr(jane)) == ["user.obsidian.color", "user.sync.id"]
    assert os.getxattr(jane, "user.sync.id") == b"\x00\x01binary"
    assert "send the deck" in jane.read_text(encoding="utf-8")


# --- no write out of the vault through a symbolic link (the commands) ---------------------------------


def test_add_refuses_a_contacts_folder_linked_out_of_the_vault(runner, make_vault, outside):
    (make_vault.root / "contacts").rmdir()
    (make_vault.root / "contacts").symlink_to(outside)
    result = invoke(runner, "add", "Jane Doe", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relnotes: " + outside_message("contacts/Jane Doe.md", outside / "Jane Doe.md",
                                                           make_vault.root) + "\n"
    assert files_in(outside) == []


def test_debrief_refuses_an_events_folder_linked_out_and_makes_no_stub(runner, make_vault, outside):
    (make_vault.root / "events").rmdir()
    (make_vault.root / "events").symlink_to(outside)
    result = invoke(runner, "debrief", "Summit", "--people", "Bo Li", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relnotes: " + outside_message("events/2026-11-23 Summit.md", outside / "2026-11-23 Summit.md",
                                                           make_vault.root) + "\n"
    assert files_in(outside) == [] and files_in(make_vault.root / "contacts") == []


def test_log_refuses_a_relnotes_folder_linked_out_of_the_vault(runner, make_vault, jane, outside, monkeypatch):
    """Its locks would be made outside: refused, the note untouched. (The cache is left out here.)"""
    monkeypatch.setenv("RELNOTES_NO_CACHE", "1")
    (make_vault.root / ".relnotes").symlink_to(outside)
    result = invoke(runner, "log", "Jane", "call", "hello", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relnotes: " + outside_message(".relnotes/locks", outside / "locks",
                                                           make_vault.root) + "\n"
    assert files_in(outside) == []
    assert jane.read_text(encoding="utf-8") == JANE


def test_agenda_refuses_an_agenda_file_linked_out_of_the_vault(runner, make_vault, jane, outside):
    theirs = outside / "agenda.md"
    first = invoke(runner, "agenda", "--out", str(theirs), vault=make_vault.root, today=TODAY)
    assert first.exit_code == 0  # an --out named outside the vault is written where it says
    before = theirs.read_bytes()
    (make_vault.root / "AGENDA.md").symlink_to(theirs)
    result = invoke(runner, "agenda", vault=make_vault.root, today="2026-11-30")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relnotes: " + outside_message("AGENDA.md", theirs, make_vault.root) + "\n"
    assert theirs.read_bytes() == before


def test_agenda_refuses_a_read_only_agenda_file(runner, make_vault, jane):
    assert invoke(runner, "agenda", vault=make_vault.root, today=TODAY).exit_code == 0
    agenda = make_vault.root / "AGENDA.md"
    agenda.chmod(0o444)
    before = agenda.read_bytes()
    result = invoke(runner, "agenda", vault=make_vault.root, today="2026-11-30")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"relnotes: cannot write {agenda}: it is read-only\n"
    assert agenda.read_bytes() == before


def test_init_sample_refuses_a_contacts_folder_linked_out_and_makes_nothing(runner, tmp_path, outside):
    root = tmp_path / "demo"
    root.mkdir()
    (root / "contacts").symlink_to(outside)
    result = invoke(runner, "init", str(root), "--sample")
    assert result.exit_code == 2
    assert result.stderr == "relnotes: " + outside_message("contacts/Aisha Bello.md", outside / "Aisha Bello.md",
                                                           root) + "\n"
    assert files_in(outside) == []
    assert files_in(root) == ["contacts"]


def test_init_refuses_a_broken_link_named_relnotes_toml(runner, tmp_path):
    """Before, it was written through: the link's target was created."""
    root = tmp_path / "v"
    root.mkdir()
    (root / "relnotes.toml").symlink_to(tmp_path / "elsewhere.toml")
    result = invoke(runner, "init", str(root))
    assert result.exit_code == 2
    assert result.stderr == (f"relnotes: {root / 'relnotes.toml'} already exists: this is a vault already; "
                             "nothing was changed\n")
    assert not (tmp_path / "elsewhere.toml").exists()


def test_init_refuses_a_gitignore_linked_out_of_the_vault(runner, tmp_path, outside):
    root = tmp_path / "v"
    root.mkdir()
    (outside / "global.gitignore").write_text("*.swp\n")
    (root / ".gitignore").symlink_to(outside / "global.gitignore")
    result = invoke(runner, "init", str(root))
    assert result.exit_code == 2
    assert result.stderr == "relnotes: " + outside_message(".gitignore", outside / "global.gitignore", root) + "\n"
    assert (outside / "global.gitignore").read_text() == "*.swp\n"
    assert files_in(root) == [".gitignore"]


def test_init_appends_to_gitignore_atomically_keeping_its_mode(runner, tmp_path):
    root = tmp_path / "v"
    root.mkdir()
    (root / ".gitignore").write_bytes(b"*.swp")
    (root / ".gitignore").chmod(0o600)
    result = invoke(runner, "init", str(root))
    assert result.exit_code == 0
    assert (root / ".gitignore").read_bytes() == b"*.swp\n.relnotes/\n"
    assert stat.S_IMODE((root / ".gitignore").stat().st_mode) == 0o600
    assert leftovers(root) == []

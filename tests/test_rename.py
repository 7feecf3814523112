"""relnotes rename: file, name:, aliases and every reference, byte-exact elsewhere."""

from __future__ import annotations

import subprocess

from hypothesis import given
from hypothesis import strategies as st

from conftest import invoke
from relnotes.errors import NoteError
from relnotes.notes.relink import relink

TODAY = "2026-12-02"
ANN = "---\nname: Ann Lee\ntier: ally   # close\n---\n\n## Log\n- 2026-11-20 call: caught up\n"
EVENT = ("---\r\ntitle: Summit\r\ndate: 2026-11-20\r\npeople: [Ann Lee, \"[[Bo Chan]]\"]\r\n---\r\n\r\n"
         "Met [[Ann Lee|Ann]] at the bar; see [[Ann Lee#Log]].\r\n\r\n"
         "- [ ] send [[Ann Lee]] the deck 📅 2026-12-04\r\n")
BO = ("---\nname: Bo Chan\nmet_at: Summit\npeople_i_know:\n  - Ann Lee\n---\n\n"
      "Knows [[contacts/Ann Lee|Ann]].\n```\n[[Ann Lee]] in code stays\n```\n")
DAILY = "- Lunch with [[ann lee]] and [[Ann Leeds]].\n"
LISTED = "---\ntitle: Mixer\ndate: 2026-10-01\npeople:\n  - \"Ann Lee\"   # host\n  - Bo Chan\n---\n"


def _vault(make_vault):
    make_vault.write("contacts/Ann Lee.md", ANN)
    make_vault.write("contacts/Bo Chan.md", BO)
    make_vault.write("events/2026-11-20 Summit.md", EVENT.encode())
    make_vault.write("events/2026-10-01 Mixer.md", LISTED)
    make_vault.write("daily/2026-11-21.md", DAILY)
    return make_vault.root


def _snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.md")}


def test_rename_rewrites_every_reference_byte_exact(runner, make_vault):
    root = _vault(make_vault)
    result = invoke(runner, "rename", "Ann", "Ann Li", "--no-commit", vault=root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout == (
        "contacts/Bo Chan.md: references updated\n"
        "daily/2026-11-21.md: references updated\n"
        "events/2026-10-01 Mixer.md: references updated\n"
        "events/2026-11-20 Summit.md: references updated\n"
        "contacts/Ann Lee.md -> contacts/Ann Li.md: rename: Ann Lee is now Ann Li\n"
    )
    assert _snapshot(root) == {
        "contacts/Ann Li.md": ANN.replace("name: Ann Lee\n", "name: Ann Li\n").replace(
            "---\n\n", "aliases:\n  - Ann Lee\n---\n\n", 1).encode(),
        "contacts/Bo Chan.md": BO.replace("[[contacts/Ann Lee|", "[[contacts/Ann Li|").encode(),
        "events/2026-11-20 Summit.md": EVENT.replace("Ann Lee", "Ann Li").encode(),
        "events/2026-10-01 Mixer.md": LISTED.replace('"Ann Lee"', '"Ann Li"').encode(),
        "daily/2026-11-21.md": DAILY.replace("[[ann lee]]", "[[Ann Li]]").encode(),
    }
    check = invoke(runner, "check", vault=root, today=TODAY)
    assert (check.exit_code, check.stdout) == (0, "")
    show = invoke(runner, "show", "Ann Lee", vault=root, today=TODAY)  # the old name still finds her
    assert show.exit_code == 0 and "Ann Li" in show.stdout


def test_dry_run_lists_every_line_and_changes_nothing(runner, make_vault):
    root = _vault(make_vault)
    before = _snapshot(root)
    result = invoke(runner, "rename", "Ann Lee", "Ann Li", "--dry-run", vault=root, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == (
        "would move contacts/Ann Lee.md to contacts/Ann Li.md\n"
        "contacts/Bo Chan.md:8: - Knows [[contacts/Ann Lee|Ann]].\n"
        "contacts/Bo Chan.md:8: + Knows [[contacts/Ann Li|Ann]].\n"
        "daily/2026-11-21.md:1: - - Lunch with [[ann lee]] and [[Ann Leeds]].\n"
        "daily/2026-11-21.md:1: + - Lunch with [[Ann Li]] and [[Ann Leeds]].\n"
        "events/2026-10-01 Mixer.md:5: -   - \"Ann Lee\"   # host\n"
        "events/2026-10-01 Mixer.md:5: +   - \"Ann Li\"   # host\n"
        "events/2026-11-20 Summit.md:4: - people: [Ann Lee, \"[[Bo Chan]]\"]\n"
        "events/2026-11-20 Summit.md:4: + people: [Ann Li, \"[[Bo Chan]]\"]\n"
        "events/2026-11-20 Summit.md:7: - Met [[Ann Lee|Ann]] at the bar; see [[Ann Lee#Log]].\n"
        "events/2026-11-20 Summit.md:7: + Met [[Ann Li|Ann]] at the bar; see [[Ann Li#Log]].\n"
        "events/2026-11-20 Summit.md:9: - - [ ] send [[Ann Lee]] the deck 📅 2026-12-04\n"
        "events/2026-11-20 Summit.md:9: + - [ ] send [[Ann Li]] the deck 📅 2026-12-04\n"
        "contacts/Ann Lee.md:2: - name: Ann Lee\n"
        "contacts/Ann Lee.md:2: + name: Ann Li\n"
        "contacts/Ann Lee.md:4: + aliases:\n"
        "contacts/Ann Lee.md:5: +   - Ann Lee\n"
    )
    assert _snapshot(root) == before


def test_a_colliding_name_is_refused(runner, make_vault):
    root = _vault(make_vault)
    before = _snapshot(root)
    taken = invoke(runner, "rename", "Ann", "bo chan", vault=root, today=TODAY)
    assert (taken.exit_code, taken.stdout, taken.stderr) == (
        2, "", "relnotes: 'bo chan' is already a name of contacts/Bo Chan.md; merge them instead "
               "(relnotes merge) or choose another name\n")
    same = invoke(runner, "rename", "Ann", "Ann Lee", vault=root, today=TODAY)
    assert (same.exit_code, same.stderr) == (2, "relnotes: contacts/Ann Lee.md is already named 'Ann Lee'\n")
    broken = invoke(runner, "rename", "Ann", "Ann|Li", vault=root, today=TODAY)
    assert broken.exit_code == 2 and broken.stderr.startswith("relnotes: a contact's name cannot contain")
    assert _snapshot(root) == before


def test_rename_commit_is_one_commit(runner, make_vault):
    root = _vault(make_vault)
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "T"],
                 ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    result = invoke(runner, "rename", "Ann", "Ann Li", "--commit", vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    git = subprocess.run(["git", "show", "--stat", "--format=%s", "HEAD"], cwd=root, capture_output=True,
                         text=True, check=True).stdout
    assert git.splitlines()[0] == "rename: Ann Lee is now Ann Li"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    assert status.stdout == ""
    assert "6 files changed" in git or "5 files changed" in git


TEXT = st.lists(st.sampled_from([*"ab |#[]\n-:'\"`", "Ann Lee", "[[Ann Lee", "]]", "```", "---\n", "people: "]),
                max_size=30).map("".join)


@given(TEXT)
def test_relink_keeps_every_line_but_the_links(text):
    try:
        after = relink(text, ["Ann Lee"], "Ann Li")
    except NoteError:  # front matter never closed: the caller names the note and leaves it
        assert text.startswith("---")
        return
    assert after.count("\n") == text.count("\n")
    assert relink(after, ["Ann Li"], "Ann Lee").replace("Ann Lee", "x") == text.replace("Ann Lee", "x")
    assert relink(text, ["Zed Q"], "Ann Li") == text


def test_a_note_with_unclosed_front_matter_is_named_not_rewritten(runner, make_vault):
    root = _vault(make_vault)
    broken = make_vault.write("notes/broken.md", "---\ntitle: x\n\nsee [[Ann Lee]]\n")
    result = invoke(runner, "rename", "Ann", "Ann Li", "--no-commit", vault=root, today=TODAY)
    assert result.exit_code == 0
    assert "warning: notes/broken.md: not searched for references (its front matter is not closed)\n" in result.stderr
    assert broken.read_text() == "---\ntitle: x\n\nsee [[Ann Lee]]\n"


def test_an_edit_saved_while_the_file_moves_is_not_lost(runner, make_vault, monkeypatch):
    """An editor saves the note at the moment rename makes the new file (the OS's link call,
    made to do the editor's save first): the old file keeps the save, the new one is not made,
    and the rename says so (exit 3)."""
    import os

    root = _vault(make_vault)
    old = root / "contacts" / "Ann Lee.md"
    real_link = os.link

    def link_after_a_save(src, dst, *args, **kwargs):
        if str(dst).endswith("Ann Li.md"):
            with open(old, "a", encoding="utf-8") as f:
                f.write("- 2026-12-02 note: saved in the editor\n")
        return real_link(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "link", link_after_a_save)
    result = invoke(runner, "rename", "Ann", "Ann Li", "--no-commit", vault=root, today=TODAY)
    assert result.exit_code == 3
    assert result.stderr.startswith("relnotes: contacts/Ann Lee.md changed while it was being renamed")
    assert old.read_text(encoding="utf-8").endswith("- 2026-12-02 note: saved in the editor\n")
    assert "name: Ann Li" in old.read_text(encoding="utf-8") and not (root / "contacts" / "Ann Li.md").exists()
    monkeypatch.setattr(os, "link", real_link)
    again = invoke(runner, "rename", "Ann", "Ann Li", "--no-commit", vault=root, today=TODAY)  # as the error says
    assert again.exit_code == 0, again.output
    moved = root / "contacts" / "Ann Li.md"
    assert not old.exists() and moved.read_text(encoding="utf-8").endswith("- 2026-12-02 note: saved in the editor\n")
    assert invoke(runner, "check", vault=root, today=TODAY).stdout == ""


def test_relink_sees_code_blocks_as_the_reader_does():
    """A fence indented four spaces is no fence (the links after it are read, so they are
    rewritten), and a ``` inside a ~~~ block does not close it (the link in it stays)."""
    text = ("- item\n    ```\n    code\n- 2026-01-01 ref [[Jane Doe]]\n"
            "~~~\n```\n[[Jane Doe]] in code\n~~~\n## Log\n- 2026-01-02 call: with [[Jane Doe]]\n")
    assert relink(text, ["Jane Doe"], "Jane Smith") == text.replace(
        "ref [[Jane Doe]]", "ref [[Jane Smith]]").replace("with [[Jane Doe]]", "with [[Jane Smith]]")

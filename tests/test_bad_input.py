"""Messy and hostile files never stop the vault: each is a parsed note or a reported problem."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import REAL_FIXTURES, invoke, kinds
from relnotes.config import load_config
from relnotes.vault.load import load_index, read_entry
from relnotes.vault.scan import scan

TODAY = "2026-11-23"
SAFE_TYPES = (str, int, float, bool, date, list, tuple, type(None))


def _real_files() -> list[Path]:
    if not REAL_FIXTURES.is_dir():
        return []
    found = []
    for folder in ("markdown", "frontmatter", "yaml"):
        found += sorted(p for p in (REAL_FIXTURES / folder).rglob("*") if p.is_file())
    return found


REAL = _real_files()
needs_real = pytest.mark.skipif(not REAL, reason="../shared/fixtures/real is not there")


def _assert_parsed_or_reported(root: Path, rel: str, runner) -> None:
    check = invoke(runner, "check", "--json", vault=root)
    assert check.exit_code in (0, 1), check.output
    problems = json.loads(check.stdout)
    due = invoke(runner, "due", "--json", vault=root, today=TODAY)
    assert due.exit_code == 0, due.output
    json.loads(due.stdout)
    index = load_index(load_config(root))
    parsed = [c for c in index.contacts if c.path == rel]
    reported = [p for p in problems if p["file"] == rel]
    assert parsed or reported, f"{rel}: neither a contact nor a problem"
    for contact in parsed:
        for value in contact.note.fields.values():
            items = value if isinstance(value, (list, tuple)) else [value]
            assert all(isinstance(v, SAFE_TYPES) for v in items), (rel, value)


@needs_real
@pytest.mark.parametrize("source", REAL, ids=lambda p: str(p.relative_to(REAL_FIXTURES)))
def test_real_file_dropped_into_contacts(source: Path, make_vault, runner):
    rel = f"contacts/{source.stem}.md"
    make_vault.write(rel, source.read_bytes())
    _assert_parsed_or_reported(make_vault.root, rel, runner)


@needs_real
@pytest.mark.parametrize("source", [p for p in REAL if p.suffix == ".yaml"], ids=lambda p: p.name)
def test_real_yaml_as_front_matter(source: Path, make_vault, runner):
    rel = f"contacts/{source.stem}.md"
    make_vault.write(rel, b"---\n" + source.read_bytes().rstrip(b"\n") + b"\n---\nbody\n")
    _assert_parsed_or_reported(make_vault.root, rel, runner)


@needs_real
def test_python_objects_are_never_constructed(make_vault, runner):
    source = REAL_FIXTURES / "yaml" / "pyyaml__construct-python-object.yaml"
    make_vault.write("contacts/obj.md", b"---\n" + source.read_bytes() + b"\n---\n")
    result = invoke(runner, "check", vault=make_vault.root)
    assert result.exit_code == 1
    assert "contacts/obj.md:" in result.stdout and "not valid YAML" in result.stdout


@needs_real
def test_kepano_template_with_unquoted_braces_is_reported_with_its_line(make_vault, runner):
    source = REAL_FIXTURES / "markdown" / "kepano-obsidian" / "Templates" / "People Template.md"
    make_vault.write("contacts/People Template.md", source.read_bytes())
    result = invoke(runner, "check", vault=make_vault.root)
    assert result.stdout == ("contacts/People Template.md:6: front matter is not valid YAML "
                             "(found unhashable key); the note is skipped\n")


def test_broken_notes_do_not_hide_good_ones(make_vault, runner):
    v = make_vault
    v.contact("Good", body="- [ ] send deck 📅 2026-11-22")
    v.write("contacts/Broken.md", "---\nname: [unclosed\n---\n")
    v.write("contacts/Empty.md", "")
    v.write("contacts/Binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    v.write("contacts/Latin1.md", "---\nname: Ren\xe9\n---\n".encode("latin-1"))
    v.write("contacts/Conflict.md", "---\nname: C\n---\n<<<<<<< HEAD\n- a\n=======\n- b\n>>>>>>> origin\n")
    result = invoke(runner, "due", "--json", vault=v.root, today=TODAY)
    assert result.exit_code == 0
    assert kinds(json.loads(result.stdout)) == [("Good", "commitment", "2026-11-22")]
    assert result.stderr == ("warning: 4 notes are skipped (contacts/Binary.md, contacts/Broken.md, "
                             "contacts/Conflict.md and 1 more); run 'relnotes check' to see them\n")
    assert invoke(runner, "check", vault=v.root, today=TODAY).stdout.splitlines() == [
        "contacts/Binary.md: is a binary file, not a Markdown note; the note is skipped",
        "contacts/Broken.md:2: front matter is not valid YAML (did not find expected ',' or ']'); "
        "the note is skipped",
        "contacts/Conflict.md:4: git conflict markers (lines 4-8, body): ours is 'HEAD', theirs is 'origin'; "
        "keep one side's lines, or run 'relnotes merge-driver --resolve contacts/Conflict.md'; the note is skipped",
        "contacts/Latin1.md:2: is not UTF-8 text (byte 0xe9); save it as UTF-8; the note is skipped",
    ]


def test_empty_file_under_contacts_is_a_contact_named_by_its_stem(make_vault, due_json):
    v = make_vault
    v.write("contacts/Quiet Person.md", "")
    v.write("contacts/No Front.md", "# No Front\n\n## Log\n- 2026-11-14 sent: hello\n")
    assert kinds(due_json(v.root, TODAY)) == [("No Front", "nudge", "2026-11-21")]


def test_bom_crlf_tabs_and_odd_value_types(make_vault, due_json):
    v = make_vault
    text = ("\ufeff---\r\nname: Zoë\r\nemail: [zoe@example.com, z@example.org]\r\ntags: 'fintech, #atl'\r\n"
            "tier: Ally\r\nmet: '2026-11-20'\r\nlast_contact: 2026-11-20T18:30:00\r\n---\r\n\r\n"
            "## Log\r\n-\t2026-11-21 sent:\tthe link\r\n")
    v.write("contacts/Zoe.md", text.encode("utf-8"))
    items = due_json(v.root, TODAY)
    assert ("Zoë", "nudge", "2026-11-28") in kinds(items)
    assert items[0]["email"] == "zoe@example.com" and items[0]["tier"] == "ally"
    assert due_json(v.root, TODAY, "--tag", "atl") == due_json(v.root, TODAY, "--tag", "#fintech")


def test_huge_note_is_read(make_vault, due_json):
    v = make_vault
    filler = ("Long notes about a long conversation. " * 30 + "\n") * 4500  # about 5 MB
    v.write("contacts/Big.md", "---\nname: Big\n---\n" + filler + "## Log\n- 2026-11-14 sent: the deck\n")
    assert (v.root / "contacts/Big.md").stat().st_size > 5_000_000
    assert kinds(due_json(v.root, TODAY)) == [("Big", "nudge", "2026-11-21")]


def test_symlink_loop_and_broken_link_are_reported_not_followed_forever(make_vault, runner):
    v = make_vault
    v.contact("Real", body="- [ ] x 📅 2026-11-22")
    os.symlink(v.root / "contacts", v.root / "contacts" / "again")
    os.symlink("loop-b.md", v.root / "contacts" / "loop-a.md")
    os.symlink("loop-a.md", v.root / "contacts" / "loop-b.md")
    os.symlink("/nonexistent/x.md", v.root / "contacts" / "gone.md")
    os.symlink("/etc", v.root / "outside")
    result = invoke(runner, "check", vault=v.root)
    assert result.stdout.splitlines() == [
        "contacts/again: symbolic link to a folder read already (a loop); skipped",
        "contacts/gone.md: broken symbolic link; skipped",
        "contacts/loop-a.md: symbolic link loop; skipped",
        "contacts/loop-b.md: symbolic link loop; skipped",
    ]
    due = invoke(runner, "due", "--json", vault=v.root, today=TODAY)
    assert kinds(json.loads(due.stdout)) == [("Real", "commitment", "2026-11-22")]


def test_a_file_that_disappears_between_listing_and_reading(make_vault):
    v = make_vault
    v.contact("Here")
    gone = v.contact("Gone")
    config = load_config(v.root)
    entries, _ = scan(config)
    gone.unlink()
    notes = [read_entry(e, config) for e in entries]
    assert [n.path for n in notes if not n.skipped] == ["contacts/Here.md"]
    assert all(not n.problems for n in notes)


def test_hidden_drafts_templates_and_agenda_are_never_read(make_vault, due_json):
    v = make_vault
    body = "---\ntype: contact\nname: Ghost\n---\n- [ ] x 📅 2026-11-22\n"
    for rel in (".obsidian/a.md", ".trash/b.md", ".relnotes/c.md", "drafts/d.md", "AGENDA.md", "templates/e.md"):
        v.write(rel, body)
    v.write("people/f.md", body.replace("Ghost", "Found"))
    assert kinds(due_json(v.root, TODAY)) == [("Found", "commitment", "2026-11-22")]


def test_a_link_to_the_contacts_folder_never_hides_the_folder_itself(make_vault, runner):
    """Whatever order the file system lists them in, the real folder is read and the link
    to it is the duplicate."""
    v = make_vault
    v.contact("Ana Real", "tier: ally\nmet: 2026-11-20")
    for name in ("team", "zz-team"):
        os.symlink("contacts", v.root / name)
    result = invoke(runner, "check", vault=v.root)
    assert result.stdout.splitlines() == [
        "team: symbolic link to a folder read already (a loop); skipped",
        "zz-team: symbolic link to a folder read already (a loop); skipped",
    ]
    items = json.loads(invoke(runner, "due", "--json", vault=v.root, today=TODAY).stdout)
    assert {i["file"] for i in items} == {"contacts/Ana Real.md"}


def test_a_link_to_a_note_in_the_vault_is_not_a_second_contact(make_vault, runner):
    """A note linked under another name (or a chain of links) is read once, under its own name;
    a link to a note the walk does not reach by itself is read under the link's name."""
    v = make_vault
    v.contact("Carla Real", "email: carla@example.com\nmet: 2026-11-10", "## Log\n- 2026-11-10 sent: hello\n")
    os.symlink("Carla Real.md", v.root / "contacts" / "Carla Link.md")
    os.symlink("Carla Link.md", v.root / "contacts" / "Carla Chain.md")
    v.write("people/Pia Out.md", "---\nname: Pia Out\nfollow_up: 2026-11-21\n---\n")
    os.symlink("../people/Pia Out.md", v.root / "contacts" / "Pia.md")  # a contact made of a note elsewhere
    os.symlink("Pia.md", v.root / "contacts" / "Pia Chain.md")  # and a second name for that contact
    v.write(".private/Hidden Hal.md", "---\nname: Hidden Hal\nfollow_up: 2026-11-20\n---\n")
    os.symlink(v.root / ".private" / "Hidden Hal.md", v.root / "contacts" / "Hal.md")
    result = invoke(runner, "check", vault=v.root)
    assert result.stdout.splitlines() == [
        "contacts/Carla Chain.md: symbolic link to contacts/Carla Real.md, which is read already; skipped",
        "contacts/Carla Link.md: symbolic link to contacts/Carla Real.md, which is read already; skipped",
        "contacts/Pia Chain.md: symbolic link to contacts/Pia.md, which is read already; skipped",
    ]
    for _ in range(2):  # without a cache, then from it
        items = json.loads(invoke(runner, "due", "--json", vault=v.root, today=TODAY).stdout)
        assert sorted({i["file"] for i in items}) == ["contacts/Carla Real.md", "contacts/Hal.md", "contacts/Pia.md"]
        assert len([i for i in items if i["contact"] == "Carla Real"]) == 1
    assert invoke(runner, "show", "Carla Real", vault=v.root, today=TODAY).exit_code == 0
    fresh = _due_both_ways(runner, v.root)
    assert fresh.exit_code == 0


def _due_both_ways(runner, root):
    from relnotes.cli.group import cli

    argv = ["--vault", str(root), "--today", "2026-11-23", "due", "--json"]
    cached = [runner.invoke(cli, argv, env={"RELNOTES_NO_CACHE": ""}) for _ in range(2)]
    fresh = runner.invoke(cli, argv, env={"RELNOTES_NO_CACHE": "1"})
    for result in cached:
        assert (result.exit_code, result.stdout, result.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr)
    return fresh


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_a_problem_not_a_crash(make_vault, runner):
    v = make_vault
    v.contact("Jane Doe", "tier: ally\nfollow_up: 2026-11-20")
    (v.root / "contacts" / os.fsdecode(b"Bad\xff.md")).write_text("---\nname: Bad\n---\n", encoding="utf-8")
    result = _due_both_ways(runner, v.root)
    assert result.exit_code == 0 and '"contact": "Jane Doe"' in result.stdout
    assert "contacts/Bad\ufffd.md: the file name is not UTF-8; rename the file; skipped" in result.stderr


def test_an_mtime_centuries_ahead_is_read_like_any(make_vault, runner):
    v = make_vault
    path = v.contact("Jane Doe", "tier: ally\nfollow_up: 2026-11-20")
    year_2300 = 10_413_792_000 * 10**9
    try:
        os.utime(path, ns=(year_2300, year_2300))
    except (OSError, OverflowError):
        pytest.skip("this file system cannot hold an mtime in 2300")
    result = _due_both_ways(runner, v.root)
    assert result.exit_code == 0 and '"contact": "Jane Doe"' in result.stdout

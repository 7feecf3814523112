"""The write path: byte-level tests on real files, and property tests that edits touch only their lines."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from relnotes.errors import ConflictError, NoteError, RelnotesError
from relnotes.notes.body import append_to_section, replace_line
from relnotes.notes.frontmatter import front_matter_span, remove_key, set_key, set_key_list
from relnotes.notes.notetext import NoteFile, render
from relnotes.vault.files import create_note, read_note, write_note

BOM = b"\xef\xbb\xbf"


def note_at(tmp_path: Path, data: bytes, name: str = "Jane Doe.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def edit(path: Path, change: Any, *args: Any) -> bytes:
    """Apply a text edit through read_note / write_note and return the file's new bytes."""
    note = read_note(path)
    write_note(note, change(note.text, *args))
    return path.read_bytes()


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- read_note and render ------------------------------------------------------------------


def test_read_note_fields(tmp_path: Path) -> None:
    data = BOM + b"---\r\nname: Jane\n---\rbody"
    path = note_at(tmp_path, data)
    note = read_note(path)
    st_ = path.stat()
    assert note == NoteFile(path, data, st_.st_size, st_.st_mtime_ns, True, "\r\n", "---\nname: Jane\n---\nbody")


def test_read_note_lf_without_bom(tmp_path: Path) -> None:
    note = read_note(note_at(tmp_path, b"a\r\nb\n".replace(b"\r\n", b"\n")))
    assert (note.bom, note.newline, note.text) == (False, "\n", "a\nb\n")


def test_read_note_rejects_non_utf8_naming_the_line(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jos\xe9\n---\n")
    with pytest.raises(NoteError) as err:
        read_note(path)
    assert err.value.line == 2
    assert err.value.path == str(path)
    assert "0xe9" in err.value.message and "offset 13" in err.value.message


def test_read_note_missing_file_is_a_note_error(tmp_path: Path) -> None:
    with pytest.raises(NoteError, match="cannot read"):
        read_note(tmp_path / "nobody.md")


def test_render_unchanged_returns_raw(tmp_path: Path) -> None:
    data = BOM + b"a\r\nb\nc\rd"
    note = read_note(note_at(tmp_path, data))
    assert render(note, note.text) is note.raw


def test_mixed_line_endings_survive_an_edit(tmp_path: Path) -> None:
    data = b"---\r\nname: Jane\ntier: casual\r\n---\nbody\r\nmore\n"
    path = note_at(tmp_path, data)
    assert edit(path, set_key, "tier", "ally") == b"---\r\nname: Jane\ntier: ally\r\n---\nbody\r\nmore\n"


def test_inserted_lines_use_the_first_line_ending(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\r\nname: Jane\n---\nbody\n")
    assert edit(path, set_key, "tier", "ally") == b"---\r\nname: Jane\ntier: ally\r\n---\nbody\n"


def test_crlf_stays_crlf(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\r\nname: Jane\r\n---\r\n## Log\r\n- 2026-11-20 met: hi\r\n")
    out = edit(path, append_to_section, "Log", "- 2026-11-21 sent: email")
    assert out == b"---\r\nname: Jane\r\n---\r\n## Log\r\n- 2026-11-20 met: hi\r\n- 2026-11-21 sent: email\r\n"


def test_lone_cr_lines_keep_their_endings(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\rname: Jane\r---\rbody\r")
    assert edit(path, set_key, "name", "Joan") == b"---\rname: Joan\r---\rbody\r"


def test_bom_stays(tmp_path: Path) -> None:
    path = note_at(tmp_path, BOM + b"---\nname: Jane\n---\n")
    assert edit(path, set_key, "tier", "ally") == BOM + b"---\nname: Jane\ntier: ally\n---\n"


def test_no_bom_is_added(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\n")
    assert not edit(path, set_key, "tier", "ally").startswith(BOM)


def test_no_trailing_newline_is_kept(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\nlast line")
    assert edit(path, set_key, "name", "Joan") == b"---\nname: Joan\n---\nlast line"


def test_appending_at_the_end_puts_the_newline_between(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"## Log\r\n- 2026-11-20 met: hi")
    out = edit(path, append_to_section, "Log", "- 2026-11-21 sent: x")
    assert out == b"## Log\r\n- 2026-11-20 met: hi\r\n- 2026-11-21 sent: x"


def test_new_section_after_a_file_without_trailing_newline(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"Met at the mixer.")
    assert edit(path, append_to_section, "Log", "- x") == b"Met at the mixer.\n\n## Log\n\n- x\n"


def test_unicode_tabs_and_trailing_spaces_untouched(tmp_path: Path) -> None:
    data = "---\nname: Zoë 🎉\t  \nnote:\t«café»   # ok\t\n---\n\tindented ☕  \n".encode()
    path = note_at(tmp_path, data)
    out = edit(path, set_key, "tier", "ally")
    assert out == "---\nname: Zoë 🎉\t  \nnote:\t«café»   # ok\t\ntier: ally\n---\n\tindented ☕  \n".encode()


def test_render_refuses_carriage_returns_in_text(tmp_path: Path) -> None:
    note = read_note(note_at(tmp_path, b"a\n"))
    with pytest.raises(ValueError):
        render(note, "a\r\nb\n")


# --- write_note --------------------------------------------------------------------------


def test_write_note_unchanged_writes_nothing(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    note = read_note(path)
    assert write_note(note, remove_key(note.text, "absent")) is False
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert leftovers(tmp_path) == []


def test_write_note_returns_true_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\n")
    note = read_note(path)
    assert write_note(note, set_key(note.text, "name", "Joan")) is True
    assert path.read_bytes() == b"---\nname: Joan\n---\n"
    assert leftovers(tmp_path) == []


def test_conflict_when_content_changed(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\n")
    note = read_note(path)
    path.write_bytes(b"---\nname: Jane Doe\n---\n")
    with pytest.raises(ConflictError) as err:
        write_note(note, set_key(note.text, "tier", "ally"))
    assert str(err.value) == f"{path} changed on disk since it was read; nothing was written — run the command again"
    assert err.value.exit_code == 3
    assert path.read_bytes() == b"---\nname: Jane Doe\n---\n"
    assert leftovers(tmp_path) == []


def test_conflict_when_only_mtime_changed(tmp_path: Path) -> None:
    data = b"---\nname: Jane\n---\n"
    path = note_at(tmp_path, data)
    note = read_note(path)
    os.utime(path, ns=(note.mtime_ns + 5_000_000_000, note.mtime_ns + 5_000_000_000))
    with pytest.raises(ConflictError):
        write_note(note, set_key(note.text, "tier", "ally"))
    assert path.read_bytes() == data
    assert leftovers(tmp_path) == []


def test_conflict_when_same_size_and_mtime_but_other_bytes(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\n")
    note = read_note(path)
    path.write_bytes(b"---\nname: Joan\n---\n")
    os.utime(path, ns=(note.mtime_ns, note.mtime_ns))
    with pytest.raises(ConflictError):
        write_note(note, set_key(note.text, "tier", "ally"))
    assert path.read_bytes() == b"---\nname: Joan\n---\n"


def test_conflict_when_deleted(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\n")
    note = read_note(path)
    path.unlink()
    with pytest.raises(ConflictError):
        write_note(note, set_key(note.text, "tier", "ally"))
    assert not path.exists()
    assert leftovers(tmp_path) == []


def test_mode_is_kept(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: Jane\n---\n")
    path.chmod(0o640)
    edit(path, set_key, "tier", "ally")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_symlink_is_kept_and_target_written(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere"
    real.mkdir()
    target = note_at(real, b"---\nname: Jane\n---\n")
    link = tmp_path / "Jane.md"
    link.symlink_to(target)
    assert edit(link, set_key, "tier", "ally") == b"---\nname: Jane\ntier: ally\n---\n"
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_bytes() == b"---\nname: Jane\ntier: ally\n---\n"
    assert leftovers(tmp_path) == [] and leftovers(real) == []


def test_create_note_writes_exact_bytes(tmp_path: Path) -> None:
    path = tmp_path / "Jane Doe.md"
    create_note(path, "---\nname: Jane Doe\n---\n")
    assert path.read_bytes() == b"---\nname: Jane Doe\n---\n"
    assert leftovers(tmp_path) == []


def test_long_file_name_still_gets_a_temp_file(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"---\nname: x\n---\n", name="é" * 120 + ".md")  # 243 bytes
    assert edit(path, set_key, "name", "y") == b"---\nname: y\n---\n"
    assert leftovers(tmp_path) == []


def test_create_note_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        create_note(tmp_path / "a.md", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.md").stat().st_mode) == 0o640


def test_create_note_refuses_to_overwrite(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"precious\n")
    with pytest.raises(RelnotesError, match="already exists"):
        create_note(path, "new\n")
    assert path.read_bytes() == b"precious\n"
    assert leftovers(tmp_path) == []


def test_create_note_refuses_a_dangling_symlink(tmp_path: Path) -> None:
    link = tmp_path / "Jane.md"
    link.symlink_to(tmp_path / "missing.md")
    with pytest.raises(RelnotesError, match="already exists"):
        create_note(link, "new\n")
    assert not (tmp_path / "missing.md").exists()


# --- front_matter_span -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("---\nname: Jane\n---\nbody", (1, 2)),
        ("---   \nname: Jane\n...\n", (1, 2)),
        ("---\n---\n", (1, 1)),
        ("body\n---\nname: x\n---\n", None),
        ("```\n---\nname: x\n---\n```\n", None),
        ("", None),
        ("----\nname: x\n---\n", None),
    ],
)
def test_front_matter_span(text: str, span: tuple[int, int] | None) -> None:
    assert front_matter_span(text) == span


def test_front_matter_never_closed() -> None:
    with pytest.raises(NoteError, match="never closed"):
        front_matter_span("---\nname: Jane\nbody\n")


# --- set_key ------------------------------------------------------------------------------

FM = "---\nname: Jane   # display name\n'tier': casual\ntags:\n  - a\n\n  - b\nemail: j@x.org\n---\n## Notes\nname: not a key\n"


def test_set_key_keeps_comment_and_spacing() -> None:
    assert set_key(FM, "name", '"Jane D."') == FM.replace("name: Jane   #", 'name: "Jane D."   #', 1)


@pytest.mark.parametrize(
    "line, value, expected",
    [
        ('tier: "active"', "strategic", 'tier: "strategic"'),
        ("tier: 'active'  # was casual", "ally", "tier: 'ally'  # was casual"),
        ('snooze_until: "2026-11-01"   # old', "2026-12-01", 'snooze_until: "2026-12-01"   # old'),
        ("snooze_until: '2026-11-01'", "2026-12-01", "snooze_until: '2026-12-01'"),
        ("name: 'Jane'", "O'Hara", "name: 'O''Hara'"),
        ('name: "Jane"', 'say "hi"', 'name: "say \\"hi\\""'),
        ("name: 'Jane'", '"yes"', "name: 'yes'"),
        ('q: "a # b"  # real comment', "1", "q: 1  # real comment"),
        ('q: "x"', "null", "q: null"),
        ("tier: active", "ally", "tier: ally"),
        ('tier: "active"', '"it: is"', 'tier: "it: is"'),
    ],
)
def test_set_key_keeps_the_quote_style(line: str, value: str, expected: str) -> None:
    text = f"---\nname: x\n{line}\n---\nbody\n" if not line.startswith("name:") else f"---\n{line}\n---\nbody\n"
    assert set_key(text, line.split(":")[0], value) == text.replace(line, expected)


def test_set_key_quoted_key_keeps_its_spelling() -> None:
    assert set_key(FM, "tier", "ally") == FM.replace("'tier': casual", "'tier': ally")


def test_set_key_replaces_a_block_value_with_one_line() -> None:
    assert set_key(FM, "tags", "solo") == FM.replace("tags:\n  - a\n\n  - b\n", "tags: solo\n")


def test_set_key_block_with_zero_indent_items_and_comment() -> None:
    text = "---\ntags: # mine\n- a\n# between\n- b\n# after\nname: x\n---\n"
    assert set_key(text, "tags", "[]") == "---\ntags: [] # mine\n# after\nname: x\n---\n"


def test_set_key_block_scalar() -> None:
    text = "---\nbio: |\n  line one\n\n  # not a comment\nname: x\n---\n"
    assert set_key(text, "bio", '"short"') == '---\nbio: "short"\nname: x\n---\n'


def test_set_key_keeps_indented_comment_after_scalar() -> None:
    text = "---\nname: Jane\n  # remember: she prefers Jen\ntier: ally\n---\n"
    assert set_key(text, "name", "Jen") == text.replace("name: Jane", "name: Jen")


def test_set_key_quoted_value_with_hash() -> None:
    text = "---\nq: \"a # b\"  # real comment\n---\n"
    assert set_key(text, "q", "1") == "---\nq: 1  # real comment\n---\n"


def test_set_key_flow_value_with_hash_inside_quotes() -> None:
    text = "---\nq: [a, \"b # c\", 'd # e']\t# comment\n---\n"
    assert set_key(text, "q", "x") == "---\nq: x\t# comment\n---\n"


def test_set_key_plain_value_with_inner_hash_and_colon() -> None:
    text = "---\nsite: http://x.org/#top # home\n---\n"
    assert set_key(text, "site", "y") == "---\nsite: y # home\n---\n"


def test_set_key_empty_value_with_comment() -> None:
    text = "---\nfollow_up:   # when\n---\n"
    assert set_key(text, "follow_up", "2026-12-01") == "---\nfollow_up: 2026-12-01   # when\n---\n"


def test_set_key_absent_goes_before_closing_line() -> None:
    assert set_key("---\nname: Jane\n# last comment\n...\nbody", "tier", "ally") == (
        "---\nname: Jane\n# last comment\ntier: ally\n...\nbody"
    )


def test_set_key_without_front_matter_prepends_it() -> None:
    assert set_key("Met at the mixer.\n", "tier", "ally") == "---\ntier: ally\n---\nMet at the mixer.\n"
    assert set_key("", "tier", "ally") == "---\ntier: ally\n---\n"


def test_set_key_ignores_nested_and_body_keys() -> None:
    text = "---\nmeta:\n  name: inner\n---\nname: body\n"
    assert set_key(text, "name", "Jane") == "---\nmeta:\n  name: inner\nname: Jane\n---\nname: body\n"


def test_set_key_with_duplicate_keys_edits_the_last() -> None:
    text = "---\ntier: casual\ntier: active\n---\n"
    assert set_key(text, "tier", "ally") == "---\ntier: casual\ntier: ally\n---\n"


def test_set_key_key_needing_quotes() -> None:
    assert set_key("---\n\"a: b\": 1\n---\n", "a: b", "2") == "---\n\"a: b\": 2\n---\n"
    assert set_key("---\n---\n", "a: b", "2") == "---\n\"a: b\": 2\n---\n"


def test_set_key_refuses_multiline_value() -> None:
    with pytest.raises(ValueError):
        set_key(FM, "name", "a\nb")


def test_set_key_unclosed_front_matter_is_an_error() -> None:
    with pytest.raises(NoteError):
        set_key("---\nname: Jane\n", "tier", "ally")


# --- set_key_list -------------------------------------------------------------------------


def test_set_key_list_flow_stays_flow() -> None:
    text = "---\ntags: [a, b]  # topics\n---\n"
    assert set_key_list(text, "tags", ["a", "b", '"c d"']) == '---\ntags: [a, b, "c d"]  # topics\n---\n'


def test_set_key_list_block_stays_block_with_its_indent() -> None:
    text = "---\naliases:\n    -   Jen   # nickname\n    -   JD\nname: x\n---\n"
    assert set_key_list(text, "aliases", ["Jen", "Janie"]) == (
        "---\naliases:\n    -   Jen   # nickname\n    -   Janie\nname: x\n---\n"
    )


def test_set_key_list_zero_indent_block() -> None:
    text = "---\ntags:\n- a\n---\n"
    assert set_key_list(text, "tags", ["a", "b"]) == "---\ntags:\n- a\n- b\n---\n"


def test_set_key_list_null_value_becomes_block() -> None:
    assert set_key_list("---\ntags:\n---\n", "tags", ["a"]) == "---\ntags:\n  - a\n---\n"


def test_set_key_list_new_key_is_block() -> None:
    assert set_key_list("---\nname: x\n---\n", "tags", ["a", "b"]) == "---\nname: x\ntags:\n  - a\n  - b\n---\n"
    assert set_key_list("body\n", "tags", ["a"]) == "---\ntags:\n  - a\n---\nbody\n"


def test_set_key_list_empty_is_flow_empty() -> None:
    assert set_key_list("---\ntags:\n  - a\n---\n", "tags", []) == "---\ntags: []\n---\n"


def test_set_key_list_keeps_comments_blank_lines_and_quotes_of_the_items_it_keeps() -> None:
    text = ('---\nname: Jane\naliases:\n  - JD\n  # maiden name, from the invite:\n  - "Jane Smith"\n\n'
            "  - Janie   # kids\nemail: [\"jane@x.com\", 'j@y.com']   # both\n---\nbody\n")
    grown = set_key_list(text, "aliases", ["JD", "Jane Smith", "Janie", "Jane Doe"])
    assert grown == text.replace("  - Janie   # kids\n", "  - Janie   # kids\n  - Jane Doe\n")
    shrunk = set_key_list(text, "aliases", ["Jane Smith", "Janie"])  # JD's line goes, nothing else
    assert shrunk == text.replace("  - JD\n", "")
    emails = set_key_list(text, "email", ["jane@x.com", "j@y.com", "jd@z.com"])
    assert emails == text.replace("'j@y.com']", "'j@y.com', jd@z.com]")
    trailing = "---\naliases: [Bobby, \"B. R.\", ]\n---\n"
    assert set_key_list(trailing, "aliases", ["Bobby", '"B. R."', "Bob Ray"]) == \
        "---\naliases: [Bobby, \"B. R.\", Bob Ray]\n---\n"


def test_set_key_list_written_anew_keeps_the_lines_between_the_items() -> None:
    """When the items change otherwise than by growing (a number written as text, the order),
    each item line is rewritten in place, with its comment when it holds the same text, and
    the comment and blank lines among them stay."""
    text = ('---\nphone:\n  - 5550101234   # cell\n  # the desk phone rings at reception\n\n'
            '  - "555-010-9999"\n---\n')
    assert set_key_list(text, "phone", ['"5550101234"', '"555-010-9999"', '"555-010-7777"']) == (
        '---\nphone:\n  - "5550101234"   # cell\n  # the desk phone rings at reception\n\n'
        '  - "555-010-9999"\n  - "555-010-7777"\n---\n')
    swapped = set_key_list(text, "phone", ['"555-010-9999"', "5550101234"])
    assert swapped == ('---\nphone:\n  - "555-010-9999"\n  # the desk phone rings at reception\n\n'
                       '  - 5550101234\n---\n')


LIST_ITEMS = st.lists(st.sampled_from(["a", "b c", "'q'", '"d"', "e  # note", "2026-01-01"]), max_size=5, unique=True)
BETWEEN = st.sampled_from(["", "  # a comment", "  #", "   "])


@given(LIST_ITEMS, st.lists(BETWEEN, max_size=6), st.lists(st.sampled_from(["x", "y z", "w"]), max_size=3, unique=True))
def test_growing_a_block_list_only_adds_lines(items, between, added) -> None:
    """Whatever comments and blank lines sit among a block list's items, adding items to its end
    keeps every line as it was and adds one line per new item, after the last item."""
    body = []
    for n, item in enumerate(items):
        body.append(f"  - {item}")
        if n < len(between):
            body.append(between[n])
    text = "---\nname: N\ntags:\n" + "".join(line + "\n" for line in body) + "other: 1\n---\n"
    old = yaml.safe_load(text.split("---\n")[1])["tags"] or []
    new = [a for a in added if a not in old]
    assume(items or new)  # an empty list set to empty is written `[]`: another test's
    result = set_key_list(text, "tags", [*[_as_written(i) for i in items], *new])
    lines, before = result.split("\n"), text.split("\n")
    assert [line for line in lines if line not in {f"  - {a}" for a in new}] == before
    assert yaml.safe_load(result.split("---\n")[1])["tags"] == [*old, *new]


def _as_written(item: str) -> str:
    return item.split("  #")[0]


# --- remove_key ---------------------------------------------------------------------------


def test_remove_key_with_block() -> None:
    assert remove_key(FM, "tags") == FM.replace("tags:\n  - a\n\n  - b\n", "")


def test_remove_key_keeps_trailing_blank_and_comments() -> None:
    text = "---\na: 1\nb:\n- x\n\n# about c\nc: 3\n---\n"
    assert remove_key(text, "b") == "---\na: 1\n\n# about c\nc: 3\n---\n"


def test_remove_key_removes_every_duplicate() -> None:
    assert remove_key("---\nx: 1\ny: 2\nx: 3\n---\n", "x") == "---\ny: 2\n---\n"


def test_remove_key_absent_or_no_front_matter_is_a_no_op() -> None:
    assert remove_key(FM, "nope") == FM
    assert remove_key("name: body\n", "name") == "name: body\n"


# --- append_to_section --------------------------------------------------------------------


def test_append_to_section_any_level_any_case() -> None:
    text = "# Jane\n\n### LOG\n- 2026-11-20 met: hi\n\n\n## Next\n"
    assert append_to_section(text, "Log", "- new") == "# Jane\n\n### LOG\n- 2026-11-20 met: hi\n- new\n\n\n## Next\n"


def test_append_to_section_includes_subsections() -> None:
    text = "## Log\n- a\n### detail\nmore\n## Other\n"
    assert append_to_section(text, "log", "- new") == "## Log\n- a\n### detail\nmore\n- new\n## Other\n"


def test_append_to_section_ignores_fences_and_front_matter() -> None:
    text = "---\n## Log\nname: x\n---\n```\n## Log\n```\n## Log\n\n## Other\n~~~\n## Log\n~~~\n"
    assert append_to_section(text, "Log", "- new") == (
        "---\n## Log\nname: x\n---\n```\n## Log\n```\n## Log\n- new\n\n## Other\n~~~\n## Log\n~~~\n"
    )


def test_append_to_section_uses_the_last_matching_section() -> None:
    text = "## Log\n- a\n## Log ##\n- b\n"
    assert append_to_section(text, "Log", "- c") == "## Log\n- a\n## Log ##\n- b\n- c\n"


def test_append_to_section_after_a_code_block_in_the_section() -> None:
    text = "## Log\n```\n- x\n```\n"
    assert append_to_section(text, "Log", "- y") == "## Log\n```\n- x\n```\n- y\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "## Log\n\n- x\n"),
        ("body", "body\n\n## Log\n\n- x\n"),
        ("body\n", "body\n\n## Log\n\n- x\n"),
        ("body\n\n", "body\n\n## Log\n\n- x\n"),
        ("---\nname: y\n---\n", "---\nname: y\n---\n\n## Log\n\n- x\n"),
        ("## Logbook\n- z\n", "## Logbook\n- z\n\n## Log\n\n- x\n"),
    ],
)
def test_append_to_section_new_section(text: str, expected: str) -> None:
    assert append_to_section(text, "Log", "- x") == expected


def test_append_to_section_inside_unclosed_fence_is_refused() -> None:
    with pytest.raises(NoteError, match="line 3 is never closed"):
        append_to_section("## Log\n- a\n```\ncode\n", "Log", "- b")
    with pytest.raises(NoteError, match="never closed"):
        append_to_section("body\n```\ncode\n", "Log", "- b")


def test_append_to_section_unclosed_fence_in_a_later_section_is_fine() -> None:
    assert append_to_section("## Log\n- a\n## Code\n```\nx\n", "Log", "- b") == "## Log\n- a\n- b\n## Code\n```\nx\n"


# --- replace_line -------------------------------------------------------------------------


def test_replace_line() -> None:
    assert replace_line("a\nb\nc", 1, "B") == "a\nB\nc"
    with pytest.raises(IndexError):
        replace_line("a\n", 2, "x")
    with pytest.raises(ValueError):
        replace_line("a\n", 0, "x\ny")


def test_replace_line_keeps_that_lines_ending(tmp_path: Path) -> None:
    path = note_at(tmp_path, b"- [ ] a\n- [ ] b\r\n- [ ] c\n")
    assert edit(path, replace_line, 1, "- [x] b") == b"- [ ] a\n- [x] b\r\n- [ ] c\n"


# --- property tests -------------------------------------------------------------------------
#
# A generated note is a list of (line, ending) with a model of where each front matter key
# lives and where the body's headings are; each edit's expected effect is computed from that
# model alone, then compared byte for byte with what write_note put on disk.

SCALARS = [
    ("Jane Doe", "Jane Doe"),
    ('"Jane ☕ # not a comment"', "Jane ☕ # not a comment"),
    ("'it''s #1'", "it's #1"),
    ("2026-11-20", date(2026, 11, 20)),
    ("42", 42),
    ("http://x.y/z#frag", "http://x.y/z#frag"),
    ("O'Brien", "O'Brien"),
    ("ünïcødé ✓", "ünïcødé ✓"),
    ("C#", "C#"),
    ("~", None),
    ('"tab\\there"', "tab\there"),
]
ITEMS = [("a", "a"), ('"b, c"', "b, c"), ("ü", "ü"), ("'#x'", "#x"), ("2026-01-02", date(2026, 1, 2))]
KEYS = ["name", "tier", "email", "tags", "met", "snooze_until", "company", "café", "two words", "a: b"]
COMMENTS = ["", "  # note", "\t# tab ☕", " #x", "   "]
STANDALONE = ["# comment ☕", "", "  # indented comment", "   "]
MARK = "INSERTED ⚑"


@dataclass
class Doc:
    lines: list[list[str]]  # [content, ending]; the last ending is ""
    bom: bool
    fm: tuple[int, int] | None  # (first inner line, closing line)
    keys: dict[str, Key] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    heads: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, title)

    @property
    def newline(self) -> str:
        return "\r\n" if self.lines[0][1] == "\r\n" else "\n"

    def data(self) -> bytes:
        return (BOM if self.bom else b"") + "".join(c + e for c, e in self.lines).encode()

    def finish(self) -> bytes:
        for pair in self.lines[:-1]:
            pair[1] = pair[1] or self.newline
        self.lines[-1][1] = ""
        return self.data()


@st.composite
def key_text(draw: st.DrawFn, key: str) -> str:
    forms = [f'"{key}"', f"'{key}'"] + ([] if ":" in key else [key])
    return draw(st.sampled_from(forms))


@dataclass
class Key:
    line: int  # index of the key line (in the inner front matter, then in the document)
    continuation: int  # how many lines of its value follow
    spelled: str  # the key as written
    sep: str  # whitespace after the colon ("" when the value is empty)
    comment: str  # what follows the value on the key line


@st.composite
def front_matter(draw: st.DrawFn) -> tuple[list[str], dict[str, Key], dict[str, Any]]:
    """Inner front matter lines, where each key is, and what yaml.safe_load should give."""
    lines: list[str] = []
    keys: dict[str, Key] = {}
    values: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=6)):
        lines += draw(st.lists(st.sampled_from(STANDALONE), max_size=2))
        kt, comment = draw(key_text(key)), draw(st.sampled_from(COMMENTS))
        kind = draw(st.sampled_from(["scalar", "empty", "flow", "block"]))
        sep = draw(st.sampled_from([" ", "  ", "\t"])) if kind in ("scalar", "flow") else ""
        start = len(lines)
        if kind == "scalar":
            text, values[key] = draw(st.sampled_from(SCALARS))
            lines.append(f"{kt}:{sep}{text}{comment}")
        elif kind == "empty":
            values[key] = None
            lines.append(f"{kt}:{comment}")
        elif kind == "flow":
            items = draw(st.lists(st.sampled_from(ITEMS), max_size=3))
            values[key] = [v for _, v in items]
            lines.append(f"{kt}:{sep}[{', '.join(t for t, _ in items)}]{comment}")
        else:
            items = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3))
            values[key] = [v for _, v in items]
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.append(f"{kt}:{comment}")
            for n, (text, _) in enumerate(items):
                if n:
                    lines += draw(st.lists(st.sampled_from(["", "# inside", "  # inside"]), max_size=1))
                lines.append(f"{indent}- {text}{draw(st.sampled_from(['', '  # item']))}")
        keys[key] = Key(start, len(lines) - start - 1, kt, sep, comment)
    lines += draw(st.lists(st.sampled_from(STANDALONE), max_size=2))
    return lines, keys, values


TEXT = st.text(st.characters(codec="utf-8", exclude_characters="#`~\r\n"), max_size=12)
HEADINGS = [("Log", "log"), ("log", "log"), ("LOG", "log"), ("Log ##", "log"), ("Notes", "notes"),
            ("Promises", "promises"), ("Logbook", "logbook")]
SPECIAL = ["---", "...", "", "   ", "\t\tindented", "trailing  ", "- [ ] task 📅 2026-11-22",
           "- 2026-11-20 met: at [[Mixer]]", "line\u2028separator", "next\x85line"]


@st.composite
def body(draw: st.DrawFn) -> tuple[list[str], list[tuple[int, int, str]]]:
    lines: list[str] = []
    heads: list[tuple[int, int, str]] = []
    for kind in draw(st.lists(st.sampled_from(["heading", "text", "special", "fence"]), max_size=12)):
        if kind == "heading":
            level = draw(st.integers(1, 4))
            shown, title = draw(st.sampled_from(HEADINGS))
            heads.append((len(lines), level, title))
            lines.append("#" * level + " " + shown)
        elif kind == "text":
            lines.append(draw(TEXT))
        elif kind == "special":
            lines.append(draw(st.sampled_from(SPECIAL)))
        else:
            fence = draw(st.sampled_from(["```", "~~~", "```python"]))
            inner = st.sampled_from(["## Log", "---", "# x", "- 2026-01-01 sent: code"]) | TEXT
            lines += [fence, *draw(st.lists(inner, max_size=3)), fence[:3]]
    return lines, heads


@st.composite
def docs(draw: st.DrawFn) -> Doc:
    content: list[str] = []
    fm = None
    keys: dict[str, Key] = {}
    values: dict[str, Any] = {}
    if draw(st.booleans()):
        inner, found, values = draw(front_matter())
        content = [draw(st.sampled_from(["---", "--- "])), *inner, draw(st.sampled_from(["---", "...", "---  "]))]
        fm = (1, len(inner) + 1)
        keys = {k: Key(v.line + 1, v.continuation, v.spelled, v.sep, v.comment) for k, v in found.items()}
    else:
        content = ["Intro"]
    offset = len(content)
    lines, heads = draw(body())
    content += lines
    ends = draw(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(content), max_size=len(content)))
    pairs = [[c, e] for c, e in zip(content, ends, strict=True)]
    if draw(st.booleans()):
        pairs.append(["", ""])
    else:
        pairs[-1][1] = ""
    heads = [(i + offset, level, title) for i, level, title in heads]
    return Doc(pairs, draw(st.booleans()), fm, keys, values, heads)


def spelled(key: str) -> str:
    """How set_key writes a new key: plain when it is a simple name, else double-quoted."""
    return key if re.fullmatch(r"[A-Za-z_][\w-]*", key) else json.dumps(key, ensure_ascii=False)


def roundtrip(doc: Doc, change: Any, *args: Any) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Jane Doe.md"
        path.write_bytes(doc.data())
        note = read_note(path)
        assert render(note, note.text) == doc.data()
        write_note(note, change(note.text, *args))
        assert leftovers(Path(folder)) == []
        return path.read_bytes()


def parses(doc: Doc) -> bool:
    """Whether the generated front matter loads with PyYAML (a tab before a comment does not)."""
    if doc.fm is None:
        return False
    try:
        loaded = loaded_front_matter(doc.data())
    except yaml.YAMLError:
        return False
    assert loaded == doc.values  # the model of the generated note is right
    return True


def loaded_front_matter(data: bytes) -> Any:
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    span = front_matter_span(text)
    assert span is not None
    return yaml.safe_load("\n".join(text.split("\n")[span[0]:span[1]])) or {}


def same_quotes(old: str, text: str, value: Any) -> tuple[str, Any]:
    """The model of a quoted value being replaced: text (or a date) keeps the old quote style."""
    quote = old[:1]
    if quote not in ("'", '"') or text[:1] == quote or not isinstance(value, (str, date)):
        return text, value
    string = text if isinstance(value, date) else value
    if quote == "'":
        return "'" + string.replace("'", "''") + "'", string
    return json.dumps(string, ensure_ascii=False), string


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(docs(), st.data(), st.sampled_from(SCALARS[:-2]))
def test_set_key_changes_only_its_lines(doc: Doc, data: st.DataObject, scalar: tuple[str, Any]) -> None:
    key = data.draw(st.sampled_from([*doc.keys, "follow_up_note", "two words", "a: b"]))
    text, value = scalar
    check_yaml = doc.fm is None or parses(doc)
    out = roundtrip(doc, set_key, key, text)
    new_line = [f"{spelled(key)}: {text}", doc.newline]
    event("no front matter" if doc.fm is None else "new key" if key not in doc.keys else "existing key")
    event(f"YAML checked: {check_yaml}")
    if doc.fm is None:
        doc.lines[0:0] = [["---", doc.newline], new_line, ["---", doc.newline]]
        values = {key: value}
    elif key not in doc.keys:
        doc.lines.insert(doc.fm[1], new_line)
        values = {**doc.values, key: value}
    else:
        k = doc.keys[key]
        if k.sep:
            line = doc.lines[k.line][0]
            old = line[len(k.spelled) + 1 + len(k.sep):len(line) - len(k.comment)]
            text, value = same_quotes(old, text, value)
            doc.lines[k.line][0] = f"{k.spelled}:{k.sep}{text}{k.comment}"
        else:  # the value was empty or a block below the key line
            doc.lines[k.line][0] = f"{k.spelled}: {text}{k.comment if k.comment.strip() else ''}"
        del doc.lines[k.line + 1:k.line + 1 + k.continuation]
        values = {**doc.values, key: value}
    assert out == doc.finish()
    if check_yaml:
        assert loaded_front_matter(out) == values


@PROPERTY
@given(docs(), st.data())
def test_remove_key_changes_only_its_lines(doc: Doc, data: st.DataObject) -> None:
    key = data.draw(st.sampled_from([*doc.keys, "follow_up_note"]))
    check_yaml = parses(doc)
    out = roundtrip(doc, remove_key, key)
    if key in doc.keys:
        k = doc.keys[key]
        del doc.lines[k.line:k.line + 1 + k.continuation]
        assert out == doc.finish()
        if check_yaml:
            assert loaded_front_matter(out) == {k: v for k, v in doc.values.items() if k != key}
    else:
        assert out == doc.data()


@PROPERTY
@given(docs())
def test_append_to_section_changes_only_its_line(doc: Doc) -> None:
    out = roundtrip(doc, append_to_section, "Log", f"- {MARK}")
    logs = [n for n, (_, _, title) in enumerate(doc.heads) if title == "log"]
    event("into a Log section" if logs else "a new Log section")
    if logs:
        start, level, _ = doc.heads[logs[-1]]
        end = next((i for i, lv, _ in doc.heads[logs[-1] + 1:] if lv <= level), len(doc.lines))
        last = max(i for i in range(start, end) if doc.lines[i][0].strip())
        doc.lines.insert(last + 1, [f"- {MARK}", doc.newline])
    else:
        if doc.lines[-1][0] == "" and len(doc.lines) > 1:
            doc.lines.pop()  # the empty "line" after a final newline
        if doc.lines[-1][0].strip():
            doc.lines.append(["", doc.newline])
        doc.lines += [["## Log", ""], ["", ""], [f"- {MARK}", ""], ["", ""]]
    check_yaml = parses(doc)
    assert out == doc.finish()
    if check_yaml:
        assert loaded_front_matter(out) == doc.values


@PROPERTY
@given(docs(), st.data())
def test_replace_line_changes_only_that_line(doc: Doc, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(doc.lines) - 1))
    out = roundtrip(doc, replace_line, index, MARK)
    doc.lines[index][0] = MARK
    assert out == doc.finish()


@PROPERTY
@given(docs())
def test_read_render_roundtrip(doc: Doc) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.md"
        path.write_bytes(doc.data())
        note = read_note(path)
        assert note.text == "\n".join(c for c, _ in doc.lines)
        assert note.bom == doc.bom and note.newline == doc.newline
        assert render(note, note.text) == doc.data()
        assert write_note(note, note.text) is False

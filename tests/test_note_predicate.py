"""One rule says which files are notes: the walk, watch's path filter and NoteSet.refresh agree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relnotes.agenda.watch import PathFilter
from relnotes.config import load_config
from relnotes.core.settings import Config
from relnotes.vault.load import NoteSet
from relnotes.vault.scan import NotePaths, scan

# (path, a note under the default settings?)
DEFAULT_TABLE = [
    ("Jane.md", True),
    ("contacts/Jane Doe.md", True),
    ("contacts/Jane.MD", False),  # the suffix in that letter case only
    ("contacts/Jane.Md", False),
    ("contacts/.Jane.md", False),  # hidden
    ("contacts/.#Jane.md", False),  # Emacs' lock
    ("contacts/.Jane.md.swp", False),  # vim's swap file
    ("contacts/Jane.md.swp", False),
    ("contacts/Jane.md~", False),
    ("contacts/Jane.md.tmp", False),
    ("contacts/Jane.md.crswap", False),
    ("contacts/4913", False),
    ("contacts/notes.txt", False),
    (".obsidian/workspace.md", False),
    (".trash/Old.md", False),
    (".relnotes/x.md", False),
    ("contacts/.hidden/Inner.md", False),
    ("drafts/Draft.md", False),
    ("drafts/sub/Draft.md", False),
    ("Drafts/Case.md", True),  # the drafts folder is "drafts": letter case counts
    ("templates/follow-up.md", False),
    ("events/templates/Meetup.md", True),  # only the templates folder at the root
    ("events/drafts/Meetup.md", True),
    ("AGENDA.md", False),
    ("agenda.md", True),
    ("events/AGENDA.md", True),
    ("drafts.md", True),  # a file named like the folder
    ("draftsx/Note.md", True),
    ("templates2/Note.md", True),
    ("notes/x.md.md", True),
    ("Ünïcode/Zoë Ødegård.md", True),
    ("a/b/c/deep.md", True),
    ("contacts/ spaced .md", True),
    ("contacts/.md", False),
]

CUSTOM_TOML = '[vault]\ndrafts_dir = "out/drafts"\ntemplates_dir = "tpl"\nagenda_file = "out/Agenda.md"\n'
CUSTOM_TABLE = [
    ("out/Note.md", True),
    ("out/drafts/x.md", False),
    ("out/drafts/deeper/x.md", False),
    ("out/Agenda.md", False),
    ("out/agenda.md", True),
    ("out/draftsy/x.md", True),
    ("tpl/x.md", False),
    ("drafts/x.md", True),
    ("templates/x.md", True),
    ("AGENDA.md", True),
    (".git/x.md", False),
]


def build(root: Path, paths: list[str], toml: str = "") -> Config:
    root.mkdir()
    (root / "relnotes.toml").write_text(toml, encoding="utf-8")
    for rel in paths:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\nname: {path.stem}\n---\n", encoding="utf-8")
    return load_config(root)


def walked(config: Config) -> set[str]:
    entries, _problems = scan(config)
    return {entry.rel for entry in entries}


def refreshed(config: Config, rels: list[str]) -> set[str]:
    notes = NoteSet(config)
    notes.refresh(rels)
    return set(notes.notes)


def filtered(config: Config, rels: list[str]) -> set[str]:
    path_filter = PathFilter(config)
    found = {path_filter.rel(str(config.root / rel)) for rel in rels}
    return {rel for rel in found if rel is not None}


def folders_of(rels: list[str]) -> list[str]:
    return sorted({"/".join(rel.split("/")[:n]) for rel in rels for n in range(1, rel.count("/") + 1)})


def assert_all_agree(config: Config, rels: list[str], expected: set[str]) -> None:
    assert walked(config) == expected
    assert refreshed(config, rels) == expected
    assert filtered(config, rels) == expected
    paths = NotePaths.of(config)
    assert {rel for rel in rels if paths.note(rel)} == expected


@pytest.mark.parametrize(("table", "toml"), [(DEFAULT_TABLE, ""), (CUSTOM_TABLE, CUSTOM_TOML)],
                         ids=["default settings", "folders and agenda file set"])
def test_the_walk_refresh_and_the_watch_filter_agree_on_every_path(tmp_path, table, toml):
    rels = [rel for rel, _ in table]
    config = build(tmp_path / "v", rels, toml)
    assert_all_agree(config, rels, {rel for rel, note in table if note})


def test_a_folder_event_counts_when_the_walk_would_enter_the_folder(tmp_path):
    rels = [rel for rel, _ in DEFAULT_TABLE]
    config = build(tmp_path / "v", rels)
    folders = folders_of(rels)
    probes = [f"{folder}/probe.md" for folder in folders]
    for probe in probes:
        (config.root / probe).write_text("probe\n", encoding="utf-8")
    entered = {probe[: -len("/probe.md")] for probe in walked(config) & set(probes)}
    path_filter = PathFilter(config)
    assert {f for f in folders if path_filter.rel(str(config.root / f), is_dir=True) is not None} == entered
    assert entered == {"Drafts", "a", "a/b", "a/b/c", "contacts", "draftsx", "events", "events/drafts",
                       "events/templates", "notes", "templates2", "Ünïcode"}
    assert path_filter.rel(str(config.root / "events"), is_dir=True) == "events/"
    assert path_filter.rel(str(config.root), is_dir=True) is None  # the vault itself
    assert path_filter.rel(str(config.root.parent / "elsewhere.md")) is None


def test_a_note_reached_through_a_link_leading_out_of_the_vault_is_no_note_for_refresh_either(tmp_path):
    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "Far.md").write_text("---\nname: Far\n---\n", encoding="utf-8")
    (outside / "sub" / "Deep.md").write_text("---\nname: Deep\n---\n", encoding="utf-8")
    config = build(tmp_path / "v", ["contacts/Jane.md"])
    os.symlink(outside / "Far.md", config.root / "contacts" / "Far.md")  # a file link out
    os.symlink(outside / "sub", config.root / "contacts" / "away")  # a folder link out
    os.symlink("Jane.md", config.root / "contacts" / "Also Jane.md")  # a second name: read once, as Jane
    (config.root / "people").mkdir()
    (config.root / "people" / "Lee.md").write_text("---\nname: Lee\n---\n", encoding="utf-8")
    os.symlink("../people/Lee.md", config.root / "contacts" / "Lee.md")  # a contact made of a note elsewhere
    rels = ["contacts/Jane.md", "contacts/Far.md", "contacts/away/Deep.md", "contacts/Also Jane.md", "contacts/Lee.md",
            "people/Lee.md"]
    expected = {"contacts/Jane.md", "contacts/Lee.md", "people/Lee.md"}
    assert walked(config) == expected
    assert refreshed(config, rels) == expected


SEGMENTS = ["a", "B", ".h", "drafts", "Drafts", "templates", "tpl", "out"]
NAMES = ["x.md", "Y.MD", ".x.md", "AGENDA.md", "Agenda.md", "x.md~", "x.txt", "drafts.md", ".md"]


@st.composite
def vault_paths(draw: st.DrawFn) -> list[str]:
    folders = draw(st.lists(st.lists(st.sampled_from(SEGMENTS), max_size=3), min_size=1, max_size=6))
    return sorted({"/".join([*folder, draw(st.sampled_from(NAMES))]) for folder in folders})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rels=vault_paths(), custom=st.booleans())
def test_any_tree_of_files_is_seen_alike_by_all_three(tmp_path_factory, rels, custom):
    toml = '[vault]\ndrafts_dir = "out/drafts"\ntemplates_dir = "tpl"\nagenda_file = "out/Agenda.md"\n' if custom else ""
    config = build(tmp_path_factory.mktemp("tree") / "v", rels, toml)
    expected = walked(config)
    assert refreshed(config, rels) == expected
    assert filtered(config, rels) == expected
    assert {rel for rel in rels if NotePaths.of(config).note(rel)} == expected

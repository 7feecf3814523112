"""Values written into front matter read back as themselves, emoji and all, and look as typed."""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import invoke
from relnotes.notes.yamlload import load_yaml
from relnotes.notes.yamlscalar import double_quoted, flow_list, scalar


def test_emoji_are_written_as_themselves() -> None:
    assert scalar("Sudhir 🔸 Example") == '"Sudhir 🔸 Example"'
    assert scalar("Zoë Ødegaard") == "Zoë Ødegaard"
    assert scalar("Jane Doe") == "Jane Doe"
    assert double_quoted('say "hi" \\ bye') == '"say \\"hi\\" \\\\ bye"'


@given(st.text(min_size=1, max_size=40))
def test_any_text_reads_back_as_the_text_written(text: str) -> None:
    written = " ".join(text.split())
    if not written:
        return
    line = f"name: {scalar(text)}\nother: {flow_list([text, 'x'])}\n"
    for loaded in (load_yaml(line), yaml.safe_load(line)):
        assert loaded["name"] == written
        assert loaded["other"] == [written, "x"]


def test_a_comma_is_quoted_only_inside_a_flow_list() -> None:
    assert scalar("Doe, Jane") == "Doe, Jane"
    assert flow_list(["Doe, Jane", "Bob"]) == '["Doe, Jane", Bob]'
    assert yaml.safe_load("p: " + flow_list(["A,0", "x"]))["p"] == ["A,0", "x"]


def test_dates_and_numbers_stay_plain() -> None:
    assert scalar(dt.date(2026, 12, 3)) == "2026-12-03"
    assert scalar(3) == "3"


def test_linkedin_emoji_name_is_readable_in_the_note(runner, tmp_path) -> None:
    vault = tmp_path / "v"
    (vault / "contacts").mkdir(parents=True)
    csv = tmp_path / "Connections.csv"
    csv.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                   "Sudhir 🔸,Example,,,Acme,Advisor,07 Oct 2024\n", encoding="utf-8")
    result = invoke(runner, "--vault", str(vault), "import", "linkedin", str(csv))
    assert result.exit_code == 0, result.output
    note = (vault / "contacts" / "Sudhir 🔸 Example.md").read_text(encoding="utf-8")
    assert note.startswith('---\nname: "Sudhir 🔸 Example"\n')

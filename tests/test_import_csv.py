"""relnotes import linkedin / import csv: every real fixture, both LinkedIn layouts, --map."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REAL_FIXTURES, VaultBuilder, invoke
from tests.test_import_vcard import snapshot

CSVS = REAL_FIXTURES / "csv"
needs_fixtures = pytest.mark.skipif(not CSVS.is_dir(), reason="the shared real fixtures are not here")

LINKEDIN_2024 = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Jane,"Doe, MBA",https://www.linkedin.com/in/janedoe,jane@example.org,Acme,CTO,07 Oct 2024
,,,,,,02 Jun 2022
Ivan\t, Petrov ,https://www.linkedin.com/in/ivan,,,,30 May 2024"""

LINKEDIN_2018 = """First Name,Last Name,Email Address,Company,Position,Connected On
Karl,Eksempel,karl@example.com,ApproveIT,Owner,"1/8/18, 6:14 PM"
Mai,Tran,urn:li:member:0,"Big, Co",Dev,"11/17/17, 9:40 PM"
"""


def test_linkedin_2024_layout(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN_2024, encoding="utf-8")
    result = invoke(runner, "import", "linkedin", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "new       contacts/Jane Doe, MBA.md  (Connections.csv row 1)",
        "new       contacts/Ivan Petrov.md  (Connections.csv row 3)",
        "skipped   Connections.csv row 2: no name (the name columns are empty)",
        "2 new, 0 merged, 0 unchanged, 0 conflicts, 1 skipped",
    ]
    text = (make_vault.root / "contacts" / "Jane Doe, MBA.md").read_text(encoding="utf-8")
    assert text.startswith('---\nname: Jane Doe, MBA\nemail: jane@example.org\ncompany: Acme\nrole: CTO\n'
                           'linkedin: "https://www.linkedin.com/in/janedoe"\n---\n')
    assert "met:" not in text


def test_linkedin_connected_as_met_and_2018_layout(runner: CliRunner, make_vault: VaultBuilder,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN_2018, encoding="utf-8")
    result = invoke(runner, "import", "linkedin", "--connected-as-met", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    karl = (make_vault.root / "contacts" / "Karl Eksempel.md").read_text(encoding="utf-8")
    assert "email: karl@example.com\n" in karl and "met: 2018-01-08\n" in karl
    mai = (make_vault.root / "contacts" / "Mai Tran.md").read_text(encoding="utf-8")
    assert "email:" not in mai and "company: Big, Co\n" in mai and "met: 2017-11-17\n" in mai


def test_linkedin_merges_into_an_existing_contact(runner: CliRunner, make_vault: VaultBuilder,
                                                  tmp_path: Path) -> None:
    note = make_vault.contact("Karl Eksempel", "company: Other AS", "## Log\n- 2026-01-01 call: hi")
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN_2018, encoding="utf-8")
    result = invoke(runner, "import", "linkedin", str(path), vault=make_vault.root)
    assert ("conflict  contacts/Karl Eksempel.md: company: note says Other AS, record says ApproveIT — kept Other AS"
            in result.stdout.splitlines())
    assert note.read_text(encoding="utf-8") == ("---\nname: Karl Eksempel\ncompany: Other AS\nemail: karl@example.com\n"
                                                "role: Owner\n---\n\n## Log\n- 2026-01-01 call: hi\n")


def test_not_a_linkedin_file_is_one_line(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = invoke(runner, "import", "linkedin", str(path), vault=make_vault.root)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: x.csv: no 'First Name,Last Name,…' header; is this LinkedIn's "
                             "Connections.csv?\n")


def test_outlook_layout_by_headers(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "outlook.csv"
    path.write_text("Title,First Name,Middle Name,Last Name,Suffix,Company,Job Title,Business City,"
                    "E-mail Address,Mobile Phone,Birthday,Categories\n"
                    ",Jane,,Doe,,Acme,CTO,Atlanta,jane@example.org,555 0100,3/14/1980,VIP;Fintech\n",
                    encoding="utf-8")
    result = invoke(runner, "import", "csv", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    text = (make_vault.root / "contacts" / "Jane Doe.md").read_text(encoding="utf-8")
    assert text.startswith("---\nname: Jane Doe\nemail: jane@example.org\nphone: \"555 0100\"\ncompany: Acme\n"
                           "role: CTO\nlocation: Atlanta\ntags: [VIP, Fintech]\nbirthday: 1980-03-14\n---\n")


def test_generic_csv_with_map(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Full name,Mail,Org\nJane Doe,jane@example.org,Acme\n", encoding="utf-8")
    refused = invoke(runner, "import", "csv", str(path), vault=make_vault.root)
    assert refused.exit_code == 2
    assert refused.stderr == ("relnotes: people.csv: no name column (columns: Full name, Mail, Org); "
                              "name one with --map name=COLUMN\n")
    bad = invoke(runner, "import", "csv", "--map", "nick=Mail", str(path), vault=make_vault.root)
    assert bad.exit_code == 2 and bad.stderr.startswith("relnotes: --map nick=Mail: 'nick' is not a key")
    result = invoke(runner, "import", "csv", "--map", "name=Full name", "--map", "email=Mail",
                    "--map", "company=Org", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert (make_vault.root / "contacts" / "Jane Doe.md").read_text(encoding="utf-8").startswith(
        "---\nname: Jane Doe\nemail: jane@example.org\ncompany: Acme\n---\n")


@needs_fixtures
@pytest.mark.parametrize("rel", sorted(p.relative_to(CSVS).as_posix() for p in CSVS.rglob("*.csv"))
                         if CSVS.is_dir() else [])
def test_every_real_csv_imports_and_a_second_import_changes_nothing(
        runner: CliRunner, make_vault: VaultBuilder, rel: str) -> None:
    command = "linkedin" if rel.startswith("linkedin/") else "csv"
    extra = ["--connected-as-met"] if command == "linkedin" else []
    result = invoke(runner, "import", command, *extra, str(CSVS / rel), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    first = snapshot(make_vault.root)
    assert first
    again = invoke(runner, "import", command, *extra, str(CSVS / rel), vault=make_vault.root)
    assert again.exit_code == 0 and again.stdout.splitlines()[-1].startswith("0 new, 0 merged, ")
    assert snapshot(make_vault.root) == first
    check = invoke(runner, "check", vault=make_vault.root)
    assert "Traceback" not in check.output


def test_linkedin_file_given_to_import_csv_says_which_command(runner: CliRunner, make_vault: VaultBuilder,
                                                              tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(LINKEDIN_2024, encoding="utf-8")
    result = invoke(runner, "import", "csv", str(path), vault=make_vault.root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: Connections.csv: this is LinkedIn's Connections.csv; import it with "
                             "'relnotes import linkedin'\n")

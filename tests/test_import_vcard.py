"""relnotes import vcard: every real fixture card, merging never clobbering, idempotent re-import."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REAL_FIXTURES, VaultBuilder, invoke

VCARDS = REAL_FIXTURES / "vcard"
needs_fixtures = pytest.mark.skipif(not VCARDS.is_dir(), reason="the shared real fixtures are not here")


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*.md"))}


def write_vcf(tmp_path: Path, text: str, name: str = "cards.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


JANE = """BEGIN:VCARD
VERSION:3.0
FN:Jane Doe
N:Doe;Jane;;;
EMAIL;TYPE=work:JANE@example.org
item1.EMAIL:jane.home@example.org
item1.X-ABLabel:Home
TEL;TYPE=cell:+1 555 0100
ORG:Other Corp;Sales
TITLE:CTO
ADR;TYPE=work:;;1 Main St;Atlanta;GA;30301;USA
URL:https://www.linkedin.com/in/janedoe
BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-14
CATEGORIES:fintech,speaker
UID:jane-1
NOTE:Met at the mixer.
PHOTO;ENCODING=b;TYPE=JPEG:AAAA
 BBBB
END:VCARD
"""


def test_new_contact_from_a_card(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    vcf = write_vcf(tmp_path, JANE)
    result = invoke(runner, "import", "vcard", str(vcf), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == ("new       contacts/Jane Doe.md  (cards.vcf card 1)\n"
                             "1 new, 0 merged, 0 unchanged, 0 conflicts, 0 skipped\n")
    text = (make_vault.root / "contacts" / "Jane Doe.md").read_text(encoding="utf-8")
    assert text == ("---\nname: Jane Doe\nemail: [JANE@example.org, jane.home@example.org]\n"
                    "phone: \"+1 555 0100\"\ncompany: Other Corp\nrole: CTO\nlocation: Atlanta\n"
                    "tags: [fintech, speaker]\nlinkedin: \"https://www.linkedin.com/in/janedoe\"\n"
                    "birthday: \"--03-14\"\nuid: jane-1\n---\n\n# Jane Doe\n\nMet at the mixer.\n\n## Log\n")
    shown = invoke(runner, "show", "Jane Doe", vault=make_vault.root)
    assert shown.exit_code == 0, shown.output


def test_merge_adds_only_what_is_missing_and_lists_conflicts(runner: CliRunner, make_vault: VaultBuilder,
                                                              tmp_path: Path) -> None:
    note = make_vault.contact("Jane Doe", "email: jane@example.org\ncompany: Acme Payments  # kept\ntier: ally",
                              "My own words.\n\n## Log\n- 2026-01-02 call: hello")
    before = note.read_text(encoding="utf-8")
    vcf = write_vcf(tmp_path, JANE)
    result = invoke(runner, "import", "vcard", str(vcf), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "merge     contacts/Jane Doe.md  + email, phone, role, location, tags, linkedin, birthday, uid "
        "(matched by email, cards.vcf card 1)",
        "conflict  contacts/Jane Doe.md: company: note says Acme Payments, card says Other Corp — kept Acme Payments",
        "0 new, 1 merged, 0 unchanged, 1 conflicts, 0 skipped",
    ]
    after = note.read_text(encoding="utf-8")
    assert "company: Acme Payments  # kept\n" in after and "tier: ally\n" in after
    assert "email: [jane@example.org, jane.home@example.org]\n" in after
    assert after.split("---\n", 2)[2] == before.split("---\n", 2)[2]  # the body: byte for byte
    again = invoke(runner, "import", "vcard", str(vcf), vault=make_vault.root)
    assert again.stdout.splitlines()[0].startswith("same      contacts/Jane Doe.md  nothing new (matched by email")
    assert note.read_text(encoding="utf-8") == after


def test_dry_run_writes_nothing(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    make_vault.contact("Jane Doe", "email: jane@example.org")
    before = snapshot(make_vault.root)
    vcf = write_vcf(tmp_path, JANE + JANE.replace("Jane Doe", "Jon Smith").replace("jane", "jon")
                    .replace("JANE", "JON").replace("UID:jon-1", "UID:jon-2"))
    result = invoke(runner, "import", "vcard", "--dry-run", str(vcf), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "new       contacts/Jon Smith.md  (cards.vcf card 2)"
    assert result.stdout.splitlines()[-1] == ("dry run: 1 new, 1 merged, 0 unchanged, 0 conflicts, 0 skipped; "
                                              "nothing was written")
    assert snapshot(make_vault.root) == before


def test_match_by_uid_then_name_and_near_names_are_not_merged(runner: CliRunner, make_vault: VaultBuilder,
                                                              tmp_path: Path) -> None:
    make_vault.contact("Janet Dough", "uid: jane-1")
    make_vault.contact("Bob Stone")
    make_vault.contact("Priya Raman")
    cards = JANE + "BEGIN:VCARD\nVERSION:4.0\nFN:bob stone\nTITLE:Chef\nEND:VCARD\n" \
        + "BEGIN:VCARD\nVERSION:4.0\nFN:Priya Ramen\nEND:VCARD\n"
    result = invoke(runner, "import", "vcard", str(write_vcf(tmp_path, cards)), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "new       contacts/Priya Ramen.md  (cards.vcf card 3)" in lines
    assert any(line.startswith("merge     contacts/Janet Dough.md") and "(matched by uid" in line for line in lines)
    assert "merge     contacts/Bob Stone.md  + role (matched by name, cards.vcf card 2)" in lines
    assert ("near      'Priya Ramen' (cards.vcf card 3) looks like Priya Raman (contacts/Priya Raman.md); "
            "not merged, imported as a new note") in lines


def test_a_broken_card_is_skipped_and_the_rest_import(runner: CliRunner, make_vault: VaultBuilder,
                                                     tmp_path: Path) -> None:
    cards = "BEGIN:VCARD\nVERSION:3.0\nFN:Cut Short\n" + JANE + \
        "BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=C3=91ame;Jos=C3=A9;;;\n" \
        "NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline =\ntwo\nBDAY:--0520\nEND:VCARD\n"
    result = invoke(runner, "import", "vcard", str(write_vcf(tmp_path, cards)), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert "skipped   cards.vcf card 1 (Cut Short): the card has no END:VCARD" in result.stdout.splitlines()
    assert (make_vault.root / "contacts" / "Jane Doe.md").exists()
    text = (make_vault.root / "contacts" / "José Ñame.md").read_text(encoding="utf-8")
    assert 'birthday: "--05-20"\n' in text and "line one\nline two" in text


@needs_fixtures
def test_every_real_fixture_imports_and_a_second_import_changes_nothing(
        runner: CliRunner, make_vault: VaultBuilder) -> None:
    result = invoke(runner, "import", "vcard", str(VCARDS), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == "24 new, 0 merged, 0 unchanged, 5 conflicts, 3 skipped, 3 folded"
    assert "skipped   khard__unparsable.vcf card 1 (second contact with minimal Vcard): the card has no END:VCARD" in lines
    # the same person in three files (by email) and twice by name: folded into one note each, and said so
    assert [line for line in lines if line.startswith("folded")] == [
        "folded    ezvcard__John_Doe_IPHONE.vcf card 1 into ezvcard__John_Doe_EVOLUTION.vcf card 1 "
        "(the same email: one person)",
        "folded    ezvcard__John_Doe_MAC_ADDRESS_BOOK.vcf card 1 into ezvcard__John_Doe_EVOLUTION.vcf card 1 "
        "(the same email: one person)",
        "folded    ezvcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf card 1 into "
        "ezvcard__John_Doe_BLACK_BERRY.vcf card 1 (the same name: one person)"]
    assert ("conflict  ezvcard__John_Doe_IPHONE.vcf card 1: birthday: ezvcard__John_Doe_EVOLUTION.vcf card 1 says "
            "1980-03-22, this card says 2012-06-06 — kept 1980-03-22") in lines
    first = snapshot(make_vault.root)
    assert len(first) == 24
    again = invoke(runner, "import", "vcard", str(VCARDS), vault=make_vault.root)
    assert again.stdout.splitlines()[-1] == "0 new, 0 merged, 24 unchanged, 5 conflicts, 3 skipped, 3 folded"
    assert snapshot(make_vault.root) == first
    check = invoke(runner, "check", vault=make_vault.root)
    assert "cannot" not in check.output and "Traceback" not in check.output


@needs_fixtures
@pytest.mark.parametrize("name", sorted(p.name for p in VCARDS.glob("*.vcf")) if VCARDS.is_dir() else [])
def test_each_fixture_file_alone(runner: CliRunner, make_vault: VaultBuilder, name: str) -> None:
    result = invoke(runner, "import", "vcard", str(VCARDS / name), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    first = snapshot(make_vault.root)
    assert first or "skipped" in result.stdout
    invoke(runner, "import", "vcard", str(VCARDS / name), vault=make_vault.root)
    assert snapshot(make_vault.root) == first


def test_missing_file_is_one_line_exit_2(runner: CliRunner, make_vault: VaultBuilder) -> None:
    result = invoke(runner, "import", "vcard", "nope.vcf", vault=make_vault.root)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


ICS = REAL_FIXTURES / "ics"


@pytest.mark.skipif(not ICS.is_dir(), reason="the shared real fixtures are not here")
@pytest.mark.parametrize("name", sorted(p.name for p in ICS.glob("*.ics")) if ICS.is_dir() else [])
def test_a_calendar_file_is_not_taken_for_cards(runner: CliRunner, make_vault: VaultBuilder, name: str) -> None:
    result = invoke(runner, "import", "vcard", str(ICS / name), vault=make_vault.root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"relnotes: {ICS / name}: no BEGIN:VCARD in it; is it a vCard file?\n"
    assert snapshot(make_vault.root) == {}


def test_a_name_with_no_file_name_is_skipped(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    cards = "BEGIN:VCARD\nVERSION:4.0\nFN:...\nEND:VCARD\n" + JANE
    result = invoke(runner, "import", "vcard", str(write_vcf(tmp_path, cards)), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == "skipped   cards.vcf card 1: '...' gives an empty file name; use letters or digits"
    assert snapshot(make_vault.root).keys() == {"contacts/Jane Doe.md"}


def test_commit_and_progress(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "t")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "t@example.org")
    root = make_vault.root
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "--allow-empty", "-m", "start"], check=True)
    cards = "".join(f"BEGIN:VCARD\nVERSION:4.0\nFN:Person {i:03d}\nEMAIL:p{i}@example.org\nEND:VCARD\n"
                    for i in range(300))
    result = invoke(runner, "import", "vcard", "--commit", str(write_vcf(tmp_path, cards)), vault=root)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == "importing 300 records from cards.vcf…"
    assert result.stderr.splitlines()[-1].endswith(": import: cards.vcf")
    log = subprocess.run(["git", "-C", str(root), "log", "--format=%s", "--name-only", "-1"], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert log[0] == "import: cards.vcf" and len([line for line in log if line.endswith(".md")]) == 300


def test_same_facts_written_differently_are_no_conflict(runner: CliRunner, make_vault: VaultBuilder,
                                                        tmp_path: Path) -> None:
    note = make_vault.contact("Jane Doe", 'email: jane@example.org\nphone: "+1 (555) 0100"\nbirthday: 1980-03-14')
    before = note.read_bytes()
    cards = "BEGIN:VCARD\nVERSION:4.0\nFN:Jane Doe\nEMAIL:Jane@Example.org\nTEL:1-555-0100\nBDAY:--0314\nEND:VCARD\n"
    result = invoke(runner, "import", "vcard", str(write_vcf(tmp_path, cards)), vault=make_vault.root)
    assert result.stdout.splitlines()[-1] == "0 new, 0 merged, 1 unchanged, 0 conflicts, 0 skipped"
    assert note.read_bytes() == before


@needs_fixtures
def test_fixture_quirks_read_as_meant(runner: CliRunner, make_vault: VaultBuilder) -> None:
    for name in ("ezvcard__John_Doe_ANDROID.vcf", "ezvcard__rfc6350-example.vcf", "ezvcard__John_Doe_IPHONE.vcf",
                 "khard__text-bday.vcf", "ezvcard__thunderbird-MoreFunctionsForAddressBook-extension.vcf"):
        assert invoke(runner, "import", "vcard", str(VCARDS / name), vault=make_vault.root).exit_code == 0
    contacts = make_vault.root / "contacts"
    android = (contacts / "Ñ Ñ Ñ Ñ Ñ.md").read_text(encoding="utf-8")  # quoted-printable UTF-8 in N
    assert android.startswith("---\nname: \"Ñ Ñ Ñ Ñ Ñ\"\nphone: \"123456789\"\ntags: [My-Contacts]\n---\n")
    assert 'birthday: "--02-03"\n' in (contacts / "Simon Perreault.md").read_text(encoding="utf-8")
    iphone = (contacts / "Mr. John Richter James Doe Sr.md").read_text(encoding="utf-8")
    assert "email: john.doe@ibm.com\n" in iphone and "birthday: 2012-06-06\n" in iphone  # item1.EMAIL
    assert "birthday:" not in (contacts / "text birthday.md").read_text(encoding="utf-8")  # "circa 1800"
    thunderbird = (contacts / "John Doe.md").read_text(encoding="utf-8")
    assert "tags: [category1, category2, category3]\n" in thunderbird

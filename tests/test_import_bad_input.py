"""Import given bad or odd input: one clear line and exit 2, or the bad record skipped; never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from relnotes.config import load_config
from relnotes.core.importmerge import plan
from relnotes.errors import ConflictError
from relnotes.interop.vcard import read_cards
from relnotes.vault.importing import read_vcard_text, write_plan
from relnotes.vault.load import load_index
from tests.conftest import VaultBuilder, invoke
from tests.test_import_vcard import snapshot

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\nEND:VCARD\r\n"


def one_line_exit_2(result, message: str) -> None:  # type: ignore[no-untyped-def]
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"relnotes: {message}\n")


def test_an_empty_vcard_file(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "empty.vcf"
    path.write_bytes(b"")
    one_line_exit_2(invoke(runner, "import", "vcard", str(path), vault=make_vault.root),
                    f"{path}: the file is empty")


def test_a_binary_file_named_vcf(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "photo.vcf"
    path.write_bytes(bytes(range(256)) * 8)
    one_line_exit_2(invoke(runner, "import", "vcard", str(path), vault=make_vault.root),
                    f"{path}: no BEGIN:VCARD in it; is it a vCard file?")
    assert snapshot(make_vault.root) == {}


def test_a_folder_with_no_cards(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "readme.txt").write_text("nothing here\n", encoding="utf-8")
    one_line_exit_2(invoke(runner, "import", "vcard", str(folder), vault=make_vault.root),
                    f"no .vcf files found in {folder}")


def test_an_empty_file_beside_a_good_one_is_reported(runner: CliRunner, make_vault: VaultBuilder,
                                                     tmp_path: Path) -> None:
    (tmp_path / "a.vcf").write_bytes(b"")
    (tmp_path / "b.vcf").write_bytes(CARD.format(name="Ann Lee").encode())
    result = invoke(runner, "import", "vcard", str(tmp_path / "a.vcf"), str(tmp_path / "b.vcf"), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["new       contacts/Ann Lee.md  (b.vcf card 1)",
                                          "skipped   a.vcf: the file is empty",
                                          "1 new, 0 merged, 0 unchanged, 0 conflicts, 1 skipped"]


def test_bom_crlf_and_garbage_between_cards(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "cards.vcf"
    path.write_bytes(b"\xef\xbb\xbf" + CARD.format(name="Ann Lee").encode() + b"-- cut here --\r\n\x00\x01garbage\r\n"
                     + b"\r\n" + CARD.format(name="Bo Chan").encode())
    result = invoke(runner, "import", "vcard", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "2 new, 0 merged, 0 unchanged, 0 conflicts, 0 skipped"
    assert (make_vault.root / "contacts" / "Ann Lee.md").read_bytes().startswith(b"---\nname: Ann Lee\n---\n")


def test_a_card_in_another_encoding_is_skipped_and_the_rest_import(runner: CliRunner, make_vault: VaultBuilder,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_bytes(CARD.format(name="Café Ok").encode() + CARD.format(name="René Bad").encode("latin-1")
                     + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN;CHARSET=ISO-8859-1:Ren\xe9 Said\r\nEND:VCARD\r\n"
                     + b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;ENCODING=QUOTED-PRINTABLE;CHARSET=X-NOPE:=E9;A;;;\r\n"
                       b"END:VCARD\r\n" + CARD.format(name="Last One").encode())
    result = invoke(runner, "import", "vcard", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "new       contacts/Café Ok.md  (mixed.vcf card 1)",
        "new       contacts/René Said.md  (mixed.vcf card 3)",
        "new       contacts/Last One.md  (mixed.vcf card 5)",
        "skipped   mixed.vcf card 2 (Ren\ufffd Bad): bad encoding: bytes that are not UTF-8 on its line 3, "
        "unlike the rest of the file",
        "skipped   mixed.vcf card 4: bad encoding: N: unknown charset X-NOPE",
        "3 new, 0 merged, 0 unchanged, 0 conflicts, 2 skipped",
    ]


def test_a_file_all_in_a_legacy_code_page(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "outlook.vcf"
    path.write_bytes("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:René Müller\r\nORG:Café – Bar\r\nEND:VCARD\r\n".encode("cp1252"))
    result = invoke(runner, "import", "vcard", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    text = (make_vault.root / "contacts" / "René Müller.md").read_text(encoding="utf-8")
    assert "company: \"Café – Bar\"\n" in text


def test_vcard_21_quoted_printable_latin1_folded_lines_and_n_without_fn(tmp_path: Path) -> None:
    path = tmp_path / "old.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=\r\n"
                     b"=FCrgen;;Dr.;\r\nNOTE;QUOTED-PRINTABLE:first=0D=0Asecond\r\nEND:VCARD\r\n"
                     b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded\r\n  Name\r\nitem1.EMAIL;type=INTERNET:f@exa\r\n"
                     b" mple.org\r\nitem1.X-ABLabel:_$!<Other>!$_\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-11-02\r\n"
                     b"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n SkZJRg\r\nEND:VCARD\r\n")
    records, broken = read_cards(read_vcard_text(path), "old.vcf")
    assert broken == []
    assert [(r.name, r.note, r.email, r.birthday) for r in records] == [
        ("Dr. Jürgen Müller", "first\nsecond", [], None), ("Folded Name", "", ["f@example.org"], "--11-02")]


def test_unreadable_file(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "locked.vcf"
    path.write_bytes(CARD.format(name="Ann Lee").encode())
    path.chmod(0)
    result = invoke(runner, "import", "vcard", str(path), vault=make_vault.root)
    one_line_exit_2(result, f"{path}: cannot be read (Permission denied)")


@pytest.mark.parametrize("command", ["csv", "linkedin"])
def test_empty_and_binary_csv(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path, command: str) -> None:
    empty, binary = tmp_path / "empty.csv", tmp_path / "sheet.csv"
    empty.write_bytes(b"\r\n")
    binary.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)))
    one_line_exit_2(invoke(runner, "import", command, str(empty), vault=make_vault.root), f"{empty}: the file is empty")
    one_line_exit_2(invoke(runner, "import", command, str(binary), vault=make_vault.root),
                    f"{binary}: a binary file, not CSV text (save it as CSV, UTF-8)")


@pytest.mark.parametrize("command, header", [("csv", "First Name,Last Name,E-mail Address"),
                                             ("linkedin", "First Name,Last Name,URL,Email Address,Company,"
                                                          "Position,Connected On")])
def test_a_csv_with_only_a_header(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path, command: str,
                                  header: str) -> None:
    path = tmp_path / "only.csv"
    path.write_bytes(("\ufeff" + header + "\r\n").encode())
    result = invoke(runner, "import", command, str(path), vault=make_vault.root)
    assert result.exit_code == 0
    assert result.stdout == "0 new, 0 merged, 0 unchanged, 0 conflicts, 0 skipped\n"
    assert result.stderr == "only.csv: no records in it (a header and no rows); nothing to import\n"
    assert snapshot(make_vault.root) == {}


def test_a_folder_given_as_a_csv(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    result = invoke(runner, "import", "csv", str(tmp_path), vault=make_vault.root)
    assert result.exit_code == 2 and "is a directory" in result.stderr and "Traceback" not in result.output


def test_crlf_bom_outlook_csv_in_windows_1252(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes("First Name,Last Name,E-mail Address,Company,Birthday\r\nRené,Müller,rm@example.org,Café,"
                     "0/0/00\r\n".encode("cp1252"))
    result = invoke(runner, "import", "csv", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert (make_vault.root / "contacts" / "René Müller.md").read_text(encoding="utf-8").startswith(
        "---\nname: René Müller\nemail: rm@example.org\ncompany: Café\n---\n")


def test_todays_google_csv_layout(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("First Name,Middle Name,Last Name,Name Prefix,Name Suffix,Organization Name,Organization Title,"
                    "Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,"
                    "Address 1 - City,Website 1 - Label,Website 1 - Value\n"
                    "Jane,Q,Doe,Dr.,,Acme,CTO,--03-14,Met at the mixer,* myContacts ::: Fintech,* Work,"
                    "jane@example.org ::: jd@example.org,Mobile,+1 555 0100,Atlanta,Profile,"
                    "https://www.linkedin.com/in/jane\n", encoding="utf-8")
    result = invoke(runner, "import", "csv", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert (make_vault.root / "contacts" / "Dr. Jane Q Doe.md").read_text(encoding="utf-8") == (
        '---\nname: Dr. Jane Q Doe\nemail: [jane@example.org, jd@example.org]\nphone: "+1 555 0100"\n'
        'company: Acme\nrole: CTO\nlocation: Atlanta\ntags: [Fintech]\nlinkedin: "https://www.linkedin.com/in/jane"\n'
        'birthday: "--03-14"\n---\n\n# Dr. Jane Q Doe\n\nMet at the mixer\n\n## Log\n')


def test_one_person_twice_in_one_import_is_one_note(runner: CliRunner, make_vault: VaultBuilder,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "dup.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@example.org\nORG:Acme\nEND:VCARD\n"
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Ann L.\nEMAIL:ANN@example.org\nORG:Beta\nTITLE:CTO\nEND:VCARD\n",
                    encoding="utf-8")
    result = invoke(runner, "import", "vcard", str(path), vault=make_vault.root)
    assert result.stdout.splitlines() == [
        "new       contacts/Ann Lee.md  (dup.vcf card 1)",
        "folded    dup.vcf card 2 into dup.vcf card 1 (the same email: one person)",
        "conflict  dup.vcf card 2: company: dup.vcf card 1 says Acme, this card says Beta — kept Acme",
        "1 new, 0 merged, 0 unchanged, 1 conflicts, 0 skipped, 1 folded",
    ]
    assert "role: CTO\n" in (make_vault.root / "contacts" / "Ann Lee.md").read_text(encoding="utf-8")


def test_a_record_matching_two_contacts_is_not_merged(runner: CliRunner, make_vault: VaultBuilder,
                                                      tmp_path: Path) -> None:
    one = make_vault.contact("Ann Lee", "email: ann@example.org")
    two = make_vault.write("contacts/Ann Lee (work).md", "---\nname: Ann Lee\n---\n")
    before = (one.read_bytes(), two.read_bytes())
    path = tmp_path / "a.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTITLE:CTO\nEND:VCARD\n", encoding="utf-8")
    result = invoke(runner, "import", "vcard", str(path), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "skipped   a.vcf card 1: its name matches 2 contacts (contacts/Ann Lee (work).md, contacts/Ann Lee.md); "
        "not merged, as it could be either",
        "0 new, 0 merged, 0 unchanged, 0 conflicts, 1 skipped"]
    assert (one.read_bytes(), two.read_bytes()) == before


def test_a_note_edited_after_the_plan_is_refused_and_nothing_written(make_vault: VaultBuilder, tmp_path: Path) -> None:
    note = make_vault.contact("Ann Lee", "email: ann@example.org")
    path = tmp_path / "a.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@example.org\nTITLE:CTO\nEND:VCARD\n"
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Chan\nEND:VCARD\n", encoding="utf-8")
    config = load_config(make_vault.root)
    records, _ = read_cards(read_vcard_text(path), "a.vcf")
    found = plan(load_index(config, None, None, None), records, "a.vcf")
    # meanwhile, in an editor: the user gives Ann a role of their own
    edited = b"---\nname: Ann Lee\nemail: ann@example.org\nrole: Founder\n---\n"
    note.write_bytes(edited)
    with pytest.raises(ConflictError) as caught:
        write_plan(config, found)
    assert caught.value.exit_code == 3
    assert caught.value.message == ("contacts/Ann Lee.md changed on disk since it was read; nothing was written — "
                                    "run the command again")
    assert note.read_bytes() == edited
    assert not (make_vault.root / "contacts" / "Bo Chan.md").exists()


def test_a_card_note_never_adds_log_entries_or_promises(runner: CliRunner, make_vault: VaultBuilder,
                                                        tmp_path: Path) -> None:
    path = tmp_path / "note.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Nora Note\nNOTE:Met at the mixer.\\n## Log\\n- 2020-01-01 call: fake"
                    "\\n- [ ] pay her 📅 2026-01-01\\n```\\n<!-- x\nEND:VCARD\n", encoding="utf-8")
    assert invoke(runner, "import", "vcard", str(path), vault=make_vault.root).exit_code == 0
    assert (make_vault.root / "contacts" / "Nora Note.md").read_text(encoding="utf-8") == (
        "---\nname: Nora Note\n---\n\n# Nora Note\n\nMet at the mixer.\n\\## Log\n- 2020-01-01 call: fake\n"
        "- \\[ ] pay her 📅 2026-01-01\n\\```\n<\\!-- x\n\n## Log\n")
    shown = invoke(runner, "ls", vault=make_vault.root)
    assert shown.stdout == "Nora Note  casual  -  -\n"
    due = invoke(runner, "due", "--json", "--within", "3650d", vault=make_vault.root, today="2026-11-23")
    assert due.stdout.strip() == "[]"


def test_birthdays_in_every_spelling(tmp_path: Path) -> None:
    days = ["1980-03-14", "19800314", "--0314", "--03-14", "1980-03-14T00:00:00Z", "0000-03-14", "1980-02-30",
            "circa 1800", "2001-13-01"]
    text = "".join(f"BEGIN:VCARD\nVERSION:4.0\nFN:P{i}\nBDAY:{d}\nEND:VCARD\n" for i, d in enumerate(days))
    text += "BEGIN:VCARD\nVERSION:3.0\nFN:Apple\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\nEND:VCARD\n"
    path = tmp_path / "b.vcf"
    path.write_text(text, encoding="utf-8")
    records, broken = read_cards(read_vcard_text(path), "b.vcf")
    assert broken == []
    assert [r.birthday for r in records] == ["1980-03-14", "1980-03-14", "--03-14", "--03-14", "1980-03-14",
                                             "--03-14", None, None, None, "--02-29"]


def test_csv_dates_in_every_spelling(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    days = ["--13-45", "--02-29", " --03-14 ", "07 Oct 2024", "1/8/18, 6:14 PM", "0/0/00", "2/30/1980", "3/14/1980"]
    path = tmp_path / "d.csv"
    path.write_text("name,birthday\n" + "".join(f'P{i},"{d}"\n' for i, d in enumerate(days)), encoding="utf-8")
    assert invoke(runner, "import", "csv", str(path), vault=make_vault.root).exit_code == 0
    got = []
    for i in range(len(days)):
        text = (make_vault.root / "contacts" / f"P{i}.md").read_text(encoding="utf-8")
        got.append(next((line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("birthday: ")), None))
    assert got == [None, '"--02-29"', '"--03-14"', "2024-10-07", "2018-01-08", None, None, "1980-03-14"]
    assert invoke(runner, "check", vault=make_vault.root).exit_code == 0


def test_vcard_21_base64_note_bare_types_and_lower_case_cards(tmp_path: Path) -> None:
    path = tmp_path / "v21.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Smith;Ann\r\nEMAIL;INTERNET;PREF:ann@x.org\r\n"
                     b"TEL;CELL;VOICE:+1 555\r\nADR;HOME:;;1 St;Springfield;IL;;USA\r\n"
                     b"NOTE;ENCODING=BASE64:aGVsbG8gYmFzZTY0IG5vdGU=\r\n\r\nORG:Acme;Dept\r\nEND:VCARD\r\n"
                     b"begin:vcard\r\nversion:3.0\r\nfn:lower case\r\nemail;type=internet:LC@X.ORG\r\nend:vcard\r\n")
    records, broken = read_cards(read_vcard_text(path), "v21.vcf")
    assert broken == []
    assert [(r.name, r.email, r.phone, r.company, r.location, r.note) for r in records] == [
        ("Ann Smith", ["ann@x.org"], ["+1 555"], "Acme", "Springfield", "hello base64 note"),
        ("lower case", ["LC@X.ORG"], [], None, None, "")]


def test_a_merge_changes_only_its_lines_in_a_crlf_bom_note_and_one_without_front_matter(
        runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    ann = make_vault.write("contacts/Ann Smith.md", b"\xef\xbb\xbf---\r\nname: Ann Smith  # me\r\nemail: [ann@x.org]\r\n"
                                                    b"---\r\n\r\nBody\r\n## Log\r\n- 2026-01-01 call: hi\r\n")
    lee = make_vault.write("contacts/Lee Nofm.md", b"Plain body, no front matter\n")
    path = tmp_path / "m.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Smith\nEMAIL:ann@x.org\nEMAIL:ann2@x.org\nTITLE:CTO\nEND:VCARD\n"
                    "BEGIN:VCARD\nVERSION:3.0\nFN:Lee Nofm\nTITLE:Chef\nEND:VCARD\n", encoding="utf-8")
    result = invoke(runner, "import", "vcard", str(path), vault=make_vault.root)
    assert result.stdout.splitlines()[-1] == "0 new, 2 merged, 0 unchanged, 0 conflicts, 0 skipped"
    assert ann.read_bytes() == (b"\xef\xbb\xbf---\r\nname: Ann Smith  # me\r\nemail: [ann@x.org, ann2@x.org]\r\n"
                                b"role: CTO\r\n---\r\n\r\nBody\r\n## Log\r\n- 2026-01-01 call: hi\r\n")
    assert lee.read_bytes() == b"---\nrole: Chef\n---\nPlain body, no front matter\n"

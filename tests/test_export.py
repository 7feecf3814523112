"""relnotes export vcard/ics/json/csv: round trips, stable UIDs, stdout or -o FILE."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import CliRunner

from tests.conftest import SAMPLE_TODAY, VaultBuilder, invoke


def front_matters(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8").split("---\n")[1]
            for p in sorted((root / "contacts").glob("*.md"))}


def hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*.md"))}


FULL = """\
email: [jane@example.org, jane.home@example.org]
phone: ["+1 555 0100", "+1 555 0199"]
company: "Acme, Payments; Inc"
role: CTO
location: Atlanta
tags: [fintech, speaker]
linkedin: "https://www.linkedin.com/in/janedoe"
website: "https://jane.example.org"
birthday: "--03-14"
uid: jane-1"""


def test_vcard_round_trips_every_field(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    make_vault.contact("Jane Doe", FULL, "## Log")
    make_vault.contact("Bob Stone", 'birthday: 1980-02-29\nemail: bob@example.org\ntags: ["#chef"]')
    make_vault.contact("Łukasz Żółć " + "Verylongname" * 6, "company: Ünïcode GmbH")
    out = tmp_path / "all.vcf"
    result = invoke(runner, "export", "vcard", "-o", str(out), vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    cards = list(vobject.readComponents(data.decode("utf-8")))
    assert [c.fn.value for c in cards] == ["Bob Stone", "Jane Doe", "Łukasz Żółć " + "Verylongname" * 6]
    assert cards[1].org.value == ["Acme, Payments; Inc"]
    # into an empty vault: the same front matter, key for key
    other = VaultBuilder(tmp_path / "other")
    imported = invoke(runner, "import", "vcard", str(out), vault=other.root)
    assert imported.exit_code == 0, imported.output
    mine, theirs = front_matters(make_vault.root), front_matters(other.root)
    assert theirs["contacts/Jane Doe.md"] == "name: Jane Doe\n" + FULL + "\n"
    assert theirs["contacts/Bob Stone.md"] == ("name: Bob Stone\nemail: bob@example.org\ntags: [chef]\n"
                                               "birthday: 1980-02-29\n")
    assert set(mine) == set(theirs)
    # and back into the vault it came from: no change at all
    before = hashes(make_vault.root)
    again = invoke(runner, "import", "vcard", str(out), vault=make_vault.root)
    assert again.stdout.splitlines()[-1] == "0 new, 0 merged, 3 unchanged, 0 conflicts, 0 skipped"
    assert hashes(make_vault.root) == before


def test_vcard_to_stdout_keeps_crlf_and_filters_by_tag(runner: CliRunner, make_vault: VaultBuilder) -> None:
    make_vault.contact("Jane Doe", FULL)
    make_vault.contact("Bob Stone")
    result = invoke(runner, "export", "vcard", "--tag", "#Speaker", vault=make_vault.root)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.count(b"BEGIN:VCARD\r\n") == 1
    assert b"FN:Jane Doe\r\n" in result.stdout_bytes


def test_ics_parses_and_keeps_uids_across_runs(runner: CliRunner, vault: Path, tmp_path: Path) -> None:
    first = invoke(runner, "export", "ics", "--within", "30d", vault=vault, today=SAMPLE_TODAY)
    assert first.exit_code == 0, first.output
    cal = icalendar.Calendar.from_ical(first.stdout_bytes)
    todos = list(cal.walk("VTODO"))
    due = json.loads(invoke(runner, "due", "--json", "--within", "30d", vault=vault, today=SAMPLE_TODAY).stdout)
    assert len(todos) == len(due) > 0
    for todo, item in zip(todos, due, strict=True):
        assert todo.decoded("due") == date.fromisoformat(item["due"])
        assert str(todo["description"]) == item["reason"]
        assert str(todo["summary"]) == f"{item['kind']}: {item['contact']}"
    assert b"DUE;VALUE=DATE:" in first.stdout_bytes
    uids = [str(t["uid"]) for t in todos]
    assert len(set(uids)) == len(uids)
    out = tmp_path / "due.ics"
    second = invoke(runner, "export", "ics", "--within", "30d", "-o", str(out), vault=vault, today=SAMPLE_TODAY)
    assert second.exit_code == 0 and second.stderr == f"wrote {out}\n"
    assert [str(t["uid"]) for t in icalendar.Calendar.from_ical(out.read_bytes()).walk("VTODO")] == uids
    later = invoke(runner, "export", "ics", "--within", "30d", vault=vault, today="2026-11-24")
    later_uids = {str(t["uid"]) for t in icalendar.Calendar.from_ical(later.stdout_bytes).walk("VTODO")}
    assert later_uids & set(uids)  # the same items keep their UIDs the next day


def test_json_is_the_whole_index(runner: CliRunner, make_vault: VaultBuilder) -> None:
    make_vault.contact("Jane Doe", FULL + "\ntier: ally\ncadence: 21d")
    make_vault.event("Mixer", "date: 2026-09-10\npeople: ['[[Jane Doe]]']")
    result = invoke(runner, "export", "json", vault=make_vault.root)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1
    jane = data["contacts"][0]
    assert jane["file"] == "contacts/Jane Doe.md" and jane["email"] == ["jane@example.org", "jane.home@example.org"]
    assert (jane["tier"], jane["cadence"], jane["birthday"], jane["uid"]) == ("ally", "21d", "--03-14", "jane-1")
    assert data["events"] == [{"aliases": [], "cost": None, "date": "2026-09-10", "file": "events/Mixer.md",
                               "format": None, "goal": None, "hours": None, "people": ["Jane Doe"],
                               "purpose": None, "rating": None, "tags": [], "title": "Mixer"}]


def test_csv_rows(runner: CliRunner, make_vault: VaultBuilder) -> None:
    make_vault.contact("Jane Doe", FULL)
    result = invoke(runner, "export", "csv", vault=make_vault.root)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows == [{"name": "Jane Doe", "file": "contacts/Jane Doe.md",
                     "email": "jane@example.org; jane.home@example.org", "phone": "+1 555 0100; +1 555 0199",
                     "company": "Acme, Payments; Inc", "role": "CTO", "location": "Atlanta", "tier": "casual",
                     "tags": "fintech; speaker", "linkedin": "https://www.linkedin.com/in/janedoe",
                     "website": "https://jane.example.org", "met": "", "birthday": "--03-14", "uid": "jane-1",
                     "status": "active"}]


def test_output_into_a_missing_folder_is_one_line(runner: CliRunner, make_vault: VaultBuilder,
                                                  tmp_path: Path) -> None:
    make_vault.contact("Jane Doe")
    result = invoke(runner, "export", "csv", "-o", str(tmp_path / "nope" / "x.csv"), vault=make_vault.root)
    assert result.exit_code == 2
    assert result.stderr.startswith("relnotes: ") and len(result.stderr.splitlines()) == 1


def test_two_promises_on_one_day_are_two_todos_with_their_own_stable_uids(
        runner: CliRunner, make_vault: VaultBuilder) -> None:
    make_vault.contact("Jane Doe", "", "## Log\n- 2026-11-01 call: hi\n\n- [ ] send the deck 📅 2026-11-25\n"
                                       "- [ ] book the dinner 📅 2026-11-25\n- [ ] book the dinner 📅 2026-11-25\n")
    runs = [invoke(runner, "export", "ics", "--within", "30d", vault=make_vault.root, today="2026-11-23")
            for _ in range(2)]
    todos = [list(icalendar.Calendar.from_ical(r.stdout_bytes).walk("VTODO")) for r in runs]
    promises = [t for t in todos[0] if str(t["categories"].cats[0]) == "commitment"]
    assert sorted(str(t["description"]) for t in promises) == ["you promised: book the dinner",
                                                               "you promised: book the dinner",
                                                               "you promised: send the deck"]
    uids = [str(t["uid"]) for t in todos[0]]
    assert len(set(uids)) == len(uids)
    assert [str(t["uid"]) for t in todos[1]] == uids
    assert runs[0].stdout_bytes.count(b"DUE;VALUE=DATE:20261125\r\n") == 3


@pytest.mark.skipif(shutil.which("khard") is None, reason="khard is not installed")
def test_khard_reads_the_vcard_export(runner: CliRunner, make_vault: VaultBuilder, tmp_path: Path) -> None:
    make_vault.contact("Jane Doe", FULL)
    make_vault.contact("Bob Stone", "email: bob@example.org")
    book = tmp_path / "book"
    book.mkdir()
    out = invoke(runner, "export", "vcard", vault=make_vault.root).stdout
    for i, card in enumerate(out.split("BEGIN:VCARD\r\n")[1:]):
        (book / f"{i}.vcf").write_text("BEGIN:VCARD\r\n" + card, encoding="utf-8", newline="")
    config = tmp_path / "khard.conf"
    config.write_text(f"[addressbooks]\n[[book]]\npath = {book}\n\n[general]\ndefault_action = list\n", encoding="utf-8")
    done = subprocess.run(["khard", "-c", str(config), "list", "--parsable"], capture_output=True, text=True,
                          check=False, env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert sorted(line.split("\t")[1] for line in done.stdout.splitlines()) == ["Bob Stone", "Jane Doe"]


def test_csv_export_imports_back_into_the_same_front_matter(runner: CliRunner, make_vault: VaultBuilder,
                                                            tmp_path: Path) -> None:
    make_vault.contact("Jane Doe", FULL)
    make_vault.contact("Bob Stone", "email: bob@example.org\nmet: 2026-01-05\ntags: [chef]")
    out = tmp_path / "all.csv"
    assert invoke(runner, "export", "csv", "-o", str(out), vault=make_vault.root).exit_code == 0
    other = VaultBuilder(tmp_path / "other")
    result = invoke(runner, "import", "csv", str(out), vault=other.root)
    assert result.exit_code == 0, result.output
    assert front_matters(other.root) == {
        "contacts/Bob Stone.md": "name: Bob Stone\nemail: bob@example.org\ntags: [chef]\nmet: 2026-01-05\n",
        "contacts/Jane Doe.md": "name: Jane Doe\n" + FULL + "\n"}
    before = hashes(make_vault.root)
    again = invoke(runner, "import", "csv", str(out), vault=make_vault.root)
    assert again.stdout.splitlines()[-1] == "0 new, 0 merged, 2 unchanged, 0 conflicts, 0 skipped"
    assert hashes(make_vault.root) == before


def test_output_over_a_note_is_refused(runner: CliRunner, make_vault: VaultBuilder) -> None:
    note = make_vault.contact("Jane Doe", FULL)
    before = note.read_bytes()
    result = invoke(runner, "export", "vcard", "-o", str(note), vault=make_vault.root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: {note}: an export never writes a note of the vault; choose another file "
                             "(e.g. contacts.vcf)\n")
    assert note.read_bytes() == before
    ok = invoke(runner, "export", "json", "-o", str(make_vault.root / "vault.json"), vault=make_vault.root)
    assert ok.exit_code == 0 and json.loads((make_vault.root / "vault.json").read_text(encoding="utf-8"))["version"] == 1

"""relnotes merge KEEP OTHER: one person, two notes; OTHER goes to .trash/, references follow."""

from __future__ import annotations

import json
import subprocess

from conftest import invoke

TODAY = "2026-12-02"
KEEP = ("---\nname: Ann Lee\nemail: ann@a.example\ncompany: Acme\ntags: [fintech]\n---\n\n"
        "## Log\n- 2026-01-01 met: at the mixer\n- 2026-03-01 call: caught up\n\n"
        "## Promises\n- [ ] send the deck 📅 2026-12-01\n")
OTHER = ("---\nname: Ann Le\nemail: [ann@a.example, ann@b.example]\ncompany: Beta\nrole: CTO\n"
         "tags: [fintech, atl]\n---\n\n"
         "## Log\n- 2026-02-01 call: the middle one\n- 2026-03-01 call: caught up\n- 2026-04-01 sent: the later one\n\n"
         "## Promises\n- [ ] send the deck 📅 2026-12-01\n- [ ] intro to Bo 📅 2026-12-05\n")
MERGED = ("---\nname: Ann Lee\nemail: [ann@a.example, ann@b.example]\ncompany: Acme\ntags: [fintech, atl]\n"
          "role: CTO\naliases:\n  - Ann Le\n---\n\n"
          "## Log\n- 2026-01-01 met: at the mixer\n- 2026-02-01 call: the middle one\n- 2026-03-01 call: caught up\n"
          "- 2026-04-01 sent: the later one\n\n"
          "## Promises\n- [ ] send the deck 📅 2026-12-01\n- [ ] intro to Bo 📅 2026-12-05\n")
EVENT = "---\ntitle: Summit\ndate: 2026-11-20\npeople: [Ann Le]\n---\n\nMet [[Ann Le|Ann]].\n"
DAILY = "- coffee with [[Ann Lee]] and [[Ann Le]]\n"


def _vault(make_vault):
    make_vault.write("contacts/Ann Lee.md", KEEP)
    make_vault.write("contacts/Ann Le.md", OTHER)
    make_vault.write("events/2026-11-20 Summit.md", EVENT)
    make_vault.write("daily/2026-11-21.md", DAILY)
    return make_vault.root


def _snapshot(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.md")}


def _merge_two(runner, make_vault, keep, other):
    """KEEP and OTHER written as contacts/NAME.md (``(name, text)`` each), OTHER merged into
    KEEP; the result and KEEP's text after it."""
    for name, text in (keep, other):
        make_vault.write(f"contacts/{name}.md", text)
    result = invoke(runner, "merge", keep[0], other[0], "--no-commit", vault=make_vault.root, today=TODAY)
    return result, (make_vault.root / "contacts" / f"{keep[0]}.md").read_text(encoding="utf-8")


def test_merge_joins_the_notes_and_trashes_other(runner, make_vault):
    root = _vault(make_vault)
    result = invoke(runner, "merge", "Ann Lee", "Ann Le", "--no-commit", vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "daily/2026-11-21.md: references updated\n"
        "events/2026-11-20 Summit.md: references updated\n"
        "contacts/Ann Lee.md: merge: Ann Le into Ann Lee; contacts/Ann Le.md moved to .trash/Ann Le.md\n"
    )
    assert result.stderr == "conflict: company: kept Acme (contacts/Ann Lee.md), not Beta (contacts/Ann Le.md)\n"
    assert _snapshot(root) == {
        "contacts/Ann Lee.md": MERGED.encode(),
        ".trash/Ann Le.md": OTHER.encode(),
        "events/2026-11-20 Summit.md": EVENT.replace("Ann Le]", "Ann Lee]").replace("[[Ann Le|", "[[Ann Lee|").encode(),
        "daily/2026-11-21.md": b"- coffee with [[Ann Lee]] and [[Ann Lee]]\n",
    }
    check = invoke(runner, "check", vault=root, today=TODAY)
    assert (check.exit_code, check.stdout) == (0, "")
    again = invoke(runner, "show", "Ann Le", vault=root, today=TODAY)  # the alias finds the kept note
    assert again.exit_code == 0 and "Ann Lee" in again.stdout


def test_merge_dry_run_changes_nothing(runner, make_vault):
    root = _vault(make_vault)
    before = _snapshot(root)
    result = invoke(runner, "merge", "Ann Lee", "Ann Le", "--dry-run", vault=root, today=TODAY)
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[-1] == "would move contacts/Ann Le.md to .trash/Ann Le.md"
    assert "contacts/Ann Lee.md:14: + - 2026-02-01 call: the middle one" not in out
    assert "contacts/Ann Lee.md:13: + - 2026-02-01 call: the middle one" in out
    assert "events/2026-11-20 Summit.md:4: + people: [Ann Lee]" in out
    assert _snapshot(root) == before


def test_merge_with_itself_is_refused(runner, make_vault):
    root = _vault(make_vault)
    result = invoke(runner, "merge", "Ann Lee", "ann lee", vault=root, today=TODAY)
    assert (result.exit_code, result.stderr) == (2, "relnotes: contacts/Ann Lee.md cannot be merged with itself\n")


def test_merge_commit(runner, make_vault):
    root = _vault(make_vault)
    for args in (["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "T"],
                 ["add", "-A"], ["commit", "-qm", "start"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    result = invoke(runner, "merge", "Ann Lee", "Ann Le", "--commit", vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    subject = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=root, capture_output=True, text=True,
                             check=True).stdout
    assert subject == "merge: Ann Le into Ann Lee\n"
    status = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    assert status.stdout == "?? .trash/\n"


def test_merge_reads_other_as_relnotes_reads_it(runner, make_vault):
    """A commented-out entry of OTHER stays out, an entry's indented lines come with it, and a
    task OTHER keeps under its Log is carried over (it is a promise wherever it is)."""
    result, text = _merge_two(runner, make_vault,
                              ("Ann Lee", "---\nname: Ann Lee\n---\n## Log\n- 2026-01-01 met: hi\n"
                                          "- 2026-03-01 call: later\n"),
                              ("Ann Le", "---\nname: Ann Le\n---\n## Log\n<!-- never sent:\n"
                                         "- 2026-02-20 sent: draft that was never sent\n-->\n"
                                         "- 2026-01-06 note: snippet:\n    ```\n    code\n"
                                         "%% - 2026-01-07 sent: hidden too %%\n"
                                         "- [ ] send her the deck 📅 2026-12-10\n"))
    assert result.exit_code == 0, result.output
    assert text == (
        "---\nname: Ann Lee\naliases:\n  - Ann Le\n---\n## Log\n- 2026-01-01 met: hi\n"
        "- 2026-01-06 note: snippet:\n    ```\n    code\n- 2026-03-01 call: later\n"
        "- [ ] send her the deck 📅 2026-12-10\n")
    due = invoke(runner, "due", "--json", "--within", "30d", vault=make_vault.root, today=TODAY)
    assert [i["kind"] for i in json.loads(due.stdout) if i["contact"] == "Ann Lee"].count("commitment") == 1


def test_an_archived_duplicate_does_not_archive_the_person(runner, make_vault):
    """A duplicate note is often archived to hide it: KEEP without `status` is active, and
    OTHER's `archived` is listed as a disagreement, not copied."""
    result, text = _merge_two(runner, make_vault, ("Ann Lee", "---\nname: Ann Lee\n---\n"),
                              ("Ann Le", "---\nname: Ann Le\nstatus: archived\nrole: CTO\n---\n"))
    assert result.exit_code == 0
    assert "conflict: status: kept active (the default: contacts/Ann Lee.md has no status), not archived" \
        in result.stderr
    assert "status" not in text and "role: CTO" in text


def test_merge_keeps_each_entrys_details_with_it(runner, make_vault):
    """An indented dated line is a detail, not an entry, on either side; an entry's details run
    to the next line that is neither blank nor indented, code, comments and blank lines included."""
    result, text = _merge_two(runner, make_vault,
                              ("Kim Park", "---\nname: Kim Park\n---\n\n## Log\n- 2026-11-01 met: x\n"
                                           "  - 2026-11-20 planned: call her then\n- 2026-11-25 sent: y\n"),
                              ("K. Park", "---\nname: K. Park\n---\n\n## Log\n- 2026-11-05 received: reply\n"
                                          "  line a\n  ```\n  code\n  ```\n  line b\n"
                                          "- 2026-11-10 sent: z\n  - 2026-11-12 note: she replied by phone\n"
                                          "  <!-- private aside -->\n  line c\n\n  line d\n\n"
                                          "- 2026-11-26 sent: w <!-- an aside -->\n"))
    assert result.exit_code == 0, result.output
    assert text == (
        "---\nname: Kim Park\naliases:\n  - K. Park\n---\n\n## Log\n- 2026-11-01 met: x\n"
        "  - 2026-11-20 planned: call her then\n"
        "- 2026-11-05 received: reply\n  line a\n  ```\n  code\n  ```\n  line b\n"
        "- 2026-11-10 sent: z\n  - 2026-11-12 note: she replied by phone\n  <!-- private aside -->\n  line c\n\n"
        "  line d\n"
        "- 2026-11-25 sent: y\n- 2026-11-26 sent: w <!-- an aside -->\n")


def test_details_that_open_a_code_block_or_comment_are_cut_there(runner, make_vault):
    """An entry's details that open a fence or a comment they never close would, copied into
    KEEP, hide the rest of KEEP's Log: they are copied up to that line only."""
    result, text = _merge_two(runner, make_vault,
                              ("Ann Lee", "---\nname: Ann Lee\n---\n## Log\n- 2026-01-01 met: hi\n"
                                          "- 2026-03-01 call: later\n"),
                              ("Ann Le", "---\nname: Ann Le\n---\n## Log\n- 2026-02-01 note: snippet\n"
                                         "  kept\n  ```\n  code\n- 2026-02-02 note: also\n  seen\n  <!-- open\n"
                                         "  aside\n-->\n"))
    assert result.exit_code == 0, result.output
    assert text == ("---\nname: Ann Lee\naliases:\n  - Ann Le\n---\n## Log\n- 2026-01-01 met: hi\n"
                    "- 2026-02-01 note: snippet\n  kept\n- 2026-03-01 call: later\n")
    check = invoke(runner, "show", "Ann Lee", "--json", vault=make_vault.root, today=TODAY)
    assert check.exit_code == 0 and "2026-03-01" in check.stdout

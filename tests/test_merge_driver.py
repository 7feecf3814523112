"""relnotes merge-driver as git calls it (BASE OURS THEIRS PATH), and --resolve on a note left in conflict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_sync import GIT_ENV, JANE, git

from conftest import invoke

LOG_A = "- 2026-11-24 call: about the pilot\n"
LOG_B = "- 2026-11-23 received: thanks\n"
END_OF_LOG = "- 2026-11-21 sent: follow-up email\n"


@pytest.fixture
def three(tmp_path: Path) -> tuple[Path, Path, Path]:
    paths = tuple(tmp_path / name for name in ("base", "ours", "theirs"))
    for path in paths:
        path.write_text(JANE, encoding="utf-8")
    return paths  # type: ignore[return-value]


def test_a_clean_merge_is_written_over_ours_exit_0(three, runner):
    base, ours, theirs = three
    ours.write_text(JANE.replace(END_OF_LOG, END_OF_LOG + LOG_A), encoding="utf-8")
    theirs.write_text(JANE.replace(END_OF_LOG, END_OF_LOG + LOG_B), encoding="utf-8")
    result = invoke(runner, "merge-driver", str(base), str(ours), str(theirs), "contacts/Jane Doe.md")
    assert (result.exit_code, result.output) == (0, "")
    assert ours.read_text(encoding="utf-8") == JANE.replace(END_OF_LOG, END_OF_LOG + LOG_B + LOG_A)
    assert theirs.read_text(encoding="utf-8") == JANE.replace(END_OF_LOG, END_OF_LOG + LOG_B)


def test_ours_keeps_its_bom_and_crlf(three, runner):
    base, ours, theirs = three
    ours.write_bytes(b"\xef\xbb\xbf" + JANE.replace(END_OF_LOG, END_OF_LOG + LOG_A).replace("\n", "\r\n").encode())
    theirs.write_text(JANE.replace("tier: active", "tier: ally"), encoding="utf-8")
    result = invoke(runner, "merge-driver", str(base), str(ours), str(theirs), "contacts/Jane Doe.md")
    assert result.exit_code == 0
    want = JANE.replace(END_OF_LOG, END_OF_LOG + LOG_A).replace("tier: active", "tier: ally")
    assert ours.read_bytes() == b"\xef\xbb\xbf" + want.replace("\n", "\r\n").encode()


def test_a_conflict_exits_1_naming_it(three, runner):
    base, ours, theirs = three
    ours.write_text(JANE.replace("tier: active", "tier: ally"), encoding="utf-8")
    theirs.write_text(JANE.replace("tier: active", "tier: casual"), encoding="utf-8")
    result = invoke(runner, "merge-driver", str(base), str(ours), str(theirs), "contacts/Jane Doe.md")
    assert result.exit_code == 1
    assert result.stderr == "relnotes: contacts/Jane Doe.md: conflict in front matter key 'tier' (lines 3-7)\n"
    assert ours.read_text(encoding="utf-8").startswith(
        "---\nname: Jane Doe\n<<<<<<< ours\ntier: ally\n=======\ntier: casual\n>>>>>>> theirs\ncompany: Acme\n---\n")


def test_a_file_that_is_not_utf8_is_merged_line_by_line_exit_1(three, runner):
    base, ours, theirs = three
    ours.write_bytes(b"caf\xe9 ours\n")
    base.write_bytes(b"caf\xe9\n")
    theirs.write_bytes(b"caf\xe9 theirs\n")
    result = invoke(runner, "merge-driver", str(base), str(ours), str(theirs), "contacts/x.md")
    assert result.exit_code == 1
    assert result.stderr == "relnotes: contacts/x.md: not a note relnotes can read; merged line by line\n"
    assert ours.read_bytes() == b"<<<<<<< ours\ncaf\xe9 ours\n=======\ncaf\xe9 theirs\n>>>>>>> theirs\n"


def test_usage(runner, three):
    result = invoke(runner, "merge-driver", str(three[0]))
    assert result.exit_code == 2
    assert "give BASE OURS THEIRS PATH (as git passes %O %A %B %P), or --resolve FILE" in result.stderr


def test_python_m_relnotes_entry_runs_the_driver(three):
    base, ours, theirs = three
    theirs.write_text(JANE.replace(END_OF_LOG, END_OF_LOG + LOG_B), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "relnotes.entry", "merge-driver", str(base), str(ours), str(theirs),
                           "contacts/Jane Doe.md"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert ours.read_text(encoding="utf-8") == JANE.replace(END_OF_LOG, END_OF_LOG + LOG_B)


@pytest.fixture
def mid_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository where git (without the driver) left Jane's note in conflict: a log line each side."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    repo = tmp_path / "repo"
    (repo / "contacts").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    note = repo / "contacts" / "Jane Doe.md"
    note.write_text(JANE, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    git(repo, "checkout", "-qb", "other")
    note.write_text(JANE.replace(END_OF_LOG, END_OF_LOG + LOG_B), encoding="utf-8")
    git(repo, "commit", "-qam", "b")
    git(repo, "checkout", "-q", "main")
    note.write_text(JANE.replace(END_OF_LOG, END_OF_LOG + LOG_A), encoding="utf-8")
    git(repo, "commit", "-qam", "a")
    merged = subprocess.run(["git", "-C", str(repo), "merge", "-q", "other"], capture_output=True, check=False)
    assert merged.returncode == 1 and "<<<<<<<" in note.read_text(encoding="utf-8")
    return repo


def test_resolve_retries_the_structured_merge_and_stages_it(mid_merge, runner):
    note = mid_merge / "contacts" / "Jane Doe.md"
    result = invoke(runner, "merge-driver", "--resolve", str(note))
    assert (result.exit_code, result.stdout) == (
        0, "contacts/Jane Doe.md: merged cleanly; staged it (git add) — commit when the merge is done\n")
    assert note.read_text(encoding="utf-8") == JANE.replace(END_OF_LOG, END_OF_LOG + LOG_B + LOG_A)
    assert git(mid_merge, "diff", "--name-only", "--diff-filter=U") == ""


def test_resolve_says_what_still_conflicts(mid_merge, runner):
    git(mid_merge, "merge", "--abort")
    note = mid_merge / "contacts" / "Jane Doe.md"
    git(mid_merge, "checkout", "-q", "other")
    note.write_text(note.read_text(encoding="utf-8").replace("tier: active", "tier: casual"), encoding="utf-8")
    git(mid_merge, "commit", "-qam", "casual")
    git(mid_merge, "checkout", "-q", "main")
    note.write_text(note.read_text(encoding="utf-8").replace("tier: active", "tier: ally"), encoding="utf-8")
    git(mid_merge, "commit", "-qam", "ally")
    subprocess.run(["git", "-C", str(mid_merge), "merge", "-q", "other"], capture_output=True, check=False)
    result = invoke(runner, "merge-driver", "--resolve", str(note))
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: contacts/Jane Doe.md: still conflicts in front matter key 'tier' "
                             "(lines 3-7); edit those lines, then 'git add contacts/Jane Doe.md'\n")
    assert LOG_A + "<<<<<<<" not in note.read_text(encoding="utf-8")
    assert git(mid_merge, "diff", "--name-only", "--diff-filter=U") == "contacts/Jane Doe.md\n"


def test_resolve_refuses_a_note_not_in_conflict(mid_merge, runner):
    git(mid_merge, "merge", "--abort")
    result = invoke(runner, "merge-driver", "--resolve", str(mid_merge / "contacts" / "Jane Doe.md"))
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: contacts/Jane Doe.md is not in conflict in this repository (git has no 'ours' and 'theirs' "
           "for it); nothing was changed\n")

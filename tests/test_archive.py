"""archive / unarchive / snooze --clear change exactly one front-matter line, atomically."""

from __future__ import annotations

import subprocess

from conftest import invoke

TODAY = "2026-12-02"
NOTE = ("---\r\nname: Ann Lee   # from the card\r\ntier: active\r\nsnooze_until: 2027-01-05\r\n"
        "tags: [a, b]\r\n---\r\n\r\n## Log\r\n- 2026-11-01 met: at the summit\r\n")


def _ann(make_vault):
    return make_vault.write("contacts/Ann Lee.md", NOTE.encode())


def test_archive_adds_status_and_nothing_else(runner, make_vault):
    path = _ann(make_vault)
    result = invoke(runner, "archive", "Ann", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "contacts/Ann Lee.md: archive: Ann Lee (status archived)\n", "")
    assert path.read_bytes() == NOTE.replace("tags: [a, b]\r\n", "tags: [a, b]\r\nstatus: archived\r\n").encode()
    again = invoke(runner, "archive", "Ann Lee", vault=make_vault.root, today=TODAY)
    assert (again.exit_code, again.stdout) == (0, "contacts/Ann Lee.md: unchanged\n")


def test_unarchive_sets_the_status_line_back(runner, make_vault):
    path = make_vault.write("contacts/Ann Lee.md", NOTE.replace("tier: active\r\n", "tier: active\r\nstatus: archived\r\n").encode())
    result = invoke(runner, "unarchive", "Ann", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (0, "contacts/Ann Lee.md: unarchive: Ann Lee (status active)\n")
    assert path.read_bytes() == NOTE.replace("tier: active\r\n", "tier: active\r\nstatus: active\r\n").encode()


def test_archived_contact_leaves_due_and_comes_back(runner, make_vault):
    make_vault.contact("Bo Chan", "tier: ally\nmet: 2026-01-01")
    assert "Bo Chan" in invoke(runner, "due", vault=make_vault.root, today=TODAY).stdout
    assert invoke(runner, "archive", "Bo", vault=make_vault.root, today=TODAY).exit_code == 0
    assert "Bo Chan" not in invoke(runner, "due", vault=make_vault.root, today=TODAY).stdout
    assert invoke(runner, "unarchive", "Bo", vault=make_vault.root, today=TODAY).exit_code == 0
    assert "Bo Chan" in invoke(runner, "due", vault=make_vault.root, today=TODAY).stdout


def test_snooze_clear_removes_only_the_snooze_line(runner, make_vault):
    path = _ann(make_vault)
    result = invoke(runner, "snooze", "Ann", "--clear", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (0, "contacts/Ann Lee.md: snooze: Ann Lee cleared\n")
    assert path.read_bytes() == NOTE.replace("snooze_until: 2027-01-05\r\n", "").encode()
    again = invoke(runner, "snooze", "Ann", "--clear", vault=make_vault.root, today=TODAY)
    assert (again.exit_code, again.stdout) == (0, "contacts/Ann Lee.md: unchanged\n")


def test_snooze_needs_until_or_clear_not_both(runner, make_vault):
    path = _ann(make_vault)
    neither = invoke(runner, "snooze", "Ann", vault=make_vault.root, today=TODAY)
    both = invoke(runner, "snooze", "Ann", "2w", "--clear", vault=make_vault.root, today=TODAY)
    assert (neither.exit_code, neither.stderr.splitlines()[-1]) == (2, "Error: missing UNTIL (or --clear)")
    assert (both.exit_code, both.stderr.splitlines()[-1]) == (2, "Error: give either UNTIL or --clear")
    assert path.read_bytes() == NOTE.encode()


def test_archive_unknown_contact_is_one_line(runner, make_vault):
    _ann(make_vault)
    result = invoke(runner, "archive", "Zed", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "Zed" in result.stderr


def test_archive_commit(runner, make_vault):
    _ann(make_vault)
    root = make_vault.root
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for args in (["config", "user.email", "t@example.com"], ["config", "user.name", "T"], ["add", "-A"],
                 ["commit", "-qm", "start"]):
        subprocess.run(["git", "-C", str(root), *args], check=True)
    result = invoke(runner, "archive", "Ann", "--commit", vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    log = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%s"], capture_output=True, text=True, check=True)
    assert log.stdout == "archive: Ann Lee (status archived)\n"

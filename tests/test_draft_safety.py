"""Drafts against hostile notes and templates: header injection, runaway templates, paths, clashes, --open."""

from __future__ import annotations

import contextlib
import email
import errno
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest

from conftest import ROOT, invoke

TODAY = "2026-11-23"
BUILTIN = ROOT / "templates"
PAYLOAD = "=?utf-8?q?x=0D=0ABcc=3A_evil@example.com?="
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def parse_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def jane(v, me_name: str = "Alex Kim", template: str | None = None) -> Path:
    """A vault with Jane Doe (jane@example.com) and, if given, templates/nudge.eml.j2."""
    v.write("relnotes.toml", f'[me]\nname = "{me_name}"\nemail = "alex@example.com"\n')
    v.contact("Jane Doe", "email: jane@example.com\nmet: 2026-11-20")
    if template is not None:
        v.write("templates/nudge.eml.j2", template)
    return v.root


def nudge(runner, root: Path, *args: str):
    return invoke(runner, "draft", "Jane Doe", "--kind", "nudge", *args, vault=root, today=TODAY)


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".")]


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """``folder`` made unwritable (chmod; as root, which chmod does not stop, ``chattr +i``); the error's words."""
    folder.mkdir(exist_ok=True)
    if not AS_ROOT:
        folder.chmod(0o555)
        try:
            yield os.strerror(errno.EACCES)
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                        capture_output=True).returncode != 0:
        pytest.skip("no way to make a folder read-only for root here")
    try:
        yield os.strerror(errno.EPERM)
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


# --- #11.6: RFC 2047 encoded-words in note values are text ------------------------------------

def test_encoded_words_in_name_subject_and_cc_cannot_add_headers_or_recipients(runner, make_vault):
    v = make_vault
    v.write("relnotes.toml", f'[me]\nname = "{PAYLOAD}"\nemail = "alex@example.com"\n')
    v.write("contacts/evil.md", f'---\nname: "{PAYLOAD}"\nemail: jane@example.com\n'
                                f'company: "{PAYLOAD}"\nmet: 2026-11-22\n---\n')
    v.write("templates/first-follow-up.eml.j2",
            '---\nsubject: "Hi {{ contact.company }}"\ncc: ["{{ contact.company }} <cc@example.com>"]\n---\nHello\n')
    result = invoke(runner, "draft", "evil", "--save", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "")
    saved = v.root / result.stdout.strip()
    raw = saved.read_bytes()
    assert PAYLOAD.encode() not in raw.split(b"\r\n\r\n", 1)[0]  # the text never reaches a header as it is
    msg = parse_eml(saved)
    assert sorted(msg.keys()) == sorted(["From", "To", "Cc", "Subject", "Date", "Message-ID", "X-Unsent",
                                         "Content-Type", "Content-Transfer-Encoding", "MIME-Version"])
    assert msg["Bcc"] is None
    assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [(PAYLOAD, "jane@example.com")]
    assert [(a.display_name, a.addr_spec) for a in msg["Cc"].addresses] == [(PAYLOAD, "cc@example.com")]
    assert [(a.display_name, a.addr_spec) for a in msg["From"].addresses] == [(PAYLOAD, "alex@example.com")]
    assert msg["Subject"] == f"Hi {PAYLOAD}"
    assert msg.get_content().replace("\r\n", "\n") == "Hello\n"


def test_an_encoded_word_in_an_email_address_is_left_out(runner, make_vault):
    v = make_vault
    v.write("relnotes.toml", '[me]\nname = "Alex"\nemail = "alex@example.com"\n')
    v.write("contacts/evil.md", '---\nname: Eve\nemail: "=?utf-8?q?a=0D=0ABcc=3A_b?=x@example.com"\n'
                                "met: 2026-11-22\n---\n")
    result = invoke(runner, "draft", "Eve", "--save", vault=v.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stderr == ("warning: Eve: To: '=?utf-8?q?a=0D=0ABcc=3A_b?=x@example.com' is not an email "
                             "address; it is left out\n")
    msg = parse_eml(v.root / result.stdout.strip())
    assert msg["To"] is None and msg["Bcc"] is None


def test_plain_names_stay_readable_in_the_header(runner, make_vault):
    root = jane(make_vault, template='---\nsubject: "Lunch? (Tuesday, 12:30)"\nto: \'"Doe, Jane" <jane@example.com>\'\n'
                                     '---\nHi\n')
    result = nudge(runner, root, "--save")
    head = (root / result.stdout.strip()).read_bytes().split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "\r\nTo: \"Doe, Jane\" <jane@example.com>\r\n" in head
    assert "\r\nSubject: Lunch? (Tuesday, 12:30)\r\n" in head
    assert head.startswith("From: Alex Kim <alex@example.com>\r\n")


def test_a_long_subject_is_folded_and_reads_back_whole(runner, make_vault):
    words = " ".join(f"word{i}" for i in range(40))
    root = jane(make_vault, template=f'---\nsubject: "{words} Zoë"\n---\nHi\n')
    saved = root / nudge(runner, root, "--save").stdout.strip()
    head = saved.read_bytes().split(b"\r\n\r\n", 1)[0]
    assert max(len(line) for line in head.split(b"\r\n")) <= 78
    assert parse_eml(saved)["Subject"] == f"{words} Zoë"


def test_a_bad_me_email_leaves_from_out_with_a_warning(runner, make_vault):
    v = make_vault
    jane(v)
    v.write("relnotes.toml", '[me]\nname = "Alex"\nemail = "alex at example"\n')
    result = nudge(runner, v.root, "--save")
    assert result.exit_code == 0
    assert result.stderr == "warning: [me] email 'alex at example' in relnotes.toml is not an email address; " \
                            "the draft has no From:\n"
    assert parse_eml(v.root / result.stdout.strip())["From"] is None


# --- #11.10: templates cannot hang or exhaust memory -----------------------------------------

LIMITS = [
    ("{% for i in range(100000) %}x{% endfor %}", 4,
     "range() of 100,000 numbers is over the limit of 10,000"),
    ("{% for i in range(10000) %}\n{% for j in range(10000) %}{% endfor %}\n{% endfor %}", 5,
     "the template took more than 1,000,000 steps (loop turns, calls, look-ups); is a loop nested too deep?"),
    ("{{ 9 ** (9 ** 9) }}", 4, "9 ** 387420489 is too large a number (over 1,000 digits)"),
    ("{{ 'x' * 10 ** 10 }}", 4, "a text of 10,000,000,000 characters is over the limit of 1,000,000"),
    ("{{ [1, 2] * 10 ** 7 }}", 4, "a list of 20,000,000 items is over the limit of 1,000,000"),
    ("{% set ns = namespace(s='x') %}\n{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", 5,
     "a text of 1,048,576 characters is over the limit of 1,000,000"),
    ("{% set ns = namespace(s='x') %}\n{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}", 5,
     "a text of 1,048,576 characters is over the limit of 1,000,000"),
    ("{% set ns = namespace(n=2) %}\n{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}", 5,
     "a number of 617 digits * a number of 617 digits is too large a number (over 1,000 digits)"),
    ("{{ 'x' | center(10 ** 9) }}", 4, "center(): 1,000,000,000 is over the limit of 1,000,000"),
    ("{{ 'x'.ljust(10 ** 9) }}", 4, "ljust(): 1,000,000,000 is over the limit of 1,000,000"),
    ("{{ '%0999999999d' % 1 }}", 4, "the format '%0999999999d' asks for 999,999,999 characters (at most 1,000,000)"),
    ("{{ '{:>999999999}'.format(1) }}", 4,
     "the format '{:>999999999}' asks for 999,999,999 characters (at most 1,000,000)"),
    ("{{ '%0999999999d' | format(1) }}", 4,
     "the format '%0999999999d' asks for 999,999,999 characters (at most 1,000,000)"),
    ("{% set s = 'x' * 100000 %}\n{{ range(10000) | join(s) }}", 5,
     "join(): a text of about 999,900,000 characters is over the limit of 1,000,000"),
    ("{% set s = 'x' * 100000 %}\n{{ s | replace('x', s) }}", 5,
     "replace(): a text of about 10,000,000,000 characters is over the limit of 1,000,000"),
    ("{% set s = 'x' * 100000 %}\n{{ s.replace('x', s) }}", 5,
     "replace(): a text of about 10,000,000,000 characters is over the limit of 1,000,000"),
    ("{% set s = 'x\\n' * 50000 %}\n{{ s | indent(s) }}", 5,
     "indent(): a text of about 5,000,100,000 characters is over the limit of 1,000,000"),
    ("{% set l = [1] %}\n{% for i in range(30) %}{% set _ = l.extend(l) %}{% endfor %}", 5,
     "a list of 1,048,576 items is over the limit of 1,000,000"),
    ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}\n{{ f(40) }}", 4,
     "the template took more than 1,000,000 steps (loop turns, calls, look-ups); is a loop nested too deep?"),
    ("{% for i in range(2000) %}\n{{ 'x' * 999 }}\n{% endfor %}", 5,
     "the draft is longer than 1,000,000 characters"),
    ("{{ [1] | batch(10 ** 9, 'x') | list }}", 4, "batch(): 1,000,000,000 is over the limit of 1,000,000"),
    ("{{ (1).to_bytes(10 ** 9, 'big') }}", 4, "to_bytes(): 1,000,000,000 is over the limit of 1,000,000"),
    ("{{ '%*d' % (10 ** 9, 1) }}", 4, "format(): 1,000,000,000 is over the limit of 1,000,000"),
    ("{{ '{:{}}'.format('x', 10 ** 9) }}", 4, "format(): 1,000,000,000 is over the limit of 1,000,000"),
    ("{% set s = 'x' * 100000 %}\n{{ s | wordwrap(1, wrapstring=s) }}", 5,
     "wordwrap(): a text of about 10,000,200,000 characters is over the limit of 1,000,000"),
    ("{{ ([[1] * 1000000] * 1000000) | sum(start=[]) }}", 4,
     "sum(): a list of about 1,000,000,000,000 items is over the limit of 1,000,000"),
    ("{% set s = '\\t' * 100000 %}\n{{ s.expandtabs(100) }}", 5,
     "expandtabs(): a text of about 10,100,000 characters is over the limit of 1,000,000"),
]


@pytest.mark.parametrize("body, line, message", LIMITS, ids=[f"limit{i}" for i in range(len(LIMITS))])
def test_a_runaway_template_stops_with_one_line_naming_file_and_line(runner, make_vault, body, line, message):
    root = jane(make_vault, template=f"---\nsubject: Hi\n---\n{body}\n")
    result = nudge(runner, root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"relnotes: templates/nudge.eml.j2:{line}: {message}\n"


def test_endless_recursion_is_one_line(runner, make_vault):
    root = jane(make_vault, template="---\nsubject: Hi\n---\n{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n")
    result = nudge(runner, root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("relnotes: templates/nudge.eml.j2:4: RecursionError: maximum recursion depth")
    assert result.stderr.count("\n") == 1


def test_a_runaway_header_names_the_header(runner, make_vault):
    root = jane(make_vault, template="---\ndescription: x\nsubject: \"{{ 'x' * 10 ** 10 }}\"\n---\nHi\n")
    result = nudge(runner, root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: templates/nudge.eml.j2:3: a text of 10,000,000,000 characters is over "
                             "the limit of 1,000,000 (in subject)\n")


def test_the_limits_hold_for_each_draft_not_for_the_whole_run(runner, make_vault):
    """Every draft of --due gets its own step budget: 600,000 steps each is fine, twice over."""
    v = make_vault
    v.write("relnotes.toml", '[me]\nname = "Alex"\nemail = "alex@example.com"\n')
    v.contact("Jane Doe", "email: jane@example.com\nmet: 2026-11-20")
    v.contact("Sam Lee", "email: sam@example.com\nmet: 2026-11-20")
    v.write("templates/first-follow-up.eml.j2", "---\nsubject: Hi\n---\n"
                                                "{% for i in range(600) %}{% for j in range(1000) %}{% endfor %}"
                                                "{% endfor %}done\n")
    result = invoke(runner, "draft", "--due", "--json", vault=v.root, today=TODAY)
    assert result.exit_code == 0, result.stderr
    assert [d["body"] for d in json.loads(result.stdout)] == ["done\n", "done\n"]


def test_ordinary_loops_and_numbers_still_work(runner, make_vault):
    root = jane(make_vault, template="---\nsubject: \"{{ 2 ** 10 }} {{ 'ab' * 3 }}\"\n---\n"
                                     "{% for i in range(10000) %}{% if i % 2500 == 0 %}{{ i }} {% endif %}"
                                     "{% endfor +%}\n{{ '%05d' % 42 }} {{ '{:>6}'.format('x') }} "
                                     "{{ [1, 2] + [3] }} {{ 'x' | center(5) }}|\n"
                                     "{{ '{:,}'.format(12345678) }} {{ [[1], [2]] | sum(start=[]) }} "
                                     "{{ range(3) | join('-') }} {{ 'a b' | replace(' ', '_') }}\n")
    result = nudge(runner, root)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("To: Jane Doe <jane@example.com>\nSubject: 1024 ababab\n\n"
                             "0 2500 5000 7500\n00042      x [1, 2, 3]   x  |\n12,345,678 [1, 2] 0-1-2 a_b\n")


def test_lipsum_is_not_offered(runner, make_vault):
    root = jane(make_vault, template="---\nsubject: Hi\n---\n{{ lipsum(10 ** 5) }}\n")
    result = nudge(runner, root)
    assert (result.exit_code, result.stderr) == (2, "relnotes: templates/nudge.eml.j2:4: 'lipsum' is undefined\n")


# --- #11.7: template names are plain names; no template from outside the vault ---------------

@pytest.mark.parametrize("name", ["../../evil", "a/b", "a\\b", "x\x00y", ".hidden", "_partial", "..", "a..b",
                                  "tab\there"])
def test_templates_copy_refuses_a_name_that_is_not_plain(runner, make_vault, tmp_path, name):
    root = jane(make_vault)
    result = invoke(runner, "templates", "copy", "nudge", name, vault=root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: {name!r} is not a template name: use a plain name such as 'coffee' "
                             "(no '/', '\\', '..' or control characters; not starting with '.' or '_')\n")
    assert not (root / "templates").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "v"]


def test_templates_copy_refuses_a_name_too_long_for_a_file(runner, make_vault):
    root = jane(make_vault)
    result = invoke(runner, "templates", "copy", "nudge", "x" * 300, vault=root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "relnotes: 'xxxxxxxxxxxxxxxxxxxx…' is too long for a template name (at most 240 bytes)\n"


def test_a_template_linking_outside_the_vault_is_refused(runner, make_vault, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("---\ndescription: secret\nsubject: secret\n---\nTOP SECRET\n", encoding="utf-8")
    root = jane(make_vault)
    (root / "templates").mkdir()
    (root / "templates/nudge.eml.j2").symlink_to(secret)
    refusal = ("relnotes: templates/nudge.eml.j2: leads outside the vault through a link; "
               "relnotes does not read it\n")
    for args in (["draft", "Jane Doe", "--kind", "nudge"], ["templates", "show", "nudge"]):
        result = invoke(runner, *args, vault=root, today=TODAY)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", refusal), args
    listing = invoke(runner, "templates", "list", "--json", vault=root)
    assert listing.exit_code == 0
    assert "SECRET" not in listing.stdout and "secret" not in listing.stdout
    assert listing.stderr == "warning: " + refusal.removeprefix("relnotes: ")
    row = next(r for r in json.loads(listing.stdout) if r["name"] == "nudge")
    assert row == {"description": "", "format": "eml", "name": "nudge", "origin": "vault", "overrides": True,
                   "path": "templates/nudge.eml.j2"}


def test_an_include_linking_outside_the_vault_is_refused(runner, make_vault, tmp_path):
    (tmp_path / "id_rsa").write_text("PRIVATE KEY\n", encoding="utf-8")
    root = jane(make_vault, template="---\nsubject: Hi\n---\nHi\n{% include '_sig.j2' %}\n")
    (root / "templates/_sig.j2").symlink_to(tmp_path / "id_rsa")
    result = nudge(runner, root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: templates/_sig.j2: leads outside the vault through a link; "
                             "relnotes does not read it\n")


def test_a_templates_folder_linking_outside_the_vault_is_refused(runner, make_vault, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "nudge.eml.j2").write_text("---\nsubject: Hi\n---\nfrom outside\n", encoding="utf-8")
    root = jane(make_vault)
    (root / "templates").symlink_to(outside)
    result = nudge(runner, root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: templates/nudge.eml.j2: leads outside the vault through a link; "
                             "relnotes does not read it\n")
    copy = invoke(runner, "templates", "copy", "thank-you", vault=root)
    assert (copy.exit_code, copy.stdout) == (2, "")
    assert copy.stderr == ("relnotes: templates: leads outside the vault through a link; "
                           "relnotes does not write there\n")
    assert sorted(p.name for p in outside.iterdir()) == ["nudge.eml.j2"]


def test_a_link_to_a_template_inside_the_vault_works(runner, make_vault):
    root = jane(make_vault)
    make_vault.write("shared/mine.eml.j2", "---\nsubject: Shared\n---\nfrom the vault\n")
    (root / "templates").mkdir()
    (root / "templates/nudge.eml.j2").symlink_to(root / "shared/mine.eml.j2")
    result = nudge(runner, root)
    assert (result.exit_code, result.stdout) == (0, "To: Jane Doe <jane@example.com>\nSubject: Shared\n\n"
                                                    "from the vault\n")


def test_templates_copy_writes_the_exact_bytes_and_leaves_no_temporary_file(runner, make_vault):
    root = jane(make_vault)
    result = invoke(runner, "templates", "copy", "review", "check-in", vault=root)
    assert (result.exit_code, result.stdout) == (0, "templates/check-in.md.j2\n")
    assert (root / "templates/check-in.md.j2").read_bytes() == (BUILTIN / "review.md.j2").read_bytes()
    assert no_temp_files(root / "templates")


def test_templates_copy_never_replaces_a_dangling_link(runner, make_vault, tmp_path):
    root = jane(make_vault)
    (root / "templates").mkdir()
    (root / "templates/nudge.eml.j2").symlink_to(tmp_path / "nowhere")
    result = invoke(runner, "templates", "copy", "nudge", vault=root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: templates/nudge.eml.j2 already exists; "
                             "edit it, or remove it to copy the built-in one again\n")
    assert not (tmp_path / "nowhere").exists()


# --- #11.17: ordinary clashes are one line, exit 2 ---------------------------------------------

def test_a_file_named_drafts_is_one_line(runner, make_vault):
    root = jane(make_vault)
    (root / "drafts").write_text("mine\n", encoding="utf-8")
    result = nudge(runner, root, "--save")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: drafts: is a file, not a folder; move it away, "
                             "or set [vault] drafts_dir in relnotes.toml\n")
    assert (root / "drafts").read_text(encoding="utf-8") == "mine\n"


def test_a_file_in_the_way_of_a_nested_drafts_folder_is_one_line(runner, make_vault):
    root = jane(make_vault)
    with (root / "relnotes.toml").open("a", encoding="utf-8") as handle:
        handle.write('[vault]\ndrafts_dir = "out/drafts"\n')
    (root / "out").write_text("mine\n", encoding="utf-8")
    result = nudge(runner, root, "--save")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: out: is a file, not a folder; move it away, "
                             "or set [vault] drafts_dir in relnotes.toml\n")


def test_a_file_named_templates_is_one_line_for_copy(runner, make_vault):
    root = jane(make_vault)
    (root / "templates").write_text("mine\n", encoding="utf-8")
    result = invoke(runner, "templates", "copy", "nudge", vault=root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: templates: is a file, not a folder; move it away, "
                             "or set [vault] templates_dir in relnotes.toml\n")
    assert (root / "templates").read_text(encoding="utf-8") == "mine\n"


def test_a_draft_name_too_long_for_the_file_system_is_one_line(runner, make_vault):
    kind = "k" * 240
    root = jane(make_vault)
    make_vault.write(f"templates/{kind}.md.j2", "Hello\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", kind, "--save", vault=root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    name = f"drafts/2026-11-23-jane-doe-{kind}.md"
    assert result.stderr == f"relnotes: {name}: cannot save the draft (File name too long); nothing was written\n"
    assert no_temp_files(root / "drafts")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_drafts_folder_is_one_line(runner, make_vault):
    root = jane(make_vault)
    with read_only(root / "drafts") as denied:
        result = nudge(runner, root, "--save")
        assert list((root / "drafts").iterdir()) == []
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: drafts/2026-11-23-jane-doe-nudge.eml: cannot save the draft "
                             f"({denied}); nothing was written\n")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_templates_copy_into_a_read_only_folder_is_one_line(runner, make_vault):
    root = jane(make_vault)
    with read_only(root / "templates") as denied:
        result = invoke(runner, "templates", "copy", "nudge", vault=root)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: templates/nudge.eml.j2: cannot copy the template "
                             f"({denied}); nothing was written\n")


def test_saved_drafts_leave_no_temporary_file(runner, make_vault):
    root = jane(make_vault)
    for expected in ("drafts/2026-11-23-jane-doe-nudge.eml\n", "drafts/2026-11-23-jane-doe-nudge-2.eml\n"):
        assert nudge(runner, root, "--save").stdout == expected
    assert sorted(p.name for p in (root / "drafts").iterdir()) == [
        "2026-11-23-jane-doe-nudge-2.eml", "2026-11-23-jane-doe-nudge.eml"]


def test_saving_skips_a_name_taken_by_a_dangling_link(runner, make_vault, tmp_path):
    root = jane(make_vault)
    (root / "drafts").mkdir()
    (root / "drafts/2026-11-23-jane-doe-nudge.eml").symlink_to(tmp_path / "nowhere")
    assert nudge(runner, root, "--save").stdout == "drafts/2026-11-23-jane-doe-nudge-2.eml\n"
    assert not (tmp_path / "nowhere").exists()


# --- #11.18: --open checks first, then acts ----------------------------------------------------

def fake_opener(folder: Path, log: Path) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / "xdg-open"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" > "{log}"\n', encoding="utf-8")
    script.chmod(0o755)


linux_only = pytest.mark.skipif(sys.platform in ("darwin", "win32", "cygwin"), reason="xdg-open is the opener")


@linux_only
def test_open_without_an_opener_refuses_before_saying_anything(runner, make_vault, tmp_path, monkeypatch):
    root = jane(make_vault)
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = nudge(runner, root, "--open", "--save")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: cannot open your mail app: xdg-open is not installed "
                             "(use --print-url or --save instead)\n")
    assert not (root / "drafts").exists()


def test_open_refuses_a_markdown_draft_before_saying_anything(runner, make_vault, tmp_path, monkeypatch):
    root = jane(make_vault)
    fake_opener(tmp_path / "bin", tmp_path / "opened.txt")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = invoke(runner, "draft", "Jane Doe", "--kind", "review", "--open", "--save", vault=root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: builtin:review.md.j2: review is a Markdown document, not an email; "
                             "use --save instead\n")
    assert not (tmp_path / "opened.txt").exists()
    assert not (root / "drafts").exists()


@linux_only
def test_an_opener_that_cannot_start_is_one_line(runner, make_vault, tmp_path, monkeypatch):
    root = jane(make_vault)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin/xdg-open").write_text("#!/nonexistent/interpreter\n", encoding="utf-8")
    (tmp_path / "bin/xdg-open").chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = nudge(runner, root, "--open")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("opening a draft to Jane Doe in your mail app\n"
                             "relnotes: cannot open your mail app: xdg-open failed "
                             "(use --print-url or --save instead)\n")


@linux_only
def test_open_hands_the_mailto_link_to_the_opener(runner, make_vault, tmp_path, monkeypatch):
    root = jane(make_vault, template="---\nsubject: Hi there\n---\nHello\n")
    log = tmp_path / "opened.txt"
    fake_opener(tmp_path / "bin", log)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    result = nudge(runner, root, "--open")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "opening a draft to Jane Doe in your mail app\n"
    for _ in range(500):  # the opener runs in the background
        if log.exists() and log.read_text(encoding="utf-8").endswith("\n"):
            break
        time.sleep(0.01)
    assert log.read_text(encoding="utf-8") == "mailto:jane@example.com?subject=Hi%20there&body=Hello%0D%0A\n"


# --- #11.21: stable template names in JSON ------------------------------------------------------

def test_draft_json_names_a_builtin_template_by_a_stable_name(runner, make_vault):
    root = jane(make_vault)
    result = nudge(runner, root, "--json")
    assert json.loads(result.stdout)["template"] == "builtin:nudge.eml.j2"
    make_vault.write("templates/nudge.eml.j2", "---\nsubject: Hi\n---\nHi\n")
    assert json.loads(nudge(runner, root, "--json").stdout)["template"] == "templates/nudge.eml.j2"


def test_templates_list_json_gives_stable_paths(runner, make_vault):
    root = jane(make_vault)
    make_vault.write("templates/coffee.eml.j2", "---\ndescription: Coffee after a meetup.\nsubject: Hi\n---\nHi\n")
    make_vault.write("templates/nudge.eml.j2", "---\nsubject: Hi\n---\nHi\n")
    result = invoke(runner, "templates", "list", "--json", vault=root)
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["coffee"] == {"description": "Coffee after a meetup.", "format": "eml", "name": "coffee",
                              "origin": "vault", "overrides": False, "path": "templates/coffee.eml.j2"}
    assert rows["nudge"] == {"description": "", "format": "eml", "name": "nudge", "origin": "vault",
                             "overrides": True, "path": "templates/nudge.eml.j2"}
    assert rows["prep"]["path"] == "builtin:prep.md.j2" and rows["prep"]["origin"] == "built-in"
    assert all(r["path"].startswith(("builtin:", "templates/")) for r in rows.values())
    assert str(ROOT) not in result.stdout


def test_an_error_in_a_builtin_template_names_it_by_its_stable_name(runner, make_vault):
    root = jane(make_vault)
    result = invoke(runner, "draft", "Jane Doe", "--kind", "review", "--print-url", vault=root, today=TODAY)
    assert (result.exit_code, result.stderr) == (2, "relnotes: builtin:review.md.j2: review is a Markdown "
                                                    "document, not an email; use --save instead\n")


def test_templates_list_and_show_work_outside_any_vault(runner):
    """No vault named and none found: the built-in templates, not "no vault here"."""
    listed = invoke(runner, "templates", "list", "--json")
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)
    assert {row["origin"] for row in rows} == {"built-in"}
    assert {"nudge", "review", "first-follow-up"} <= {row["name"] for row in rows}
    shown = invoke(runner, "templates", "show", "nudge")
    assert shown.exit_code == 0 and shown.stdout.startswith("---\n")
    missing = invoke(runner, "templates", "show", "nope")
    assert missing.exit_code == 2
    assert "no template called 'nope' among the built-in ones" in missing.stderr
    assert "no vault" not in listed.stderr + shown.stderr + missing.stderr


def test_templates_list_still_refuses_a_named_vault_that_is_not_there(runner, tmp_path):
    result = invoke(runner, "templates", "list", vault=tmp_path / "nowhere")
    assert result.exit_code == 2


def test_a_drafts_folder_linked_out_of_the_vault_is_refused(runner, vault, tmp_path):
    """``draft --save`` never writes through a drafts/ link to a folder outside the vault."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (vault / "drafts").symlink_to(outside, target_is_directory=True)
    result = invoke(runner, "draft", "Jane Doe", "--save", vault=vault, today="2026-11-23")
    assert result.exit_code == 2, result.output
    assert "leads outside the vault" in result.stderr and result.stderr.count("\n") == 1
    assert list(outside.iterdir()) == []

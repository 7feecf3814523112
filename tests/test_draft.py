"""relnotes draft, intro and prep: every template against real vaults, .eml files, safety."""

from __future__ import annotations

import email
import json
import subprocess
import sys
from email import policy
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import ROOT, SAMPLE_TODAY, invoke
from relnotes.core.rules import RULES

TODAY = "2026-11-23"
BUILTIN = ROOT / "templates"


def parse_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[return-value]


def template_names(runner, vault: Path) -> list[str]:
    result = invoke(runner, "templates", "list", "--json", vault=vault)
    assert result.exit_code == 0, result.output
    return [t["name"] for t in json.loads(result.stdout)]


def small_vault(v, me: str = 'name = "Alex Kim"\nemail = "alex@example.com"\n'):
    """Jane met at a mixer yesterday-ish, with a debrief line, a promise and a need Sam can meet."""
    v.write("relnotes.toml", f"[me]\n{me}")
    v.event("2026-11-20 Mixer", "date: 2026-11-20\npeople: ['[[Jane Doe]]', '[[Sam Lee]]', 'Bob Stone']", """
        - [[Jane Doe]]: VP Eng at Acme, she is hiring two fintech engineers
        - [ ] Send [[Jane Doe]] the podcast link 📅 2026-11-22
    """)
    v.contact("Jane Doe", "email: jane@example.com\ntier: strategic\nmet_at: '[[2026-11-20 Mixer]]'\n"
                          "needs: [a product designer]", "## Log\n- 2026-11-20 met: at [[2026-11-20 Mixer]], hiring")
    v.contact("Sam Lee", "email: sam@example.com\nrole: product designer\noffers: [product design]")
    return v.root


# --- every template, every due item ------------------------------------------------------

def test_every_due_item_of_the_sample_vault_gets_a_draft(runner, vault, due_json):
    items = due_json(vault, SAMPLE_TODAY)
    assert {i["kind"] for i in items} == set(RULES)
    result = invoke(runner, "draft", "--due", "--json", vault=vault, today=SAMPLE_TODAY)
    assert result.exit_code == 0, result.stderr
    drafts = json.loads(result.stdout)
    own = [i for i in items if i["file"].startswith("events/") and i["kind"] != "first-follow-up"]
    assert own, "the sample vault has an event task that links no one"
    expected = [(i["contact"], i["kind"]) for i in items if i not in own]
    assert [(d["contact"], d["kind"]) for d in drafts] == expected
    for i in own:
        assert f"skipped: {i['contact']}: {i['reason']} (an event's own task; no one to write to)\n" in result.stderr
    for d in drafts:
        assert "{{" not in d["body"] and "[[" not in d["body"] and "#gave" not in d["body"]
        assert d["body"].endswith("\n") and not d["body"].startswith("\n")


def test_every_builtin_template_renders_for_every_contact_with_a_due_item(runner, vault, due_json):
    items = due_json(vault, SAMPLE_TODAY)
    people = dict.fromkeys(i["contact"] for i in items if not (i["file"].startswith("events/") and i["tier"] is None
                                                               and i["kind"] != "first-follow-up"))
    names = [n for n in template_names(runner, vault) if not n.startswith("intro")]
    assert names == ["birthday", "commitment", "first-follow-up", "follow-up", "keep-in-touch", "nudge", "prep",
                     "review", "thank-you", "waiting"]
    for person in people:
        for name in names:
            result = invoke(runner, "draft", person, "--kind", name, vault=vault, today=SAMPLE_TODAY)
            assert result.exit_code == 0, (person, name, result.stderr)
            assert "{{" not in result.stdout and "[[" not in result.stdout, (person, name)
        result = invoke(runner, "prep", person, vault=vault, today=SAMPLE_TODAY)
        assert result.exit_code == 0, (person, result.stderr)
        assert result.stdout.startswith(f"# Prep: {person}\n")


def test_every_due_kind_has_a_builtin_template():
    files = {p.name for p in BUILTIN.glob("*.j2")}
    for kind in RULES:
        assert f"{kind}.eml.j2" in files or f"{kind}.md.j2" in files, kind
    assert {"thank-you.eml.j2", "intro.eml.j2", "intro-ask.eml.j2", "prep.md.j2"} <= files


# --- what a draft says ---------------------------------------------------------------------

def test_first_follow_up_refers_to_the_event_the_debrief_and_offers_an_intro(runner, make_vault):
    root = small_vault(make_vault)
    result = invoke(runner, "draft", "jane doe", vault=root, today=TODAY)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "To: Jane Doe <jane@example.com>\n"
        "Subject: Good to meet you at Mixer\n"
        "\n"
        "Hi Jane,\n"
        "\n"
        "It was good to meet you at Mixer on Friday. I've been thinking about what we talked about: hiring.\n"
        "\n"
        "You mentioned you're looking for a product designer. Sam Lee (product designer) could help there, "
        "and I'd be glad to introduce you two if that would be useful.\n"
        "\n"
        "Would you be up for a 20-minute coffee or call in the next couple of weeks? [Suggest two times.]\n"
        "\n"
        "Best,\n"
        "Alex\n"
    )


def test_commitment_names_the_thing_promised(runner, make_vault):
    root = small_vault(make_vault)
    result = invoke(runner, "draft", "Jane Doe", "--kind", "commitment", vault=root, today=TODAY)
    assert result.stdout.splitlines()[1] == "Subject: The podcast link, as promised"
    assert "As promised, I'm sending the podcast link. [Attach it or paste the link.]" in result.stdout


def test_nothing_due_gives_a_keep_in_touch_draft(runner, make_vault):
    v = make_vault
    v.contact("Ann Lee", "email: ann@example.com\ncompany: Initech", "## Log\n- 2026-11-20 call: pricing chat")
    result = invoke(runner, "draft", "Ann Lee", "--json", vault=v.root, today=TODAY)
    draft = json.loads(result.stdout)
    assert (draft["kind"], draft["subject"], draft["reason"]) == (
        "keep-in-touch", "How are things at Initech?", "nothing is due for Ann Lee; a note to stay in touch")
    assert "I was thinking back to our call on Friday (pricing chat)" in draft["body"]


def test_a_contact_without_email_still_gets_a_draft(runner, make_vault):
    v = make_vault
    v.contact("Ann Lee", "met: 2026-11-22")
    result = invoke(runner, "draft", "Ann Lee", vault=v.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout.startswith("To:\nSubject: Good to meet you\n\nHi Ann,\n")
    assert result.stderr == "warning: Ann Lee has no email address; To: is empty\n"


def test_someone_listed_at_an_event_without_a_note_can_be_drafted(runner, make_vault):
    root = small_vault(make_vault)
    result = invoke(runner, "draft", "bob stone", vault=root, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout.startswith("To:\nSubject: Good to meet you at Mixer\n\nHi Bob,\n")


# --- resolving -----------------------------------------------------------------------------

def test_unknown_contact_suggests_close_names(runner, make_vault):
    root = small_vault(make_vault)
    result = invoke(runner, "draft", "Jane Dough", vault=root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == "relnotes: no contact called 'Jane Dough' (did you mean Jane Doe?)\n"


def test_a_unique_first_name_or_prefix_finds_the_contact(runner, make_vault):
    root = small_vault(make_vault)
    for typed in ("Jane Do", "jane"):
        result = invoke(runner, "draft", typed, "--json", vault=root, today=TODAY)
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)["contact"] == "Jane Doe"


def test_a_guest_of_exactly_that_name_wins_over_a_loose_match(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.contact("Bob Stoneman", "email: bob@example.com")
    result = invoke(runner, "draft", "Bob Stone", "--json", vault=root, today=TODAY)
    assert result.exit_code == 0, result.stderr
    assert (json.loads(result.stdout)["contact"], json.loads(result.stdout)["to"]) == ("Bob Stone", [])
    result = invoke(runner, "draft", "bob", "--json", vault=root, today=TODAY)
    assert json.loads(result.stdout)["contact"] == "Bob Stoneman"


def test_ambiguous_contact_lists_candidates(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe", "aliases: [JD]")
    v.contact("John Dee", "aliases: [JD]")
    result = invoke(runner, "draft", "jd", vault=v.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: 'jd' matches several contacts: Jane Doe (contacts/Jane Doe.md); "
                             "John Dee (contacts/John Dee.md). Use the file name to pick one\n")


def test_contact_and_due_are_exclusive(runner, make_vault):
    result = invoke(runner, "draft", vault=small_vault(make_vault), today=TODAY)
    assert result.exit_code == 2
    assert "give a CONTACT or --due (not both)" in result.stderr


# --- saving .eml files ---------------------------------------------------------------------

def test_saved_eml_is_a_real_message(runner, vault):
    shown = invoke(runner, "draft", "Jane Doe", vault=vault, today=SAMPLE_TODAY).stdout
    result = invoke(runner, "draft", "Jane Doe", "--save", vault=vault, today=SAMPLE_TODAY)
    assert result.exit_code == 0
    assert result.stdout == "drafts/2026-11-23-jane-doe-nudge.eml\n"
    msg = parse_eml(vault / "drafts/2026-11-23-jane-doe-nudge.eml")
    assert str(msg["From"]) == "Sam Rivera <sam@example.com>"
    assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [("Jane Doe", "jane@acme.example")]
    assert msg["Subject"] == "Something you might find useful"
    assert parsedate_to_datetime(msg["Date"]).date().isoformat() == SAMPLE_TODAY
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@example.com>")
    assert msg.get_content_type() == "text/plain" and msg.get_content_charset() == "utf-8"
    assert msg.get_content().replace("\r\n", "\n") == shown.split("\n\n", 1)[1]
    assert sorted(msg.keys()) == sorted(["From", "To", "Subject", "Date", "Message-ID", "X-Unsent",
                                         "Content-Type", "Content-Transfer-Encoding", "MIME-Version"])


def test_saving_never_overwrites(runner, vault):
    first = invoke(runner, "draft", "Jane Doe", "--save", vault=vault, today=SAMPLE_TODAY)
    path = vault / first.stdout.strip()
    before = path.read_bytes()
    second = invoke(runner, "draft", "Jane Doe", "--save", vault=vault, today=SAMPLE_TODAY)
    third = invoke(runner, "draft", "Jane Doe", "--save", vault=vault, today=SAMPLE_TODAY)
    assert (second.stdout, third.stdout) == ("drafts/2026-11-23-jane-doe-nudge-2.eml\n",
                                             "drafts/2026-11-23-jane-doe-nudge-3.eml\n")
    assert path.read_bytes() == before
    assert sorted(p.name for p in (vault / "drafts").iterdir()) == [
        "2026-11-23-jane-doe-nudge-2.eml", "2026-11-23-jane-doe-nudge-3.eml", "2026-11-23-jane-doe-nudge.eml"]


def test_non_ascii_names_are_encoded_in_headers_and_utf8_in_the_body(runner, make_vault):
    v = make_vault
    v.write("relnotes.toml", '[me]\nname = "José Núñez"\nemail = "jose@example.com"\n')
    v.contact("Zoë Müller", "email: zoe@bücher.example\nmet: 2026-11-22\ncompany: Café Größe")
    result = invoke(runner, "draft", "Zoë Müller", "--kind", "keep-in-touch", "--save", vault=v.root, today=TODAY)
    assert result.stdout == "drafts/2026-11-23-zoe-muller-keep-in-touch.eml\n"
    raw = (v.root / result.stdout.strip()).read_bytes()
    head, body = raw.split(b"\r\n\r\n", 1)
    assert head.isascii()
    assert b"=?utf-8?" in head
    msg = parse_eml(v.root / result.stdout.strip())
    assert msg["From"].addresses[0].display_name == "José Núñez"
    to = msg["To"].addresses[0]
    assert (to.display_name, to.addr_spec) == ("Zoë Müller", "zoe@xn--bcher-kva.example")
    assert msg["Subject"] == "How are things at Café Größe?"
    assert "Hi Zoë," in msg.get_content()
    assert "Hi Zoë,".encode() in body


def test_due_save_writes_each_draft_and_says_where(runner, vault, due_json):
    items = [i for i in due_json(vault, SAMPLE_TODAY)
             if not (i["file"].startswith("events/") and i["kind"] != "first-follow-up")]
    result = invoke(runner, "draft", "--due", "--save", vault=vault, today=SAMPLE_TODAY)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(items)
    for line, item in zip(lines, items, strict=True):
        path, contact, kind = line.split("  ", 1)[0], item["contact"], item["kind"]
        assert line.split()[-1] == kind and contact in line
        saved = vault / path
        if saved.suffix == ".eml":
            msg = parse_eml(saved)
            assert msg["Subject"] and msg.get_content_charset() == "utf-8"
        else:
            assert saved.read_text(encoding="utf-8").startswith("# ")


# --- mailto -------------------------------------------------------------------------------

def test_print_url_gives_the_mailto_link(runner, vault):
    shown = invoke(runner, "draft", "Jane Doe", vault=vault, today=SAMPLE_TODAY).stdout
    result = invoke(runner, "draft", "Jane Doe", "--print-url", vault=vault, today=SAMPLE_TODAY)
    url = urlsplit(result.stdout.strip())
    assert url.scheme == "mailto" and unquote(url.path) == "jane@acme.example"
    query = parse_qs(url.query)
    assert query["subject"] == ["Something you might find useful"]
    assert query["body"][0].replace("\r\n", "\n") == shown.split("\n\n", 1)[1]


def test_a_markdown_template_has_no_mailto(runner, vault):
    result = invoke(runner, "draft", "Jane Doe", "--kind", "review", "--print-url", vault=vault, today=SAMPLE_TODAY)
    assert result.exit_code == 2
    assert result.stderr.endswith("review.md.j2: review is a Markdown document, not an email; use --save instead\n")


# --- safety -------------------------------------------------------------------------------

def test_a_name_cannot_inject_headers(runner, make_vault):
    v = make_vault
    v.write("contacts/evil.md", '---\nname: "Jane\\r\\nBcc: spy@evil.example"\nemail: jane@example.com\n'
                                "met: 2026-11-22\n---\n")
    v.write("templates/first-follow-up.eml.j2",
            '---\nsubject: "Hi {{ contact.name }}"\ncc: "{{ contact.name }} <x@example.com>"\n---\nHello\n')
    result = invoke(runner, "draft", "evil", "--save", vault=v.root, today=TODAY)
    assert result.exit_code == 0, result.stderr
    msg = parse_eml(v.root / result.stdout.strip())
    assert msg["Bcc"] is None
    assert msg["Subject"] == "Hi Jane Bcc: spy@evil.example"
    assert [a.addr_spec for a in msg["To"].addresses] == ["jane@example.com"]
    assert msg["To"].addresses[0].display_name == "Jane Bcc: spy@evil.example"
    raw = (v.root / result.stdout.strip()).read_bytes()
    assert b"\r\nBcc:" not in raw and b"\nBcc:" not in raw
    # a name written raw before an address: only the angle brackets make the address
    assert [(a.display_name, a.addr_spec) for a in msg["Cc"].addresses] == [
        ("Jane Bcc: spy@evil.example", "x@example.com")]


def test_vault_template_overrides_the_builtin(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.write("templates/first-follow-up.eml.j2",
                     '---\nsubject: "Hello from {{ me.name }}"\n---\nDear {{ contact | first_name }}, {{ event.name }}.\n')
    result = invoke(runner, "draft", "Jane Doe", vault=root, today=TODAY)
    assert result.stdout == "To: Jane Doe <jane@example.com>\nSubject: Hello from Alex Kim\n\nDear Jane, Mixer.\n"
    listing = invoke(runner, "templates", "list", vault=root).stdout.splitlines()
    assert [line.split("  ")[0] for line in listing if "overrides" in line] == ["first-follow-up"]


def test_a_missing_name_is_one_line_naming_file_and_line(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.write("templates/nudge.eml.j2", "---\nsubject: Hi\n---\nHi {{ contact | first_name }},\n\n"
                                                "{{ contact.nickname }}\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", "nudge", vault=root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == "relnotes: templates/nudge.eml.j2:6: 'contact' has no attribute 'nickname'\n"
    assert result.stdout == ""


def test_an_undefined_variable_in_a_header_names_the_key_line(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.write("templates/nudge.eml.j2", "---\ndescription: x\nsubject: '{{ venue }}'\n---\nHi\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", "nudge", vault=root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == "relnotes: templates/nudge.eml.j2:3: 'venue' is undefined (in subject)\n"


def test_a_syntax_error_names_file_and_line(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.write("templates/nudge.eml.j2", "---\nsubject: Hi\n---\nHi\n{% if contact.email %}\nno end\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", "nudge", vault=root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("relnotes: templates/nudge.eml.j2:6: template syntax error: Unexpected end")


def test_the_sandbox_refuses_python_internals(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.write("templates/nudge.eml.j2", "---\nsubject: Hi\n---\n{{ ''.__class__.__mro__ }}\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", "nudge", vault=root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: templates/nudge.eml.j2:4: "
                             "access to attribute '__class__' of 'str' object is unsafe.\n")


def test_bad_template_front_matter_names_the_line(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.write("templates/nudge.eml.j2", "---\nsubject: Hi\nto: [unclosed\n---\nHi\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", "nudge", vault=root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: templates/nudge.eml.j2:4: "
                             "front matter is not valid YAML (did not find expected ',' or ']')\n")


def test_an_unknown_kind_lists_the_templates(runner, make_vault):
    result = invoke(runner, "draft", "Jane Doe", "--kind", "coffee", vault=small_vault(make_vault), today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.startswith("relnotes: no template called 'coffee' in templates/ or the built-in ones (birthday,")


# --- intro and prep -------------------------------------------------------------------------

def test_intro_asks_both_then_introduces(runner, make_vault):
    root = small_vault(make_vault)
    result = invoke(runner, "intro", "Jane Doe", "Sam Lee", vault=root, today=TODAY)
    assert result.exit_code == 0, result.stderr
    headings = [line for line in result.stdout.splitlines() if line.startswith("== ")]
    assert headings == ["== 1. Ask Jane Doe first ==", "== 2. Ask Sam Lee first ==",
                        "== 3. The introduction, once both say yes =="]
    assert "You mentioned you're looking for a product designer, and Sam can help with product design." \
        in result.stdout
    saved = invoke(runner, "intro", "Jane Doe", "Sam Lee", "--save", vault=root, today=TODAY).stdout.split()
    assert saved == ["drafts/2026-11-23-jane-doe-intro-ask.eml", "drafts/2026-11-23-sam-lee-intro-ask.eml",
                     "drafts/2026-11-23-jane-doe-sam-lee-intro.eml"]
    intro = parse_eml(root / saved[2])
    assert [a.addr_spec for a in intro["To"].addresses] == ["jane@example.com", "sam@example.com"]
    assert intro["Subject"] == "Introducing Jane Doe and Sam Lee"


def test_intro_needs_two_people(runner, make_vault):
    result = invoke(runner, "intro", "Jane Doe", "jane doe", vault=small_vault(make_vault), today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: 'Jane Doe' and 'jane doe' are the same contact; "
                             "an introduction needs two people\n")


def test_prep_brief_has_every_section(runner, make_vault):
    root = small_vault(make_vault)
    result = invoke(runner, "prep", "Jane Doe", vault=root, today=TODAY)
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert headings == ["# Prep: Jane Doe", "## Goal of this meeting", "## How you met", "## Timeline",
                        "## Needs and offers", "## Open promises", "## Mutual contacts", "## Three questions to ask"]
    assert "- Sam Lee, product designer: also at Mixer" in result.stdout
    assert "- You: Send Jane Doe the podcast link (due Nov 22)" in result.stdout
    assert "- VP Eng at Acme, she is hiring two fintech engineers" in result.stdout
    assert sum(line[:2] in ("1.", "2.", "3.") for line in result.stdout.splitlines()) == 3


@pytest.mark.parametrize(("due", "said"), [
    ("2026-11-20", "Overdue (3 days): you promised: send the deck."),
    ("2026-11-23", "Due today: you promised: send the deck."),
    ("2026-11-24", "Coming up tomorrow: you promised: send the deck."),
    ("2026-11-27", "Coming up on Friday: you promised: send the deck."),
])
def test_prep_says_when_the_item_is_due(runner, make_vault, due, said):
    make_vault.contact("Ann Lee", "tier: active", f"## Promises\n- [ ] send the deck 📅 {due}\n")
    result = invoke(runner, "prep", "Ann Lee", vault=make_vault.root, today="2026-11-23")
    assert result.exit_code == 0 and said in result.stdout.splitlines()


# --- templates list/show/copy ---------------------------------------------------------------

def test_templates_copy_never_overwrites(runner, make_vault):
    root = small_vault(make_vault)
    first = invoke(runner, "templates", "copy", "nudge", vault=root)
    assert (first.exit_code, first.stdout) == (0, "templates/nudge.eml.j2\n")
    assert (root / "templates/nudge.eml.j2").read_bytes() == (BUILTIN / "nudge.eml.j2").read_bytes()
    (root / "templates/nudge.eml.j2").write_text("mine\n", encoding="utf-8")
    again = invoke(runner, "templates", "copy", "nudge", vault=root)
    assert again.exit_code == 2
    assert again.stderr == ("relnotes: templates/nudge.eml.j2 already exists; "
                            "edit it, or remove it to copy the built-in one again\n")
    assert (root / "templates/nudge.eml.j2").read_text(encoding="utf-8") == "mine\n"


def test_templates_copy_under_a_new_name_makes_a_new_kind(runner, make_vault):
    root = small_vault(make_vault)
    assert invoke(runner, "templates", "copy", "thank-you", "coffee", vault=root).stdout == "templates/coffee.eml.j2\n"
    result = invoke(runner, "draft", "Jane Doe", "--kind", "coffee", "--json", vault=root, today=TODAY)
    assert json.loads(result.stdout)["template"] == "templates/coffee.eml.j2"


def test_templates_show_prints_the_file(runner, make_vault):
    result = invoke(runner, "templates", "show", "prep", vault=small_vault(make_vault))
    assert result.stdout == (BUILTIN / "prep.md.j2").read_text(encoding="utf-8")


# --- startup -------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["--help"], ["draft", "--help"]])
def test_help_does_not_import_jinja(args):
    code = ("import sys\nfrom relnotes.cli.group import cli\n"
            f"try:\n    cli.main({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print('jinja2' in sys.modules, 'email.message' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "False False"


def test_an_include_is_found_and_its_errors_name_the_included_file(runner, make_vault):
    root = small_vault(make_vault)
    make_vault.write("templates/_sig.j2", "--\n{{ me.name }}\n")
    make_vault.write("templates/nudge.eml.j2", "---\nsubject: Hi\n---\nHi\n{% include '_sig.j2' %}\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", "nudge", vault=root, today=TODAY)
    assert result.stdout == "To: Jane Doe <jane@example.com>\nSubject: Hi\n\nHi\n--\nAlex Kim\n"
    assert "_sig" not in invoke(runner, "templates", "list", vault=root).stdout
    make_vault.write("templates/_sig.j2", "--\n{{ me.nick }}\n")
    result = invoke(runner, "draft", "Jane Doe", "--kind", "nudge", vault=root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr == "relnotes: templates/_sig.j2:2: 'me' has no attribute 'nick'\n"


def test_an_invalid_address_is_left_out_with_a_warning(runner, make_vault):
    v = make_vault
    v.contact("Ann Lee", "email: ann at example dot com\nmet: 2026-11-22")
    result = invoke(runner, "draft", "Ann Lee", vault=v.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout.startswith("To:\n")
    assert result.stderr == "warning: Ann Lee: To: 'ann at example dot com' is not an email address; it is left out\n"


# --- review checkpoints -------------------------------------------------------------------

def test_a_snoozed_review_is_for_its_checkpoint_not_the_snooze_date(runner, vault):
    """Marcus (met Nov 12) snoozed to Dec 13: his 30-day review is due on Dec 13, and is still day 30."""
    assert invoke(runner, "snooze", "marcus", "2026-12-13", vault=vault, today=SAMPLE_TODAY).exit_code == 0
    (vault / "templates").mkdir(exist_ok=True)
    (vault / "templates" / "review.md.j2").write_text(
        "# {{ due.checkpoint }}-day review: {{ contact.name }} (due {{ due.due }})\n"
        "    - {{ today }} review: day={{ due.checkpoint }}\n", encoding="utf-8")
    result = invoke(runner, "draft", "marcus", "--kind", "review", "--json", vault=vault, today=SAMPLE_TODAY)
    assert result.exit_code == 0, result.stderr
    draft = json.loads(result.stdout)
    assert draft["due"] == "2026-12-13"
    assert draft["body"] == ("# 30-day review: Marcus Lee (due 2026-12-13)\n"
                             "    - 2026-11-23 review: day=30\n")


def test_review_checkpoint_without_the_reason_comes_from_the_first_meeting(vault):
    from datetime import date

    from relnotes.config import load_config
    from relnotes.core.model import DueItem
    from relnotes.drafts.context import review_checkpoint
    from relnotes.vault.load import load_index

    index = load_index(load_config(vault))
    marcus = next(c for c in index.contacts if c.name == "Marcus Lee")
    today = date(2026, 11, 23)
    item = DueItem("Marcus Lee", marcus.path, "review", date(2026, 12, 13), "reworded by a newer rules.py",
                   "active", None, marcus.path)
    assert review_checkpoint(index, item, marcus, today) == 30
    later = DueItem("Marcus Lee", marcus.path, "review", date(2027, 1, 20), "reworded", "active", None, marcus.path)
    assert review_checkpoint(index, later, marcus, today) == 30  # the first one not yet reviewed
    other = DueItem("Marcus Lee", marcus.path, "nudge", today, "30-day review: no", "active", None, marcus.path)
    assert review_checkpoint(index, other, marcus, today) is None


def test_the_built_in_review_template_names_the_checkpoint_of_a_snoozed_review(runner, vault):
    assert invoke(runner, "snooze", "Marcus", "2026-12-21", vault=vault, today=SAMPLE_TODAY).exit_code == 0
    result = invoke(runner, "draft", "marcus", "--kind", "review", vault=vault, today=SAMPLE_TODAY)
    assert result.exit_code == 0, result.output
    assert "# 30-day review: Marcus Lee" in result.stdout
    assert "review: day=30 " in result.stdout


def test_intro_and_prep_take_json(runner, vault):
    intro = invoke(runner, "intro", "priya", "dana", "--json", vault=vault, today=SAMPLE_TODAY)
    assert intro.exit_code == 0, intro.output
    drafts = json.loads(intro.stdout)
    assert len(drafts) == 3 and all(d["subject"] and d["body"] for d in drafts)
    assert [d["contact"] for d in drafts] == ["Priya Raman", "Dana Kim", "Priya Raman and Dana Kim"]
    prep = invoke(runner, "prep", "jane", "--json", vault=vault, today=SAMPLE_TODAY)
    assert prep.exit_code == 0, prep.output
    brief = json.loads(prep.stdout)
    assert brief["contact"] == "Jane Doe" and brief["format"] == "md" and "Jane" in brief["body"]


def test_prep_shows_the_last_thirty_entries_of_a_long_timeline(runner, make_vault):
    """Years of log lines make a brief nobody reads before a meeting (or one too long to render):
    the timeline shows the last 30 and says how many are left in the note."""
    log = "".join(f"- 2025-{1 + n // 28:02d}-{1 + n % 28:02d} note: entry {n}\n" for n in range(45))
    make_vault.contact("Ann Lee", "tier: active", "## Log\n" + log)
    result = invoke(runner, "prep", "Ann Lee", vault=make_vault.root, today="2026-11-23")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "15 earlier entries are in the note; the last 30:" in lines
    assert sum(1 for line in lines if " note: entry " in line) == 30
    assert "- 2025-02-18 note: entry 45" not in lines and any(line.endswith("note: entry 44") for line in lines)

"""relnotes show and relnotes find."""

from __future__ import annotations

import json

from conftest import invoke

TODAY = "2026-11-23"


def _vault(v):
    v.event("Mixer", "date: 2026-11-20\npeople: ['[[Jane Doe]]']")
    v.contact("Jane Doe", """
        aliases: [JD]
        email: [jane@acme.example, jd@home.example]
        company: Acme Payments
        role: Head of Partnerships
        tier: strategic
        met_at: "[[Mixer]]"
        tags: [fintech]
        needs: [a payments engineer]
        offers: [bank intros]
    """, """
        Loves bouldering.

        - [ ] Send the podcast link 📅 2026-11-22
        - [ ] Intro to their CTO #waiting 📅 2026-12-01

        ## Log
        - 2026-11-20 met: at [[Mixer]], hiring
        - 2026-11-21 sent: follow-up with the podcast link #gave/insight
    """)
    v.contact("Bo Chen", "company: Octane\ntier: active")
    v.write("2026-11-22.md", "Thought about [[JD]]'s hiring plan.\n")


def test_show_prints_the_profile(make_vault, runner):
    _vault(make_vault)
    result = invoke(runner, "show", "jd", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == """\
Jane Doe  (strategic, every 45d)
  Head of Partnerships · Acme Payments
  email    jane@acme.example, jd@home.example
  aliases  JD
  tags     fintech
  met      Nov 20 at Mixer
  last     Nov 22 (mention)
  needs    a payments engineer
  offers   bank intros
  ledger   gave 1 (insight) · got 0 · balance +1

Due
  commitment     1 day late  you promised: Send the podcast link
  nudge          in 5 days   sent on Nov 21 (follow-up with the podcast link #gave/insight), no reply yet
  waiting        in 15 days  waiting on them since Dec 1: Intro to their CTO
  review         in 27 days  30-day review: is this relationship worth your time? (first met Nov 20)
  keep-in-touch  in 44 days  last contact Nov 22 (1 day ago); strategic tier: every 45d
  review         in 57 days  60-day review: is this relationship worth your time? (first met Nov 20)
  review         in 87 days  90-day review: is this relationship worth your time? (first met Nov 20)

Promises
  you owe   due 2026-11-22  Send the podcast link
  they owe  due 2026-12-01  Intro to their CTO

Timeline
  2026-11-22  mention  mentioned in 2026-11-22.md
  2026-11-21  sent     follow-up with the podcast link #gave/insight
  2026-11-20  met      at [[Mixer]], hiring

contacts/Jane Doe.md
"""


def test_show_json(make_vault, runner):
    _vault(make_vault)
    result = invoke(runner, "show", "[[Jane Doe]]", "--json", vault=make_vault.root, today=TODAY)
    data = json.loads(result.stdout)
    assert data["name"] == "Jane Doe" and data["file"] == "contacts/Jane Doe.md"
    assert data["met"] == "2026-11-20" and data["met_at"] == "Mixer"
    assert data["last_contact"] == "2026-11-22" and data["last_contact_kind"] == "mention"
    assert data["gave"] == ["insight"] and data["got"] == []
    assert [t["kind"] for t in data["timeline"]] == ["mention", "sent", "met"]
    assert [(t["text"], t["waiting"]) for t in data["tasks"]] == [
        ("Send the podcast link", False), ("Intro to their CTO", True)]
    assert data["due"][0]["kind"] == "commitment"


def test_show_unknown_and_ambiguous(make_vault, runner):
    _vault(make_vault)
    make_vault.contact("Jane Smith", "aliases: [JD]")
    result = invoke(runner, "show", "jnae doe", vault=make_vault.root)
    assert (result.exit_code, result.stderr) == (2, "relnotes: no contact called 'jnae doe' (did you mean Jane Doe?)\n")
    result = invoke(runner, "show", "jd", vault=make_vault.root)
    assert result.exit_code == 2
    assert result.stderr == ("relnotes: 'jd' matches several contacts: Jane Doe (contacts/Jane Doe.md); "
                             "Jane Smith (contacts/Jane Smith.md). Use the file name to pick one\n")


def test_find_shows_a_front_matter_line_as_a_field(make_vault, runner):
    """A key find does not search as a field (met_at), found in the note's text, is shown as
    the key's line, not as a line of the note's body; a body line keeps "note:"."""
    make_vault.contact("Nina Patel", 'tier: active\nmet_at: "[[2026-09-22 Payments Meetup]]"',
                       "met_at: Payments Meetup, as a body line")
    result = invoke(runner, "find", "payments", vault=make_vault.root)
    assert result.stdout == 'Nina Patel  active    met_at: "[[2026-09-22 Payments Meetup]]"\n'  # no company
    make_vault.contact("Nina Patel", "tier: active", "met_at: Payments Meetup, as a body line")
    result = invoke(runner, "find", "payments", vault=make_vault.root)
    assert result.stdout == "Nina Patel  active    note: met_at: Payments Meetup, as a body line\n"


def test_find_searches_fields_and_body(make_vault, runner):
    _vault(make_vault)
    result = invoke(runner, "find", "BOULDER", vault=make_vault.root)
    assert result.stdout == "Jane Doe  strategic  Acme Payments  note: Loves bouldering.\n"
    result = invoke(runner, "find", "octane", vault=make_vault.root)
    assert result.stdout == "Bo Chen  active  Octane  company: Octane\n"
    result = invoke(runner, "find", "--tier", "active", "--tier", "strategic", "--json", vault=make_vault.root)
    assert [m["name"] for m in json.loads(result.stdout)] == ["Bo Chen", "Jane Doe"]
    result = invoke(runner, "find", "payments", "--tag", "fintech", "--company", "acme", vault=make_vault.root)
    assert result.stdout.startswith("Jane Doe")
    result = invoke(runner, "find", "nobody-matches-this", vault=make_vault.root)
    assert (result.exit_code, result.stdout) == (0, "No contact matches.\n")


def test_typed_names_ignore_accents_as_a_fallback(make_vault, runner):
    v = make_vault
    v.contact("Zoë Müller")
    v.contact("Zoe Adams")
    result = invoke(runner, "show", "zoe muller", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, "Zoë Müller  (casual)")
    result = invoke(runner, "show", "zoe", vault=v.root, today=TODAY)  # a plain match wins over the fallback
    assert (result.exit_code, result.stdout.splitlines()[0]) == (0, "Zoe Adams  (casual)")
    for typed in ("müller", "muller", "ZOE M", "Zoë"):
        result = invoke(runner, "show", typed, vault=v.root, today=TODAY)
        assert result.stdout.splitlines()[:1] == ["Zoë Müller  (casual)"], typed


def test_a_name_of_a_skipped_note_says_why(make_vault, runner):
    v = make_vault
    v.contact("CON")
    path = v.write("contacts/Connie.md", "---\nname: Connie\n<<<<<<< HEAD\ntier: ally\n=======\ntier: active\n"
                                         ">>>>>>> theirs\n---\n")
    before = path.read_bytes()
    result = invoke(runner, "log", "connie", "call", "x", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: contacts/Connie.md is skipped: line 3: has git conflict markers; resolve "
                             "the merge, then run again; fix it first\n")
    assert path.read_bytes() == before
    result = invoke(runner, "show", "nobody", vault=v.root, today=TODAY)
    assert result.stderr == "relnotes: no contact called 'nobody'\n"

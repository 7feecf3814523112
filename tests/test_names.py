"""Names typed into add, debrief --people and --met-at: the existing contact or event, never a lookalike."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from conftest import invoke

TODAY = "2026-11-23"
MIXER = "events/2026-11-20 Atlanta Tech Mixer.md"


def _files(root, folder="contacts"):
    return sorted(p.name for p in (root / folder).iterdir())


def _mixer(v, people="[]"):
    return v.write(MIXER, f"---\ntitle: Atlanta Tech Mixer\ndate: 2026-11-20\npeople: {people}\n---\n")


# -- #11.13: the existing contact, not a duplicate ----------------------------------------------------


def test_debrief_people_are_found_as_typed_names_are(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe")
    v.contact("Zoë Müller")
    result = invoke(runner, "debrief", "Mixer", "--date", "2026-11-20", "--people", "jane, Zoe Muller",
                    vault=v.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == ("linked 'jane' to contacts/Jane Doe.md\n"
                             "linked 'Zoe Muller' to contacts/Zoë Müller.md\n"
                             "created events/2026-11-20 Mixer.md\n")
    assert _files(v.root) == ["Jane Doe.md", "Zoë Müller.md"]
    text = (v.root / "events/2026-11-20 Mixer.md").read_text()
    assert 'people: ["[[Jane Doe]]", "[[Zoë Müller]]"]\n' in text
    assert "- [[Jane Doe]] — \n- [[Zoë Müller]] — \n" in text
    result = invoke(runner, "log", "jane", "sent", "hello", vault=v.root, today=TODAY)
    assert result.stdout == "contacts/Jane Doe.md: log: Jane Doe — sent hello\n"
    check = invoke(runner, "check", vault=v.root)
    assert (check.exit_code, check.stdout) == (0, "")


def test_debrief_links_one_contact_once_however_it_is_typed(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe")
    result = invoke(runner, "debrief", "Mixer", "--date", "2026-11-20", "--people", "Jane Doe, jane, [[Jane Doe]]",
                    vault=v.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert 'people: ["[[Jane Doe]]"]\n' in (v.root / "events/2026-11-20 Mixer.md").read_text()


def test_debrief_refuses_an_ambiguous_person_and_writes_nothing(runner, make_vault):
    v = make_vault
    v.contact("Pat Lee")
    v.contact("Marcus Lee")
    result = invoke(runner, "debrief", "Mixer", "--date", "2026-11-20", "--people", "Bo, lee",
                    vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: 'lee' matches several contacts: Marcus Lee (contacts/Marcus Lee.md); "
                             "Pat Lee (contacts/Pat Lee.md). Use the file name to pick one\n")
    assert _files(v.root) == ["Marcus Lee.md", "Pat Lee.md"] and _files(v.root, "events") == []


def test_debrief_refuses_a_person_only_a_skipped_note_answers_to(runner, make_vault):
    v = make_vault
    v.write("contacts/Connie.md", "---\nname: Connie\n<<<<<<< HEAD\ntier: ally\n=======\ntier: active\n"
                                  ">>>>>>> theirs\n---\n")
    result = invoke(runner, "debrief", "Mixer", "--date", "2026-11-20", "--people", "connie",
                    vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: contacts/Connie.md is skipped: line 3: has git conflict markers; resolve "
                             "the merge, then run again; fix it first\n")
    assert _files(v.root, "events") == []


def test_debrief_gives_a_stub_to_someone_listed_without_a_note_not_to_a_lookalike(runner, make_vault):
    v = make_vault
    v.contact("Sam Leeds")
    _mixer(v, '["[[Sam Lee]]"]')
    result = invoke(runner, "debrief", "Demo Night", "--date", "2026-11-21", "--people", "Sam Lee",
                    vault=v.root, today=TODAY)
    assert result.stdout == "created events/2026-11-21 Demo Night.md\ncreated contacts/Sam Lee.md\n"


def test_debrief_refuses_an_event_given_as_a_person(runner, make_vault):
    v = make_vault
    _mixer(v)
    result = invoke(runner, "debrief", "Demo Night", "--date", "2026-11-21", "--people", "Atlanta Tech Mixer",
                    vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"relnotes: 'Atlanta Tech Mixer' is an event ({MIXER}), not a contact\n"
    assert _files(v.root) == []


def test_debrief_makes_one_stub_for_names_that_differ_only_in_accents(runner, make_vault):
    v = make_vault
    result = invoke(runner, "debrief", "Mixer", "--date", "2026-11-20", "--people", "Zoë Müller, zoe muller",
                    vault=v.root, today=TODAY)
    assert result.stdout == "created events/2026-11-20 Mixer.md\ncreated contacts/Zoë Müller.md\n"


def test_add_refuses_a_name_that_differs_only_in_accents_without_force(runner, make_vault):
    v = make_vault
    v.contact("Zoë Müller")
    result = invoke(runner, "add", "zoe muller", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: 'zoe muller' looks like Zoë Müller (contacts/Zoë Müller.md): the same name "
                             "but for case and accents; nothing was written (--force adds it anyway)\n")
    assert _files(v.root) == ["Zoë Müller.md"]
    result = invoke(runner, "add", "zoe muller", "--force", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (0, "created contacts/zoe muller.md\n")


def test_add_refuses_an_alias_or_email_of_another_contact_without_force(runner, make_vault):
    v = make_vault
    v.contact("Robert Smith", "aliases: [Bobby Smith]\nemail: Bob@Example.org")
    result = invoke(runner, "add", "Bóbby Smith", vault=v.root, today=TODAY)
    assert result.stderr == ("relnotes: 'Bóbby Smith' looks like Robert Smith (contacts/Robert Smith.md): the same "
                             "name but for case and accents; nothing was written (--force adds it anyway)\n")
    result = invoke(runner, "add", "Rob Smith", "--email", "bob@example.org", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: bob@example.org is already the email of Robert Smith (contacts/Robert Smith.md); "
                             "nothing was written (--force adds it anyway)\n")
    result = invoke(runner, "add", "Rob Smith", "--email", "bob@example.org", "--force", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (0, "created contacts/Rob Smith.md\n")


def test_add_of_an_exact_name_is_refused_even_with_force(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe")
    result = invoke(runner, "add", "JANE DOE", "--force", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (
        2, "relnotes: JANE DOE already has a note: contacts/Jane Doe.md; nothing was written\n")


def test_add_warns_when_the_new_name_is_the_start_of_another(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe")
    result = invoke(runner, "add", "Jane", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (0, "created contacts/Jane.md\n")
    assert result.stderr == ("warning: 'Jane' also matches Jane Doe (contacts/Jane Doe.md) when typed; "
                             "from now on it means the new contact\n")


def test_check_reports_likely_duplicates(runner, make_vault):
    v = make_vault
    v.contact("Zoë Müller", "phone: +1 (555) 010-2000")
    v.contact("Zoe Muller")
    v.contact("Z. Mueller", "phone: [555.010.2000 ext. 12, '12']")
    v.contact("Bo", "phone: '12'")
    result = invoke(runner, "check", vault=v.root)
    assert result.exit_code == 1
    assert result.stdout == (
        "contacts/Zoë Müller.md:2: duplicate contact: the name 'Zoë Müller' is also used by "
        "contacts/Zoe Muller.md, as 'Zoe Muller'\n"
        "contacts/Zoë Müller.md:3: duplicate contact: phone +1 (555) 010-2000 is also on contacts/Z. Mueller.md, "
        "as 555.010.2000 ext. 12\n")
    assert result.stderr == "2 problems in 1 file\n"


def test_check_keeps_the_exact_name_message(runner, make_vault):
    v = make_vault
    v.contact("Jane Doe")
    v.write("contacts/jane.md", "---\nname: jane  doe\n---\n")
    result = invoke(runner, "check", vault=v.root)
    assert result.stdout == ("contacts/jane.md:2: duplicate contact: the name 'jane  doe' is also used by "
                             "contacts/Jane Doe.md\n")


# -- #11.14: someone listed in an event with no note ---------------------------------------------------


@pytest.mark.parametrize("command", [["log", "Sam Lee", "sent", "hi"], ["show", "sam lee"], ["done", "Sam Lee"],
                                     ["snooze", "[[Sam Lee]]", "2w"], ["log", "sam", "call", "x"]])
def test_a_person_listed_in_an_event_without_a_note_is_named_as_such(runner, make_vault, command):
    v = make_vault
    v.contact("Pat Lee")
    _mixer(v, '["[[Sam Lee]]"]')
    result = invoke(runner, *command, vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: Sam Lee has no contact note yet (listed in {MIXER}); "
                             'create it with relnotes add "Sam Lee"\n')


def test_an_exact_listed_name_wins_over_a_contact_it_is_the_start_of(runner, make_vault):
    v = make_vault
    leeds = v.contact("Sam Leeds")
    before = leeds.read_bytes()
    _mixer(v, '["[[Sam Lee]]"]')
    v.write("events/2026-11-21 Demo Night.md", '---\ntitle: Demo Night\ndate: 2026-11-21\npeople: ["sam lee"]\n---\n')
    v.write("events/2026-11-22 Lunch.md", '---\ntitle: Lunch\ndate: 2026-11-22\npeople: ["Sam Lee"]\n---\n')
    v.write("events/2026-11-23 Tea.md", '---\ntitle: Tea\ndate: 2026-11-23\npeople: ["Sam Lee"]\n---\n')
    result = invoke(runner, "log", "Sam Lee", "call", "x", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: Sam Lee has no contact note yet (listed in {MIXER}, "
                             "events/2026-11-21 Demo Night.md, events/2026-11-22 Lunch.md and 1 more); "
                             'create it with relnotes add "Sam Lee"\n')
    assert leeds.read_bytes() == before
    result = invoke(runner, "log", "sam leeds", "call", "x", vault=v.root, today=TODAY)
    assert result.stdout == "contacts/Sam Leeds.md: log: Sam Leeds — call x\n"


# -- #11.15: --met-at "[[Event]]", and characters that break links ------------------------------------


def test_add_met_at_a_wikilink_uses_the_event_and_its_date(runner, make_vault):
    v = make_vault
    _mixer(v)
    result = invoke(runner, "add", "Bo", "--met-at", "[[2026-11-20 Atlanta Tech Mixer|the mixer]]",
                    vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "created contacts/Bo.md\n", "")
    text = (v.root / "contacts/Bo.md").read_text()
    assert 'met: 2026-11-20\nmet_at: "[[2026-11-20 Atlanta Tech Mixer]]"\n' in text
    assert text.endswith("- 2026-11-20 met: at [[2026-11-20 Atlanta Tech Mixer]]\n")
    check = invoke(runner, "check", vault=v.root)
    assert (check.exit_code, check.stdout) == (0, "")


def test_add_met_at_a_typed_title_and_an_explicit_date(runner, make_vault):
    v = make_vault
    _mixer(v)
    result = invoke(runner, "add", "Bo", "--met-at", "atlanta", "--date", "2026-11-21", vault=v.root, today=TODAY)
    assert result.stdout == f"linked 'atlanta' to {MIXER}\ncreated contacts/Bo.md\n"
    assert 'met: 2026-11-21\nmet_at: "[[2026-11-20 Atlanta Tech Mixer]]"\n' in (v.root / "contacts/Bo.md").read_text()


def test_add_met_at_an_ambiguous_event_is_refused(runner, make_vault):
    v = make_vault
    _mixer(v)
    v.write("events/2026-10-01 Atlanta Fintech.md", "---\ntitle: Atlanta Fintech\ndate: 2026-10-01\n---\n")
    result = invoke(runner, "add", "Bo", "--met-at", "[[Atlanta]]", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: 'Atlanta' matches several events: Atlanta Fintech "
                             f"(events/2026-10-01 Atlanta Fintech.md); Atlanta Tech Mixer ({MIXER}). "
                             "Use the file name to pick one\n")
    assert _files(v.root) == []


def test_add_met_at_an_unknown_event_warns_and_keeps_a_clean_link(runner, make_vault):
    v = make_vault
    result = invoke(runner, "add", "Bo", "--met-at", "[[Board Games]]", vault=v.root, today=TODAY)
    assert result.exit_code == 0
    assert result.stderr == "warning: no event note is called 'Board Games' yet (relnotes debrief creates one)\n"
    assert 'met: 2026-11-23\nmet_at: "[[Board Games]]"\n' in (v.root / "contacts/Bo.md").read_text()
    result = invoke(runner, "add", "Cy", "--met-at", "Meetup #42", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: no event note is called 'Meetup #42', and a link to it cannot "
                             "contain #; create the event first with relnotes debrief, or name its file\n")


@pytest.mark.parametrize("typed", ["Jane|Doe", "Jane [Acme]", "Jane#1", "Jane^x"])
def test_add_refuses_characters_that_break_links(runner, make_vault, typed):
    v = make_vault
    result = invoke(runner, "add", typed, vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: a contact's name cannot contain [ ] | # or ^ (links to it would break): "
                             f"{typed!r}\n")
    assert _files(v.root) == []


def test_add_unwraps_a_wikilink(runner, make_vault):
    v = make_vault
    result = invoke(runner, "add", "[[Jane Doe]]", vault=v.root, today=TODAY)
    assert result.stdout == "created contacts/Jane Doe.md\n"
    assert (v.root / "contacts/Jane Doe.md").read_text().startswith("---\nname: Jane Doe\n---\n\n# Jane Doe\n")


def test_debrief_refuses_people_with_characters_that_break_links(runner, make_vault):
    v = make_vault
    result = invoke(runner, "debrief", "Mixer", "--people", "Bo, Sam#2", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: a contact's name cannot contain [ ] | # or ^ (links to it would "
                             "break): 'Sam#2'\n")
    assert _files(v.root, "events") == []


def test_debrief_titles_keep_hash_and_refuse_brackets_and_bars(runner, make_vault):
    v = make_vault
    result = invoke(runner, "debrief", "C# Meetup #42", "--date", "2026-11-20", vault=v.root, today=TODAY)
    assert result.stdout == "created events/2026-11-20 C Meetup 42.md\n"
    assert (v.root / "events/2026-11-20 C Meetup 42.md").read_text().startswith('---\ntitle: "C# Meetup #42"\n')
    result = invoke(runner, "debrief", "[[Demo Night]]", "--date", "2026-11-20", vault=v.root, today=TODAY)
    assert result.stdout == "created events/2026-11-20 Demo Night.md\n"
    for typed in ("Drinks | Demo", "Demo [virtual]"):
        result = invoke(runner, "debrief", typed, "--date", "2026-11-20", vault=v.root, today=TODAY)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (f"relnotes: an event's title cannot contain [ ] or | (links to it would break): "
                                 f"{typed!r}\n")
    check = invoke(runner, "check", vault=v.root)
    assert (check.exit_code, check.stdout) == (0, "")


# -- #11.16: names that differ only in case ------------------------------------------------------------


@pytest.fixture
def case_twins(make_vault):
    v = make_vault
    probe = v.root / "contacts" / "probe"
    probe.write_text("")
    sensitive = not (v.root / "contacts" / "PROBE").exists()
    probe.unlink()
    if not sensitive:
        pytest.skip("this file system ignores case")
    lower = v.write("contacts/jane doe.md", "## Log\n")
    upper = v.write("contacts/Jane Doe.md", "---\nemail: jane@acme.example\n---\n\n## Log\n")
    assert sorted(os.listdir(v.root / "contacts")) == ["Jane Doe.md", "jane doe.md"]
    return v, lower, upper


@pytest.mark.parametrize("typed, which", [("contacts/Jane Doe.md", "upper"), ("contacts/jane doe", "lower"),
                                          ("Jane Doe", "upper"), ("jane doe.md", "lower"),
                                          ("[[contacts/jane doe]]", "lower")])
def test_a_path_or_a_name_in_its_own_case_picks_one_of_two_case_twins(runner, case_twins, typed, which):
    v, lower, upper = case_twins
    result = invoke(runner, "log", typed, "call", "x", vault=v.root, today=TODAY)
    assert result.exit_code == 0, result.output
    changed, kept = (upper, lower) if which == "upper" else (lower, upper)
    assert changed.read_text().endswith("## Log\n- 2026-11-23 call: x\n")
    assert "call: x" not in kept.read_text()


def test_case_twins_typed_in_another_case_are_ambiguous(runner, case_twins):
    v, lower, upper = case_twins
    before = (lower.read_bytes(), upper.read_bytes())
    result = invoke(runner, "log", "JANE DOE", "call", "x", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert (lower.read_bytes(), upper.read_bytes()) == before
    result = invoke(runner, "show", "JANE DOE", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: 'JANE DOE' matches several contacts: Jane Doe (contacts/Jane Doe.md); "
                             "jane doe (contacts/jane doe.md). Use the file name to pick one\n")
    result = invoke(runner, "show", "contacts/Jane Doe.md", "--json", vault=v.root, today=TODAY)
    assert json.loads(result.stdout)["emails"] == ["jane@acme.example"]


# -- more of the same: listed people, paths, the live index --------------------------------------------


def test_debrief_gives_a_listed_person_found_by_first_name_their_listed_name(runner, make_vault):
    v = make_vault
    _mixer(v, '["[[Sam Lee]]"]')
    result = invoke(runner, "debrief", "Demo Night", "--date", "2026-11-21", "--people", "sam",
                    vault=v.root, today=TODAY)
    assert result.stdout == ("linked 'sam' to contacts/Sam Lee.md\ncreated events/2026-11-21 Demo Night.md\n"
                             "created contacts/Sam Lee.md\n")
    assert 'people: ["[[Sam Lee]]"]\n' in (v.root / "events/2026-11-21 Demo Night.md").read_text()
    check = invoke(runner, "check", vault=v.root)
    assert (check.exit_code, check.stdout) == (0, "")


def test_debrief_refuses_a_first_name_several_listed_people_answer_to(runner, make_vault):
    v = make_vault
    _mixer(v, '["[[Sam Lee]]", "Sam Po"]')
    result = invoke(runner, "debrief", "Demo Night", "--date", "2026-11-21", "--people", "sam",
                    vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"relnotes: 'sam' matches several people listed in events without a note: Sam Lee "
                             f"({MIXER}); Sam Po ({MIXER}). Type the whole name\n")
    assert _files(v.root) == []


def test_a_skipped_note_beats_the_listing_it_left_without_a_note(runner, make_vault):
    v = make_vault
    v.write("contacts/Connie.md", "---\nname: Connie\ntier: [unclosed\n---\n")
    _mixer(v, '["[[Connie]]"]')
    result = invoke(runner, "log", "Connie", "call", "x", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("relnotes: contacts/Connie.md is skipped: ")


def test_paths_in_other_forms(runner, make_vault):
    v = make_vault
    jane = v.contact("Jane Doe")
    for typed in ("./contacts/Jane Doe.md", str(v.root.resolve() / "contacts" / "Jane Doe.md"), "contacts\\Jane Doe"):
        result = invoke(runner, "log", typed, "call", typed, vault=v.root, today=TODAY)
        assert result.exit_code == 0, (typed, result.output)
    assert jane.read_text().count("call: ") == 3
    result = invoke(runner, "log", "/elsewhere/contacts/Jane Doe.md", "call", "x", vault=v.root, today=TODAY)
    assert (result.exit_code, result.stderr) == (2, "relnotes: no contact called '/elsewhere/contacts/Jane Doe.md'\n")


def test_done_takes_an_event_by_its_path_in_its_own_case(runner, case_twins):
    v, _, _ = case_twins
    lower = v.write("events/demo.md", "---\ntitle: Demo\n---\n\n- [ ] book the room 📅 2026-11-22\n")
    upper = v.write("events/Demo.md", "---\ntitle: Demo\n---\n\n- [ ] book the room 📅 2026-11-22\n")
    result = invoke(runner, "done", "events/Demo.md", vault=v.root, today=TODAY)
    assert result.stdout == "events/Demo.md: done: Demo — book the room\n"
    assert "- [x] book the room" in upper.read_text() and "- [ ] book the room" in lower.read_text()


def test_watch_keeps_phone_duplicates_current(make_vault):
    from relnotes.config import load_config
    from relnotes.core.live import LiveIndex
    from relnotes.vault.load import NoteSet, load_index

    v = make_vault
    v.write("relnotes.toml", "")
    v.contact("Ana Ruiz", "phone: 555 010 2000")
    bo = v.contact("Bo Chen", "phone: 555 010 9999")
    config = load_config(v.root)
    notes = NoteSet(config)
    notes.load_all()
    live = LiveIndex(config, notes.notes, notes.scan_problems, date(2026, 11, 23))
    for text in ("---\nname: Bo Chen\nphone: +1 555 010 2000\n---\n", "---\nname: Bo Chen\ntier: ally\n"
                 "phone: +1 555 010 2000\n---\n", "---\nname: Bo Chen\n---\n"):
        bo.write_text(text)
        notes.refresh(["contacts/Bo Chen.md"])
        live.update(["contacts/Bo Chen.md"])
        expected = [p.format() for p in load_index(config).problems]
        assert [p.format() for p in live.index.problems] == expected
    bo.write_text("---\nname: Bo Chen\ntier: ally\nphone: +1 555 010 2000\n---\n")
    notes.refresh(["contacts/Bo Chen.md"])
    live.update(["contacts/Bo Chen.md"])
    assert [p.format() for p in live.index.problems] == [
        "contacts/Bo Chen.md:4: duplicate contact: phone +1 555 010 2000 is also on contacts/Ana Ruiz.md, "
        "as 555 010 2000"]


# -- phones: one number written two ways, never two numbers sharing their last digits -------------


@pytest.mark.parametrize("a, b, same", [
    ("+1 (555) 010-2000", "555.010.2000", True),
    ("+44 20 7946 0000", "020 7946 0000", True),
    ("+44 20 7946 0000", "0044 20 7946 0000", True),
    ("+96123456789", "+49 1234 56789", False),
    ("0049 1234 56789", "+96123456789", False),
    ("555-0100 ext. 12", "555-0100", True),
    ("12345", "12345", False),  # too short to compare at all
])
def test_same_phone(a, b, same):
    from relnotes.core.names import same_phone

    assert same_phone(a, b) is same
    assert same_phone(b, a) is same


def test_check_flags_one_number_twice_but_not_two_countries(runner, make_vault):
    v = make_vault
    v.contact("Ann Lee", 'phone: "+49 1234 56789"')
    v.contact("Bob Ray", 'phone: "+96123456789"')
    v.contact("Cy Dow", 'phone: "01234 56789"')
    result = invoke(runner, "check", vault=v.root, today=TODAY)
    dups = [line for line in result.output.splitlines() if "duplicate contact: phone" in line]
    assert len(dups) == 1, result.output
    assert dups == ["contacts/Cy Dow.md:3: duplicate contact: phone 01234 56789 is also on contacts/Ann Lee.md, "
                    "as +49 1234 56789"]


def test_import_adds_a_number_from_another_country(runner, make_vault, tmp_path):
    v = make_vault
    note = v.contact("Ann Lee", 'email: ann@example.org\nphone: "+96123456789"')
    card = tmp_path / "ann.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nEMAIL:ann@example.org\nTEL:+49 1234 56789\n"
                    "TEL:+961 2345 6789\nEND:VCARD\n", encoding="utf-8")
    result = invoke(runner, "import", "vcard", str(card), vault=v.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert 'phone: ["+96123456789", "+49 1234 56789"]\n' in note.read_text(encoding="utf-8")


# -- one Unicode form: é as one character or as e + a combining accent (macOS file names) -----------


def test_names_in_either_unicode_form_are_one_name(runner, make_vault):
    """A name written decomposed (NFD, as macOS writes file names and some exports do) is found,
    linked and searched as the composed one (NFC) is, and the other way round."""
    v = make_vault
    v.write("contacts/Zoe Nfd.md", "---\nname: \"Zoe\u0308 Nfd\"\nfollow_up: 2026-11-20\n---\n")
    v.contact("Zoë Real", "tier: active")
    v.write("events/2026-11-19 Mixer.md", "---\ntitle: Mixer\ndate: 2026-11-19\npeople: ['[[Zoë Nfd]]']\n---\n")
    show = invoke(runner, "show", "Zoë N", vault=v.root, today=TODAY)  # typed composed, a prefix
    assert show.exit_code == 0 and "contacts/Zoe Nfd.md" in show.stdout
    several = invoke(runner, "show", "Zoë", vault=v.root, today=TODAY)
    assert several.exit_code == 2 and "Zoe Nfd.md" in several.stderr and "Zoë Real.md" in several.stderr
    found = invoke(runner, "find", "zoë", vault=v.root, today=TODAY)
    assert "Zoe\u0308 Nfd" in found.stdout and "Zoë Real" in found.stdout
    check = invoke(runner, "check", vault=v.root, today=TODAY)
    assert "Mixer" not in check.stdout  # the event's [[Zoë Nfd]] is her note, not someone without one
    again = invoke(runner, "show", "Zoe\u0308 Re", vault=v.root, today=TODAY)  # typed decomposed
    assert again.exit_code == 0 and "contacts/Zoë Real.md" in again.stdout

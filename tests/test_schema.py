"""The contact schema in one place (relnotes/core/model.py) and the tier list once (core/settings.TIERS)."""

from __future__ import annotations

import json

from conftest import ROOT, invoke

TODAY = "2026-11-23"


# --- --tier: one parameter type, any letter case, on every command that takes it ----------------

def _tier_vault(v):
    v.contact("Ann Ally", "tier: ally\nemail: ann@example.org", "## Log\n- 2026-01-05 met: at a party")
    v.contact("Cas Casual", "tier: casual\nemail: cas@example.org", "- [ ] Send Cas the deck 📅 2026-11-20\n")


def test_due_tier_ignores_letter_case(make_vault, runner):
    _tier_vault(make_vault)
    result = invoke(runner, "due", "--json", "--tier", "Ally", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert [(i["contact"], i["tier"]) for i in json.loads(result.stdout)] == [("Ann Ally", "ally")]
    result = invoke(runner, "due", "--json", "--tier", "CASUAL", "--tier", "aLLy", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert sorted({i["contact"] for i in json.loads(result.stdout)}) == ["Ann Ally", "Cas Casual"]


def test_find_tier_ignores_letter_case(make_vault, runner):
    _tier_vault(make_vault)
    result = invoke(runner, "find", "--json", "--tier", "ALLY", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert [m["name"] for m in json.loads(result.stdout)] == ["Ann Ally"]


def test_add_tier_ignores_letter_case(make_vault, runner):
    _tier_vault(make_vault)
    result = invoke(runner, "add", "Sam Strategic", "--tier", "StraTegic", "--no-commit", vault=make_vault.root,
                    today=TODAY)
    assert result.exit_code == 0, result.output
    text = (make_vault.root / "contacts" / "Sam Strategic.md").read_text(encoding="utf-8")
    assert text.startswith("---\nname: Sam Strategic\ntier: strategic\n---\n")


def test_tier_command_ignores_letter_case(make_vault, runner):
    _tier_vault(make_vault)
    result = invoke(runner, "tier", "Cas Casual", "Active", "--no-commit", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    text = (make_vault.root / "contacts" / "Cas Casual.md").read_text(encoding="utf-8")
    assert text.startswith("---\nname: Cas Casual\ntier: active\n")


def test_an_unknown_tier_is_the_same_usage_error_everywhere(make_vault, runner):
    _tier_vault(make_vault)
    error = "Error: Invalid value for '--tier': 'vip' is not one of 'ally', 'strategic', 'active', 'casual'.\n"
    for args in (["due", "--tier", "vip"], ["find", "--tier", "vip"], ["add", "X", "--tier", "vip"]):
        result = invoke(runner, *args, vault=make_vault.root, today=TODAY)
        assert result.exit_code == 2, args
        assert result.stderr.endswith(error), args
    result = invoke(runner, "tier", "Cas Casual", "vip", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: Invalid value for 'TIER': 'vip' is not one of 'ally', 'strategic', "
                                  "'active', 'casual'.\n")


# --- the contact schema: one table, and everything reads it -----------------------------------

# SPEC section 2.1 and 2.4, copied: the keys a contact and an event may have.
SPEC_CONTACT_KEYS = {"name", "aliases", "email", "phone", "company", "role", "location", "linkedin", "website", "tags",
                     "tier", "cadence", "met", "met_at", "last_contact", "follow_up", "follow_up_note", "snooze_until",
                     "status", "needs", "offers", "birthday", "uid"}
SPEC_EVENT_KEYS = {"title", "date", "purpose", "goal", "format", "cost", "hours", "people", "rating"}

EVENT = "2026-01-09 Zq Meetup"


def _sample(spec):
    """A value for this field, as a note writes it (YAML text), different from every other field's."""
    from relnotes.core import fields as k

    dates = {"met": "2026-01-10", "last_contact": "2026-02-01", "follow_up": "2026-12-01", "snooze_until": "2026-03-01"}
    by_kind = {
        k.TEXT: lambda: f"zq-{spec.key}-text",
        k.TEXTS: lambda: f"[zq-{spec.key}-1, zq-{spec.key}-2]",
        k.EMAILS: lambda: f"[zq-{spec.key}-1@example.org, zq-{spec.key}-2@example.org]",
        k.TAGS: lambda: f'"zq{spec.key}a, #zq{spec.key}b"',
        k.DATE: lambda: dates.get(spec.key, "2026-04-04"),
        k.CHOICE: lambda: spec.choices[1].upper(),  # not the default, in another letter case
        k.DURATION: lambda: "3w",
        k.REFERENCE: lambda: f'"[[{EVENT}]]"',
        k.BIRTHDAY: lambda: "1990-03-04",
    }
    return by_kind[spec.kind]()  # a KeyError here: a new kind wants a sample value


def _as_json(spec):
    """What show --json says of the sample value."""
    from relnotes.core import fields as k

    value = _sample(spec)
    if spec.kind == k.TEXTS:
        return [f"zq-{spec.key}-1", f"zq-{spec.key}-2"]
    if spec.kind == k.EMAILS:
        return [f"zq-{spec.key}-1@example.org", f"zq-{spec.key}-2@example.org"]
    if spec.kind == k.TAGS:
        return [f"zq{spec.key}a", f"zq{spec.key}b"]
    if spec.kind == k.CHOICE:
        return value.lower()
    if spec.kind == k.REFERENCE:
        return EVENT
    return value


def _everything_vault(v):
    from relnotes.core.model import CONTACT_FIELDS

    v.event(EVENT, "date: 2026-01-09")
    front = "\n".join(f"{spec.key}: {_sample(spec)}" for spec in CONTACT_FIELDS if spec.key != "name")
    v.write("contacts/zq.md", f"---\nname: Zq Everything\n{front}\n---\n\nA line of zqbody text.\n")


def test_the_schema_has_every_key_of_the_spec_and_contact_an_attribute_for_each():
    import dataclasses

    from relnotes.core.model import CONTACT_FIELDS, EVENT_FIELDS, Contact, Event
    from relnotes.notes import schema

    assert {spec.key for spec in CONTACT_FIELDS} == SPEC_CONTACT_KEYS
    assert {spec.key for spec in EVENT_FIELDS} == SPEC_EVENT_KEYS | {"tags", "aliases"}
    assert set(schema.CONTACT_FIELDS) == SPEC_CONTACT_KEYS  # what a note is checked against
    for cls, specs in ((Contact, CONTACT_FIELDS), (Event, EVENT_FIELDS)):
        attributes = {f.name for f in dataclasses.fields(cls)}
        for spec in specs:
            assert spec.attr in attributes
            assert not spec.also or spec.also in attributes


def test_show_json_find_and_templates_see_a_value_in_every_field(make_vault, runner):
    from relnotes.core.model import CONTACT_FIELDS

    _everything_vault(make_vault)
    result = invoke(runner, "show", "--json", "Zq Everything", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["name"] == "Zq Everything"
    for spec in CONTACT_FIELDS:
        if spec.key != "name":
            assert shown[spec.attr] == _as_json(spec), spec.key
    for spec in CONTACT_FIELDS:
        if spec.find:
            value = _as_json(spec) if spec.key != "name" else "Zq Everything"
            value = value[-1] if isinstance(value, list) else value
            result = invoke(runner, "find", "--json", value, vault=make_vault.root, today=TODAY)
            assert result.exit_code == 0, result.output
            assert [(m["name"], m["match"]) for m in json.loads(result.stdout)] == \
                [("Zq Everything", f"{spec.find}: {value}")], spec.key
    result = invoke(runner, "find", "--json", "ZQBODY", vault=make_vault.root, today=TODAY)
    assert [m["match"] for m in json.loads(result.stdout)] == ["note: A line of zqbody text."]


def test_templates_see_every_field(make_vault, runner):
    _everything_vault(make_vault)
    names = ["name", "email", "emails", "phone", "phones", "aliases", "company", "role", "location", "tier", "tags",
             "linkedin", "website", "cadence", "met", "met_at", "last_contact", "follow_up", "follow_up_note",
             "snooze_until", "status", "needs", "offers", "birthday", "birth_year", "uid"]
    from relnotes.core.fields import BIRTHDAY
    from relnotes.core.model import CONTACT_FIELDS

    assert set(names) == {spec.key for spec in CONTACT_FIELDS} | {spec.attr for spec in CONTACT_FIELDS if spec.primary} \
        | {spec.also for spec in CONTACT_FIELDS if spec.kind == BIRTHDAY}
    make_vault.write("templates/fields.md.j2", "".join(f"{n}={{{{ contact.{n} }}}}\n" for n in names))
    result = invoke(runner, "draft", "Zq Everything", "--kind", "fields", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout == """\
name=Zq Everything
email=zq-email-1@example.org
emails=['zq-email-1@example.org', 'zq-email-2@example.org']
phone=zq-phone-1
phones=['zq-phone-1', 'zq-phone-2']
aliases=['zq-aliases-1', 'zq-aliases-2']
company=zq-company-text
role=zq-role-text
location=zq-location-text
tier=strategic
tags=['zqtagsa', 'zqtagsb']
linkedin=zq-linkedin-text
website=zq-website-text
cadence=3w
met=2026-01-10
met_at=2026-01-09 Zq Meetup
last_contact=2026-02-01
follow_up=2026-12-01
follow_up_note=zq-follow_up_note-text
snooze_until=2026-03-01
status=paused
needs=['zq-needs-1', 'zq-needs-2']
offers=['zq-offers-1', 'zq-offers-2']
birthday=03-04
birth_year=1990
uid=zq-uid-text
"""


def test_add_writes_the_add_fields_in_the_schemas_order(make_vault, runner):
    import dataclasses

    from relnotes.core.model import CONTACT_FIELDS
    from relnotes.notes.newnote import ContactSpec

    assert [f.name for f in dataclasses.fields(ContactSpec)] == [spec.key for spec in CONTACT_FIELDS if spec.add]
    make_vault.event("2026-11-20 Mixer", "date: 2026-11-20")
    result = invoke(runner, "add", "Ada Field", "--tag", "#b", "--met-at", "2026-11-20 mixer", "--tier", "ALLY", "--role", "CTO",
                    "--company", "Acme: Inc", "--email", "ada@acme.example", "--tag", "a", "--no-commit",
                    vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "created contacts/Ada Field.md\n", "")
    assert (make_vault.root / "contacts" / "Ada Field.md").read_text(encoding="utf-8") == """\
---
name: Ada Field
email: ada@acme.example
company: "Acme: Inc"
role: CTO
tier: ally
tags: [b, a]
met: 2026-11-20
met_at: "[[2026-11-20 Mixer]]"
---

# Ada Field

<!-- Who they are, what they care about, what they need and can offer. -->

## Log
- 2026-11-20 met: at [[2026-11-20 Mixer]]
"""


def test_find_tries_names_then_one_value_fields_then_lists(make_vault, runner):
    make_vault.contact("Bo Ring", """
        aliases: [quux-alias]
        email: [quux-alias@mail.example]
        uid: quux-uid
        tags: [quux-uid-tag]
        company: Quux Co
        needs: [a quux expert]
    """)
    found = {}
    for query in ("quux-alias", "quux-uid", "quux"):
        result = invoke(runner, "find", "--json", query, vault=make_vault.root, today=TODAY)
        assert result.exit_code == 0, result.output
        found[query] = [m["match"] for m in json.loads(result.stdout)]
    assert found == {"quux-alias": ["alias: quux-alias"], "quux-uid": ["uid: quux-uid"], "quux": ["alias: quux-alias"]}
    result = invoke(runner, "find", "expert", vault=make_vault.root, today=TODAY)
    assert result.stdout == "Bo Ring  casual  Quux Co  needs: a quux expert\n"


def test_find_matching_is_pure_over_a_parsed_note():
    from relnotes.core.index import make_contact
    from relnotes.core.search import field_match, needle_of, text_match
    from relnotes.notes.parse import parse_note

    data = b"---\nname: Jane Doe\ncompany: Acme\ntags: [fintech]\n---\n\nLoves   bouldering.\n"
    contact = make_contact(parse_note("contacts/Jane Doe.md", data, "contact"))
    assert field_match(contact, needle_of("  ACME ")) == "company: Acme"
    assert field_match(contact, needle_of("fin")) == "tag: fintech"
    assert field_match(contact, needle_of("boulder")) is None
    assert field_match(contact, needle_of("")) == ""
    assert text_match(data.decode(), needle_of("BOULDERING")) == "note: Loves   bouldering."
    assert text_match(data.decode(), needle_of("climbing")) is None


def test_a_field_of_a_two_valued_or_choice_kind_must_say_so():
    import pytest

    from relnotes.core.fields import BIRTHDAY, CHOICE, TEXT, spec

    with pytest.raises(ValueError, match="also= is for birthday and duration fields"):
        spec("anniversary", BIRTHDAY)
    with pytest.raises(ValueError, match="also= is for birthday and duration fields"):
        spec("nickname", TEXT, also="nick_set")
    with pytest.raises(ValueError, match="choices= is for choice fields"):
        spec("mood", CHOICE)
    with pytest.raises(ValueError, match="unknown kind 'colour'"):
        spec("eyes", "colour")


def test_the_vault_format_page_shows_every_contact_key():
    import re

    from relnotes.core.model import CONTACT_FIELDS

    page = (ROOT / "docs" / "vault-format.md").read_text(encoding="utf-8")
    example = page.split("## Front matter of a contact", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    keys = re.findall(r"^(\w+):", example, re.MULTILINE)
    assert sorted(keys) == sorted(spec.key for spec in CONTACT_FIELDS)


# --- the tier and status lists: written once, in core/settings ----------------------------------

def test_every_tier_and_status_list_is_the_one_in_settings():
    from relnotes.cli.params import TIER, TIER_NAMES
    from relnotes.core.model import CONTACT_FIELDS
    from relnotes.core.settings import DEFAULT_STATUS, DEFAULT_TIER, STATUSES, TIERS, Config, Rules

    choices = {spec.key: spec.choices for spec in CONTACT_FIELDS if spec.choices}
    assert choices == {"tier": TIERS, "status": STATUSES}
    assert tuple(TIER.choices) == TIERS
    assert TIER_NAMES == "ally, strategic, active or casual"
    assert (DEFAULT_TIER, DEFAULT_STATUS) == ("casual", "active")
    assert tuple(Config(root=ROOT).cadence) == TIERS
    assert set(Rules().birthday_tiers) <= set(TIERS)


def test_a_paused_contact_keeps_only_its_promises_and_status_is_checked(make_vault, runner):
    make_vault.contact("Pat Paused", "status: Paused\ntier: ally\nfollow_up: 2026-11-20",
                       "- [ ] Send Pat the deck 📅 2026-11-21\n")
    make_vault.contact("Ann Archived", "status: gone\nfollow_up: 2026-11-20")
    result = invoke(runner, "due", "--json", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 0, result.output
    assert [(i["contact"], i["kind"]) for i in json.loads(result.stdout)] == \
        [("Ann Archived", "follow-up"), ("Pat Paused", "commitment")]
    assert result.stderr == "warning: 1 problem in the vault; run 'relnotes check' to see them\n"
    result = invoke(runner, "check", vault=make_vault.root, today=TODAY)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == ("contacts/Ann Archived.md:3: status: 'gone' is not one of active, "
                                             "paused, archived; the value is ignored")

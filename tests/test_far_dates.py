"""Dates at the calendar's ends: a note far in the future or the past never stops the vault."""

from __future__ import annotations

import json

import pytest

from conftest import invoke

FAR = """\
---
name: Far Future
tier: ally
met: 9999-12-20
cadence: 10000y
last_contact: 9999-12-30
birthday: 1990-12-31
---

- [ ] something #waiting 📅 9999-12-30
"""

OLD = """\
---
name: Old Past
tier: ally
met: 0001-01-02
birthday: 02-29
snooze_until: 0001-01-01
---
"""

EVENT = """\
---
title: Big
date: 9999-12-31
people: ["[[Far Future]]", "Nobody Here"]
---
"""


@pytest.fixture
def far_vault(make_vault):
    make_vault.write("contacts/Far.md", FAR)
    make_vault.write("contacts/Old.md", OLD)
    make_vault.write("events/Big.md", EVENT)
    make_vault.write("contacts/Fine.md", "---\nname: Fine Person\ntier: ally\nmet: 2026-11-20\n---\n")
    return make_vault.root


EVERYONE = {"Far Future", "Old Past", "Fine Person", "Nobody Here"}


@pytest.mark.parametrize(("today", "names"), [
    ("9950-06-01", EVERYONE), ("9999-12-31", EVERYONE),
    ("2026-11-23", EVERYONE - {"Nobody Here"}), ("0001-01-01", {"Old Past"}),  # the rest is over 100y away
])
def test_due_lists_every_note_whatever_the_dates(runner, far_vault, today, names):
    result = invoke(runner, "due", "--json", "--within", "100y", vault=far_vault, today=today)
    assert result.exit_code == 0, result.output
    assert {item["contact"] for item in json.loads(result.stdout)} == names


def test_far_dates_do_not_hide_todays_items(runner, far_vault):
    result = invoke(runner, "due", "--json", vault=far_vault, today="2026-11-23")
    items = json.loads(result.stdout)
    assert ("Fine Person", "first-follow-up", "2026-11-21") in {(i["contact"], i["kind"], i["due"]) for i in items}


def test_a_span_past_the_calendar_ends_on_its_last_day(runner, far_vault):
    items = json.loads(invoke(runner, "due", "--json", "--within", "100y", vault=far_vault,
                              today="9950-06-01").stdout)
    far = {i["kind"]: i["due"] for i in items if i["contact"] == "Far Future"}
    assert far["keep-in-touch"] == "9999-12-31"  # 9999-12-30 + 10000y
    assert far["waiting"] == "9999-12-31"  # 9999-12-30 + 7d


@pytest.mark.parametrize("command", [("show", "Far Future"), ("show", "Old Past"), ("check",)])
def test_other_commands_read_far_dates(runner, far_vault, command):
    result = invoke(runner, *command, vault=far_vault, today="9999-12-31")
    assert result.exit_code in (0, 1), result.output
    assert "internal error" not in result.output

"""relnotes pyramid (SPEC 6.6): touches a week per tier against touches_per_week, worked out by hand."""

from __future__ import annotations

import json

import pytest

from conftest import invoke

TODAY = "2026-06-15"
MONTH, YEAR = 30.44, 365.25

ALLY = 7 / 21 + 7 / 7  # the tier's 21d, and 1w of her own
STRATEGIC = 7 / 45 + 7 / (2 * MONTH)
ACTIVE = 7 / 90 + 7 / YEAR  # the paused one does not count
CASUAL = 0 + 7 / 30  # casual has no cadence; the archived one does not count
TOTAL = ALLY + STRATEGIC + ACTIVE + CASUAL


def pyramid_vault(v, toml: str | None = None):
    v.contact("A1", "tier: ally")
    v.contact("A2", "tier: ally\ncadence: 1w")
    v.contact("S1", "tier: strategic")
    v.contact("S2", "tier: strategic\ncadence: 2m")
    v.contact("Ac1", "tier: active")
    v.contact("Ac2", "tier: active\ncadence: 1y")
    v.contact("Ac3", "tier: active\nstatus: paused")
    v.contact("C1")
    v.contact("C2", "cadence: 30d")
    v.contact("C3", "status: archived\ncadence: 1d")
    if toml is not None:
        v.write("relnotes.toml", toml)
    return v.root


def run_json(runner, root):
    result = invoke(runner, "pyramid", "--json", vault=root, today=TODAY)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_pyramid_json_within_budget(runner, make_vault):
    found = run_json(runner, pyramid_vault(make_vault))
    assert found == {
        "tiers": {
            "ally": {"contacts": 2, "touches_per_week": pytest.approx(ALLY), "cadence": "21d", "own_cadence": 1},
            "strategic": {"contacts": 2, "touches_per_week": pytest.approx(STRATEGIC), "cadence": "45d",
                          "own_cadence": 1},
            "active": {"contacts": 2, "touches_per_week": pytest.approx(ACTIVE), "cadence": "90d", "own_cadence": 1},
            "casual": {"contacts": 2, "touches_per_week": pytest.approx(CASUAL), "cadence": None, "own_cadence": 1},
        },
        "total": pytest.approx(TOTAL),
        "budget": 15,
        "over": False,
        "relax": [],
        "short": 0.0,
    }


@pytest.mark.parametrize("toml", ["touches_per_week = 1\n[me]\nname = 'Sam'\n", "[rules]\ntouches_per_week = 1\n"])
def test_over_budget_names_what_to_relax_from_the_bottom_up(runner, make_vault, toml):
    found = run_json(runner, pyramid_vault(make_vault, toml))
    assert (found["budget"], found["over"]) == (1, True)
    # casual has no tier cadence to relax; the default contacts of active, strategic and ally
    # each at half the touches are not enough (1.93 asked): the rest is short
    assert found["relax"] == [
        {"tier": "active", "cadence": "90d", "suggested": "180d", "saves": pytest.approx(7 / 180)},
        {"tier": "strategic", "cadence": "45d", "suggested": "90d", "saves": pytest.approx(7 / 90)},
        {"tier": "ally", "cadence": "21d", "suggested": "42d", "saves": pytest.approx(7 / 42)},
    ]
    assert found["short"] == pytest.approx(TOTAL - 1 - 7 / 180 - 7 / 90 - 7 / 42)


def test_a_little_over_stretches_one_cadence(runner, make_vault):
    found = run_json(runner, pyramid_vault(make_vault, "[rules]\ntouches_per_week = 1.9\n"))
    # 0.034 too many; active's one default contact asks 7/90: every 161 days asks 7/161
    assert found["relax"] == [{"tier": "active", "cadence": "90d", "suggested": "161d",
                               "saves": pytest.approx(7 / 90 - 7 / 161)}]
    assert TOTAL - found["relax"][0]["saves"] <= 1.9


def test_exactly_the_budget_is_not_over(runner, make_vault):
    make_vault.contact("Only", "tier: ally\ncadence: 7d")
    make_vault.write("relnotes.toml", "touches_per_week = 1\n")
    found = run_json(runner, make_vault.root)
    assert (found["total"], found["over"]) == (1.0, False)


def test_human_output_within_budget(runner, make_vault):
    result = invoke(runner, "pyramid", vault=pyramid_vault(make_vault), today=TODAY)
    assert result.exit_code == 0
    assert result.stdout == f"""\
Relationship pyramid (contacts whose status is active)
  tier       contacts  cadence                       touches/week
  ally       2         every 21d (1 with their own)  {ALLY:.2f}
  strategic  2         every 45d (1 with their own)  {STRATEGIC:.2f}
  active     2         every 90d (1 with their own)  {ACTIVE:.2f}
  casual     2         none (1 with their own)       {CASUAL:.2f}
  total      8                                       {TOTAL:.2f}

Within budget: 15 touches a week (touches_per_week), {15 - TOTAL:.2f} to spare.
"""


def test_human_output_over_budget(runner, make_vault):
    result = invoke(runner, "pyramid", vault=pyramid_vault(make_vault, "touches_per_week = 1\n"), today=TODAY)
    assert result.stdout.endswith(f"""\
Over budget: {TOTAL:.2f} asked of 1 touches a week (touches_per_week), {TOTAL - 1:.2f} too many.
Quality over quantity: relax from the bottom of the pyramid up ([cadence] in relnotes.toml):
  - active: every 90d → every 180d (saves 0.04 a week)
  - strategic: every 45d → every 90d (saves 0.08 a week)
  - ally: every 21d → every 42d (saves 0.17 a week)
  - still 0.65 a week over: move some contacts down a tier; contacts with a cadence of their own ask 1.37 a week: \
relax those in their notes
""")


@pytest.mark.parametrize("toml, message", [
    ("[rules]\ntouches_per_week = 'lots'\n",
     "relnotes.toml:2: rules.touches_per_week: 'lots' is not a number (0 or more, e.g. 15 or 7.5)"),
    ("[rules]\ntouches_per_week = -1\n",
     "relnotes.toml:2: rules.touches_per_week: -1 is not a number (0 or more, e.g. 15 or 7.5)"),
    ("touches_per_week = 3\n[rules]\ntouches_per_week = 4\n",
     "relnotes.toml:1: touches_per_week is set twice, at the top and in [rules]: keep one"),
])
def test_a_bad_budget_is_one_line(runner, make_vault, toml, message):
    make_vault.write("relnotes.toml", toml)
    result = invoke(runner, "pyramid", vault=make_vault.root, today=TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"relnotes: {message}\n")

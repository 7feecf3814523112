"""The contact schema in one place (relnotes/core/model.py) and the tier list once (core/settings.TIERS)."""

from __future__ import annotations

import json

from conftest import invoke

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

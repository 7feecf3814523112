"""Human-readable text for profiles and search results. No Click here."""

from __future__ import annotations

from datetime import date
from typing import Any

from relnotes.cli.output import Style, table
from relnotes.core.dates import days_phrase, humane, parse_iso
from relnotes.core.model import CONTACT_FIELDS
from relnotes.core.settings import DEFAULT_STATUS


def _when(iso: str | None, today: date) -> str:
    parsed = parse_iso(iso) if iso else None
    return humane(parsed, today) if parsed else "-"


def format_profile(p: dict[str, Any], style: Style, today: date) -> list[str]:
    header = p["name"] + f"  ({p['tier']}" + (f", every {p['cadence']}" if p["cadence"] else "")
    header += f", {p['status']})" if p["status"] != DEFAULT_STATUS else ")"
    lines = [style(header, "bold")]
    work = " · ".join(x for x in (p["role"], p["company"], p["location"]) if x)
    if work:
        lines.append("  " + work)
    rows = []
    for spec in CONTACT_FIELDS:  # the fields with a row of their own, in the schema's order
        value = p[spec.attr] if spec.show else None
        if value:
            rows.append([spec.key, ", ".join(value) if isinstance(value, list) else str(value)])
    if p["met"]:
        rows.append(["met", _when(p["met"], today) + (f" at {p['met_at']}" if p["met_at"] else "")])
    if p["last_contact"]:
        rows.append(["last", f"{_when(p['last_contact'], today)} ({p['last_contact_kind']})"])
    if p["follow_up"]:
        note = f": {p['follow_up_note']}" if p["follow_up_note"] else ""
        rows.append(["follow-up", _when(p["follow_up"], today) + note])
    if p["snooze_until"]:
        rows.append(["snoozed", f"until {_when(p['snooze_until'], today)}"])
    for label in ("needs", "offers"):
        if p[label]:
            rows.append([label, "; ".join(p[label])])
    rows += _judging_rows(p)
    lines += table(rows)
    lines += _section("Due", [[i["kind"], days_phrase(i["days_overdue"]), i["reason"]] for i in p["due"]], style)
    lines += _section("Promises", [_task_row(t) for t in p["tasks"] if t["status"] == "open"], style)
    lines += _section("Timeline", [[t["date"], t["kind"], t["text"]] for t in p["timeline"]], style)
    lines += ["", style(p["file"], "dim")]
    return lines


def _judging_rows(p: dict[str, Any]) -> list[list[str]]:
    """The ledger line (given or received anything) and the keeps-promises rate (a promise came due)."""
    rows = []
    if p["ledger"]["given"] or p["ledger"]["received"]:
        rows.append(["ledger", p["ledger"]["line"]])
    if p["keeps_promises"]:
        rows.append(["promises", p["keeps_promises"]["line"]])
    return rows


def _task_row(task: dict[str, Any]) -> list[str]:
    who = "they owe" if task["waiting"] else "you owe"
    return [who, f"due {task['due']}" if task["due"] else "no date", task["text"]]


def _section(title: str, rows: list[list[str]], style: Style) -> list[str]:
    if not rows:
        return []
    return ["", style(title, "bold"), *table(rows)]


def format_matches(matches: list[dict[str, Any]]) -> list[str]:
    if not matches:
        return ["No contact matches."]
    rows = [[m["name"], m["tier"], m["company"] or "", m["match"]] for m in matches]
    return table(rows, indent="")

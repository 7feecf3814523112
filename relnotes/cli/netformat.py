"""Human-readable text for events, roi, match and pyramid. No Click here."""

from __future__ import annotations

from relnotes.cli.output import Style, table
from relnotes.core.events import EventReturn, GroupReturn, per, verdict
from relnotes.core.match import Introduction
from relnotes.core.pyramid import Pyramid
from relnotes.core.settings import Config

POOR = "!"


def number(value: float | None, digits: int = 2) -> str:
    """``40``, ``2.5``, ``33.33``; ``-`` when unknown."""
    return "-" if value is None else f"{round(value, digits):g}"


def quoted(name: str) -> str:
    """A name as typed in a shell command: in double quotes when it has spaces or shell characters."""
    if name and all(ch.isalnum() or ch in "-_.@" for ch in name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`") + '"'


def format_events(returns: list[EventReturn], config: Config, style: Style) -> list[str]:
    if not returns:
        return ['No dated events yet. Debrief one: relnotes debrief "Atlanta Tech Mixer" --people "Jane Doe"']
    header = ["date", "event", "format", "met", "followed up", "lasting", "value", "cost", "hours",
              "cost/lasting", "hours/lasting", "rating"]
    rows = [header]
    for r in returns:
        ev = r.event
        followed = f"{r.followed_up} of {r.met}" + (f" {POOR}" if r.poor_follow_up else "")
        lasting = f"{r.lasting}" + ("" if r.matured else " so far") + (f" {POOR}" if r.poor_lasting else "")
        rows.append([r.date.isoformat(), ev.title, ev.format or "-", str(r.met), followed, lasting, str(r.value),
                     number(ev.cost), number(ev.hours), number(per(ev.cost, r.lasting)),
                     number(per(ev.hours, r.lasting)), f"{ev.rating}/5" if ev.rating else "-"])
    lines = [style("Events, newest first", "bold"), *table(rows)]
    if any(r.poor_follow_up or r.poor_lasting for r in returns):
        delay = config.rules.first_follow_up
        lines += ["", f"{POOR} under half followed up within {delay} of the event, or nobody met there still in "
                      "touch 60 to 120 days after"]
    owed = [r for r in returns if r.owed]
    if owed:
        lines += ["", style("Still waiting for a first follow-up", "bold")]
        lines += table([[f"{r.event.title} ({r.date.isoformat()}):", ", ".join(p.name for p in r.owed)] for r in owed])
    return lines


def format_roi(groups: list[GroupReturn], by: str, style: Style) -> list[str]:
    if not groups:
        return ['No dated events yet. Debrief one: relnotes debrief "Atlanta Tech Mixer" --format open']
    rows = [[by, "events", "met", "followed up", "lasting", "value", "cost", "hours", "cost/lasting",
             "hours/lasting"]]
    for g in groups:
        rows.append([g.group or "(none)", str(g.events), str(g.met), str(g.followed_up), str(g.lasting),
                     str(g.value), number(g.cost), number(g.hours), number(per(g.cost, g.lasting)),
                     number(per(g.hours, g.lasting))])
    title = f"Event return by {by}, most lasting relationships per hour first"
    return [style(title, "bold"), *table(rows), "", verdict(groups, by) + "."]


def _explain(row: Introduction) -> str:
    return ", ".join(a if a.casefold() == b.casefold() else f"{a} ~ {b}" for a, b in row.words)


def format_matches(rows: list[Introduction], style: Style) -> list[str]:
    if not rows:
        return ["No introductions to suggest: give contacts needs: and offers: in their notes."]
    lines = [style("Introductions to make, best first", "bold")]
    for n, row in enumerate(rows, 1):
        a, b = row.needs, row.offers
        lines += [
            "",
            f"{n}. {a.name} needs \"{row.need}\" — {b.name} offers \"{row.offer}\"",
            f"   matched: {_explain(row)} (score {row.score:g}; {a.tier} and {b.tier})",
            f"   relnotes intro {quoted(a.name)} {quoted(b.name)}",
        ]
    return lines


def format_pyramid(p: Pyramid, style: Style) -> list[str]:
    rows = [["tier", "contacts", "cadence", "touches/week"]]
    for name, tier in p.tiers.items():
        cadence = f"every {tier.cadence}" if tier.cadence else "none"
        if tier.own_cadence:
            cadence += f" ({tier.own_cadence} with their own)"
        rows.append([name, str(tier.contacts), cadence, f"{tier.touches_per_week:.2f}"])
    rows.append(["total", str(sum(t.contacts for t in p.tiers.values())), "", f"{p.total:.2f}"])
    lines = [style("Relationship pyramid (contacts whose status is active)", "bold"), *table(rows), ""]
    budget = f"{p.budget:g} touches a week (touches_per_week)"
    if not p.over:
        return [*lines, f"Within budget: {budget}, {p.budget - p.total:.2f} to spare."]
    lines.append(style(f"Over budget: {p.total:.2f} asked of {budget}, {p.total - p.budget:.2f} too many.",
                       "bold", "red"))
    lines.append("Quality over quantity: relax from the bottom of the pyramid up ([cadence] in relnotes.toml):")
    for r in p.relax():
        lines.append(f"  - {r.tier}: every {r.cadence} → every {r.suggested} (saves {r.saves:.2f} a week)")
    short = p.short()
    if short > 1e-9:
        own = p.own_cadences
        mine = f"; contacts with a cadence of their own ask {own:.2f} a week: relax those in their notes" if own \
            else ""
        lines.append(f"  - still {short:.2f} a week over: move some contacts down a tier{mine}")
    return lines

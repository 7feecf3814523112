"""relnotes review: judge a relationship at its 30/60/90-day checkpoint, from the evidence."""

from __future__ import annotations

import sys
from datetime import date

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import commit_option, pass_app, warn_problems
from relnotes.cli.commands.edit import _write as write_change
from relnotes.cli.output import Style, dumps, table
from relnotes.cli.params import json_option, vault_options
from relnotes.core.dates import Duration, humane, shift
from relnotes.core.resolve import resolve_contact
from relnotes.core.review import ANSWERS, ASK, QUESTIONS, Evidence, Review, build_review, pick_day, review_line, suggest
from relnotes.errors import ExistsError
from relnotes.vault import changes as edits

ANSWER = click.Choice(ANSWERS, case_sensitive=False)


def _answer_option(question: str):  # type: ignore[no-untyped-def]
    return click.option(f"--{question}", question, type=ANSWER, default=None,
                        help=f"Your answer to '{question}': yes, no or unsure (else asked).")


@click.command()
@click.argument("contact")
@click.option("--day", type=int, default=None,
              help="The checkpoint: one of rules.review_checkpoints (30, 60, 90) [default: the earliest one "
                   "due and not reviewed].")
@_answer_option("responsive")
@_answer_option("value")
@_answer_option("intros")
@_answer_option("delivers")
@click.option("--accept", is_flag=True, help="Take the proposed answer to every question not given, without asking.")
@click.option("--comment", default="", help="A few words for the end of the review line.")
@click.option("--again", is_flag=True, help="Write a review even when this checkpoint has one already.")
@click.option("--apply", "apply_tier", is_flag=True, help="Also change tier: (and status:) as suggested.")
@commit_option
@json_option
@vault_options
@pass_app
def review(app: App, contact: str, day: int | None, accept: bool, comment: str, again: bool, apply_tier: bool,
           commit: bool | None, as_json: bool, **given: str | None) -> None:
    """Judge a relationship at 30/60/90 days, from the evidence.

    Shows the evidence for each question with a proposed answer, asks (or takes --accept and
    the answer options), appends the review line to the Log and suggests a tier.
    """
    found = resolve_contact(app.index, contact)
    warn_problems(app.index.problems)
    try:
        checkpoint = pick_day(found, app.config, app.today, day)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--day'") from None
    result = build_review(found, checkpoint, app.today, app.config)
    answers = {q: a.lower() for q, a in given.items() if a}
    if as_json:
        if apply_tier:
            raise click.UsageError("--json writes nothing, so it cannot --apply; leave one out")
        click.echo(dumps(result.to_dict(app.config, answers)))
        return
    if result.written is not None and not again:
        raise ExistsError(f"the day-{checkpoint} review of {found.name} is already written "
                            f"({result.written.date.isoformat()}); pass --again to add another",
                            path=found.path, line=result.written.line)
    missing = [q for q in QUESTIONS if q not in answers]
    if missing and not accept and not sys.stdin.isatty():
        raise click.UsageError(f"no answer for {', '.join(missing)} and no terminal to ask on: pass "
                               f"{' '.join(f'--{q} yes|no|unsure' for q in missing)}, or --accept to take "
                               "the proposed answers")
    click.echo("\n".join(format_review(result, app.today, app.style, app.config.rules.answer_window)))
    proposed = result.proposed()
    for q in QUESTIONS:
        if q not in answers:
            answers[q] = proposed[q] if accept else click.prompt(ASK[q], type=ANSWER, default=proposed[q]).lower()
    _finish(app, result, answers, comment, apply_tier, commit)


def _finish(app: App, result: Review, answers: dict[str, str], comment: str, apply_tier: bool,
            commit: bool | None) -> None:
    contact, day = result.contact, result.day
    tier, status, why = suggest(day, answers, contact.tier, app.config.rules.review_checkpoints)
    line = review_line(app.today, day, answers, comment)
    click.echo("")
    write_change(app, lambda: edits.review(app.config, contact, line, day, tier if apply_tier else None,
                                           status if apply_tier else None), commit)
    click.echo(f"  {line}")
    click.echo(suggestion(contact.name, contact.tier, contact.status, tier, status, why, apply_tier))


def suggestion(name: str, tier: str, status: str, new_tier: str, new_status: str | None, why: str,
               applied: bool) -> str:
    changes = []
    if new_tier != tier:
        changes.append(f"tier {new_tier} (now {tier})")
    if new_status is not None and new_status != status:
        changes.append(f"status {new_status}")
    if not changes:
        return f"suggested: keep tier {tier} ({why})"
    text = f"suggested: {' and '.join(changes)} — {why}"
    if applied:
        return text + "; applied"
    steps = [f"relnotes tier {_q(name)} {new_tier}"] if new_tier != tier else []
    if new_status is not None and new_status != status:
        steps.append(f"set status: {new_status} in the note")
    return f"{text}; to apply: {', and '.join(steps)} (or review with --apply)"


def _q(name: str) -> str:
    return f'"{name}"' if " " in name else name


# --- the evidence, for people ------------------------------------------------------------

def format_review(r: Review, today: date, style: Style, window: Duration) -> list[str]:
    c = r.contact
    checkpoint = shift(r.first_met, r.day)
    cut = f" (cut at today; day {r.day} is {humane(checkpoint, today)})" if r.window_end < checkpoint else ""
    lines = [style(f"{c.name} — {r.day}-day review", "bold"),
             f"First met {humane(r.first_met, today)}; the window is {humane(r.window_start, today)} to "
             f"{humane(r.window_end, today)}{cut}."]
    if r.written is not None:
        lines.append(f"Already reviewed on {r.written.date.isoformat()} ({c.path}:{r.written.line}).")
    proposed, entries, summary = r.proposed(), r.entries(), r.summaries(window)
    for q in QUESTIONS:
        lines += ["", f"{style(ASK[q].split('?')[0] + '?', 'bold')}  proposed: {proposed[q]} — {summary[q]}"]
        lines += table([_row(e) for e in entries[q]]) or ["  (nothing in the window)"]
    return lines


def _row(e: Evidence) -> list[str]:
    text = " ".join(e.text.split())
    if len(text) > 60:
        text = text[:59].rstrip() + "…"
    return [e.date.isoformat(), e.kind, text, e.detail, e.source]

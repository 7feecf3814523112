"""relnotes draft, intro, prep and templates: follow-up drafts from Jinja templates.

The work is in relnotes.drafts: recipients (whom, which item), context (what the template
sees) and render (templates, rendering, saving). jinja2 and the email package are imported
inside the commands, so ``relnotes --help`` stays fast.
"""

from __future__ import annotations

import shutil
import sys
from typing import TYPE_CHECKING, Any

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app, warn_problems
from relnotes.cli.output import dumps, table
from relnotes.cli.params import json_option, vault_options
from relnotes.core.model import DueItem
from relnotes.errors import ToolError

if TYPE_CHECKING:
    from relnotes.drafts.recipients import Who
    from relnotes.drafts.render import Rendered


class Drafter:
    """One Jinja environment for the run; renders and saves drafts, with warnings on stderr."""

    def __init__(self, app: App) -> None:
        from relnotes.drafts.render import make_env

        self.app = app
        self.env = make_env(app.config, app.today)

    def render(self, template: str, context: dict[str, Any], about: str) -> Rendered:
        from relnotes.drafts.render import find_template, render, warnings_for

        draft = render(self.env, find_template(self.app.config, template), context)
        for warning in warnings_for(draft, about):
            click.echo(f"warning: {warning}", err=True)
        return draft

    def for_item(self, who: Who, item: DueItem, is_due: bool) -> Rendered:
        from relnotes.drafts.context import draft_context

        return self.render(item.kind, draft_context(self.app.index, self.app.today, who, item, is_due), who.name)

    def save(self, draft: Rendered, stem_name: str) -> str:
        from relnotes.drafts.render import save_draft, sender_of

        me = self.app.config.me_email
        if draft.is_email and sender_of(self.app.config) is None:
            problem = (f"[me] email {me!r} in relnotes.toml is not an email address" if me
                       else "[me] email is not set in relnotes.toml")
            click.echo(f"warning: {problem}; the draft has no From:", err=True)
        return save_draft(self.app.config, self.app.today, draft, stem_name)


def desktop_opener() -> str:
    """The program click.launch hands a link to on this system; RelnotesError when it is not installed."""
    if sys.platform == "win32":
        return "os.startfile"
    program = {"darwin": "open", "cygwin": "cygstart"}.get(sys.platform, "xdg-open")
    if shutil.which(program) is None:
        raise ToolError(f"cannot open your mail app: {program} is not installed "
                            "(use --print-url or --save instead)")
    return program


def open_link(url: str, program: str, who: str) -> None:
    click.echo(f"opening a draft to {who} in your mail app", err=True)
    if click.launch(url) != 0:
        raise ToolError(f"cannot open your mail app: {program} failed (use --print-url or --save instead)")


# --- commands ------------------------------------------------------------------------------

@click.command()
@click.argument("contact", required=False)
@click.option("--kind", "-k", metavar="KIND",
              help="Draft for this kind of item (any template name, e.g. thank-you) instead of the most urgent.")
@click.option("--due", "all_due", is_flag=True, help="Draft every due item (overdue, today and upcoming).")
@click.option("--save", is_flag=True,
              help="Write drafts/DATE-NAME-KIND.eml (or .md) and print its path; never overwrites.")
@click.option("--open", "open_", is_flag=True, help="Open the draft in your mail app (a mailto: link).")
@click.option("--print-url", is_flag=True, help="Print the mailto: link instead of the draft.")
@json_option
@vault_options
@pass_app
def draft(app: App, contact: str | None, kind: str | None, all_due: bool, save: bool, open_: bool,
          print_url: bool, as_json: bool) -> None:
    """Draft a follow-up to CONTACT from a template (or every due item with --due)."""
    from relnotes.drafts.recipients import choose_item, resolve_who
    from relnotes.drafts.render import mailto, show, to_dict

    if bool(contact) == all_due:
        raise click.UsageError("give a CONTACT or --due (not both)")
    if all_due and (open_ or print_url or kind):
        raise click.UsageError("--open, --print-url and --kind work with one CONTACT, not with --due")
    drafter = Drafter(app)
    if all_due:
        _draft_due(app, drafter, save, as_json)
        return
    who = resolve_who(app.index, contact or "")
    item, is_due = choose_item(app.index, app.today, who, kind)
    rendered = drafter.for_item(who, item, is_due)
    warn_problems(app.index.problems)
    # check first, then act: a Markdown draft has no link, and there may be nothing to open it with
    link = mailto(rendered) if (print_url or open_) and not as_json else None
    program = desktop_opener() if link and open_ and not print_url else None
    saved = drafter.save(rendered, who.name) if save else None
    if as_json:
        click.echo(dumps(to_dict(rendered, who.name, item, saved)))
    elif print_url:
        click.echo(link)
    elif program and link:
        open_link(link, program, who.name)
    elif saved:
        click.echo(saved)
    else:
        click.echo(show(rendered), nl=False)


def _draft_due(app: App, drafter: Drafter, save: bool, as_json: bool) -> None:
    from relnotes.drafts.recipients import due_owners
    from relnotes.drafts.render import show, to_dict

    owners = due_owners(app.index, app.today)
    warn_problems(app.index.problems)
    done: list[tuple[DueItem, Rendered, str | None]] = []
    for item, who in owners:
        if who is None:
            click.echo(f"skipped: {item.contact}: {item.reason} (an event's own task; no one to write to)", err=True)
            continue
        rendered = drafter.for_item(who, item, True)
        done.append((item, rendered, drafter.save(rendered, item.contact) if save else None))
    if as_json:
        click.echo(dumps([to_dict(r, i.contact, i, s) for i, r, s in done]))
    elif save:
        click.echo("\n".join(table([[s or "", i.contact, i.kind] for i, _, s in done], indent="")) if done
                   else "Nothing due, nothing drafted.")
    else:
        blocks = [f"== {i.contact}: {i.kind} ({i.reason}) ==\n\n{show(r)}" for i, r, _ in done]
        click.echo("\n".join(blocks) if blocks else "Nothing due, nothing drafted.\n", nl=False)


@click.command()
@click.argument("first")
@click.argument("second")
@click.option("--save", is_flag=True, help="Write the three messages to drafts/ instead of printing them.")
@json_option
@vault_options
@pass_app
def intro(app: App, first: str, second: str, save: bool, as_json: bool) -> None:
    """Introduce FIRST to SECOND, double opt-in: ask each, then introduce."""
    from relnotes.drafts.context import intro_drafts
    from relnotes.drafts.recipients import resolve_pair
    from relnotes.drafts.render import show, to_dict

    a, b = resolve_pair(app.index, first, second)
    drafter = Drafter(app)
    parts = [(title, drafter.render(template, context, about), stem, about)
             for title, template, context, about, stem in intro_drafts(app.index, app.today, a, b)]
    if as_json:  # "contact": whom each message is about ("A and B" for the introduction itself)
        saved = [drafter.save(r, stem) if save else None for _, r, stem, _ in parts]
        click.echo(dumps([to_dict(r, about, None, path)
                          for (_, r, _, about), path in zip(parts, saved, strict=True)]))
        return
    if save:
        click.echo("\n".join(drafter.save(r, stem) for _, r, stem, _ in parts))
        return
    click.echo("\n".join(f"== {title} ==\n\n{show(r)}" for title, r, _, _ in parts), nl=False)


@click.command()
@click.argument("contact")
@click.option("--save", is_flag=True, help="Write drafts/DATE-NAME-prep.md instead of printing.")
@json_option
@vault_options
@pass_app
def prep(app: App, contact: str, save: bool, as_json: bool) -> None:
    """A one-page brief before you meet CONTACT (Markdown)."""
    from relnotes.drafts.context import prep_context
    from relnotes.drafts.recipients import due_for, resolve_who
    from relnotes.drafts.render import show, to_dict

    who = resolve_who(app.index, contact)
    items = due_for(app.index, app.today, who)
    drafter = Drafter(app)
    rendered = drafter.render("prep", prep_context(app.index, app.today, who, items), who.name)
    if as_json:
        click.echo(dumps(to_dict(rendered, who.name, None, drafter.save(rendered, who.name) if save else None)))
        return
    if save:
        click.echo(drafter.save(rendered, who.name))
    else:
        click.echo(show(rendered), nl=False)


@click.group()
@vault_options
def templates() -> None:
    """List, show and copy the draft templates."""


@templates.command("list")
@json_option
@vault_options
@pass_app
def list_(app: App, as_json: bool) -> None:
    """Every template: built-in, or your vault's own (which win)."""
    from relnotes.drafts.render import template_rows

    warnings: list[str] = []
    rows = template_rows(app.config_or_none, warnings)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if as_json:
        click.echo(dumps(rows))
        return
    shown = [[r["name"], r["format"], "vault, overrides built-in" if r["overrides"] else r["origin"],
              r["description"]] for r in rows]
    click.echo("\n".join(table(shown, indent="")))


@templates.command("show")
@click.argument("name")
@vault_options
@pass_app
def show_(app: App, name: str) -> None:
    """Print template NAME as it is on disk (the vault's own if it has one)."""
    from relnotes.drafts.render import find_template, template_text

    click.echo(template_text(find_template(app.config_or_none, name)), nl=False)


@templates.command("copy")
@click.argument("name")
@click.argument("new_name", required=False)
@vault_options
@pass_app
def copy(app: App, name: str, new_name: str | None) -> None:
    """Copy built-in template NAME into the vault's templates folder (as NEW_NAME if given)."""
    from relnotes.drafts.render import copy_template

    click.echo(copy_template(app.config, name, new_name))

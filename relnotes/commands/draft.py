"""relnotes draft, intro, prep and templates: follow-up drafts from Jinja templates.

jinja2 and the email package are imported inside the commands, so ``relnotes --help`` stays fast.
"""

from __future__ import annotations

import difflib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..app import App
from ..errors import ResolveError, TemplateError
from ..model import Contact, DueItem
from ..output import dumps, table
from ..params import json_option, vault_options
from .common import pass_app, warn_problems

if TYPE_CHECKING:
    from ..render import Rendered, Who


# --- resolving whom a draft is for ---------------------------------------------------------

def resolve(app: App, ref: str, *, ghosts: bool = True) -> Who:
    """A contact by name, alias or file stem; else someone listed at an event without a note."""
    from ..render import Ghost

    found = app.index.resolve_contact(ref)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        paths = ", ".join(sorted(c.path for c in found))
        raise ResolveError(f"{ref!r} is ambiguous: {paths}; use the file name to choose one")
    key = " ".join(ref.split()).casefold()
    for event in sorted(app.index.events, key=lambda e: e.date or datetime.min.date(), reverse=True):
        for name in event.ghosts:
            if ghosts and " ".join(name.split()).casefold() == key:
                return Ghost(name, event)
    raise ResolveError(f"no contact called {ref!r}{_suggest(app, ref)}")


def _suggest(app: App, ref: str) -> str:
    names: dict[str, str] = {}
    for contact in app.index.contacts:
        for name in (contact.name, *contact.aliases, contact.note.stem):
            names.setdefault(name.casefold(), contact.name)
    close = difflib.get_close_matches(ref.casefold(), list(names), n=3, cutoff=0.6)
    picks = list(dict.fromkeys(names[c] for c in close))
    return f" (did you mean: {', '.join(picks)}?)" if picks else "; 'relnotes add NAME' creates one"


def items_for(app: App, who: Who) -> list[DueItem]:
    """All of this person's items, by urgency (any date; the caller narrows)."""
    from ..render import Ghost
    from ..rules import contact_items, ghost_items

    today, config = app.today, app.config
    if isinstance(who, Ghost):
        key = " ".join(who.name.split()).casefold()
        items = [i for i in ghost_items(app.index.events, today, config) if " ".join(i.contact.split()).casefold() == key]
    else:
        items = contact_items(who, today, config)
    return sorted(items, key=DueItem.sort_key)


def choose_item(app: App, who: Who, kind: str | None) -> tuple[DueItem, bool]:
    """The item to draft for, and whether it is really due (else one made up for the request)."""
    items = items_for(app, who)
    horizon = app.config.rules.upcoming.after(app.today)
    picked = [i for i in items if i.kind == kind] if kind else [i for i in items if i.due <= horizon]
    if picked:
        return picked[0], True
    wanted = kind or "keep-in-touch"
    reason = f"nothing is due for {who.name}; a note to stay in touch" if kind is None \
        else f"drafted on request (no {wanted} item is due)"
    if isinstance(who, Contact):
        return DueItem(who.name, who.path, wanted, app.today, reason, who.tier, who.email, who.path), False
    return DueItem(who.name, who.event.path, wanted, app.today, reason, None, None, who.event.path), False


def owner_of(app: App, item: DueItem) -> Who | None:
    """The contact or event guest an item is about; None for an event's own task."""
    from ..render import Ghost

    by_path = {c.path: c for c in app.index.contacts}
    if item.file in by_path:
        return by_path[item.file]
    for event in app.index.events:
        if event.path == item.file and item.contact in event.ghosts:
            return Ghost(item.contact, event)
    return None


# --- rendering, printing, saving -----------------------------------------------------------

class Drafter:
    """One Jinja environment for the run; renders, prints and saves drafts."""

    def __init__(self, app: App) -> None:
        from ..render import make_env

        self.app = app
        self.env = make_env(app.config, app.today)

    def render(self, template: str, context: dict[str, Any], about: str) -> Rendered:
        """Render; warnings (a bad address, no address at all) go to stderr, naming ``about``."""
        from ..render import find_template, render

        draft = render(self.env, find_template(self.app.config, template), context)
        for warning in draft.warnings:
            click.echo(f"warning: {about}: {warning}", err=True)
        if draft.is_email and not draft.to and not draft.warnings:
            click.echo(f"warning: {about} has no email address; To: is empty", err=True)
        return draft

    def for_item(self, who: Who, item: DueItem, is_due: bool) -> Rendered:
        from ..render import draft_context

        return self.render(item.kind, draft_context(self.app.index, self.app.today, who, item, is_due), who.name)

    def save(self, draft: Rendered, stem_name: str) -> Path:
        from ..eml import build_message, save_new, slug

        config = self.app.config
        stem = f"{self.app.today.isoformat()}-{slug(stem_name)}-{draft.template.name}"
        folder = config.root / config.drafts_dir
        if not draft.is_email:
            return save_new(folder, stem, ".md", draft.body.encode("utf-8"))
        sender = (config.me_name, config.me_email) if config.me_email else None
        if sender is None:
            click.echo("warning: [me] email is not set in relnotes.toml; the draft has no From:", err=True)
        now = datetime.now().astimezone()
        when = datetime.combine(self.app.today, now.timetz())
        message = build_message(draft.subject, draft.to, draft.cc, draft.body, sender, when)
        return save_new(folder, stem, ".eml", message.as_bytes())

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.app.config.root).as_posix()
        except ValueError:
            return str(path)


def show(draft: Rendered) -> str:
    """A draft for people: To/Cc/Subject lines and the body (a Markdown document: its body only)."""
    from ..eml import display

    if not draft.is_email:
        return draft.body
    lines = [f"To: {display(draft.to)}".rstrip()]
    if draft.cc:
        lines.append(f"Cc: {display(draft.cc)}")
    lines.append(f"Subject: {draft.subject}".rstrip())
    return "\n".join(lines) + "\n\n" + draft.body


def as_dict(draft: Rendered, who: str, item: DueItem | None, saved: str | None) -> dict[str, Any]:
    from ..eml import display

    return {"contact": who, "kind": draft.template.name, "template": draft.template.display,
            "format": draft.template.format, "to": [display([p]) for p in draft.to],
            "cc": [display([p]) for p in draft.cc], "subject": draft.subject, "body": draft.body,
            "due": item.due.isoformat() if item else None, "reason": item.reason if item else None, "saved": saved}


def mailto(draft: Rendered) -> str:
    from ..eml import mailto_url

    if not draft.is_email:
        raise TemplateError(f"{draft.template.name} is a Markdown document, not an email; use --save instead",
                            path=draft.template.display)
    return mailto_url(draft.subject, draft.to, draft.cc, draft.body)


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
    if bool(contact) == all_due:
        raise click.UsageError("give a CONTACT or --due (not both)")
    if all_due and (open_ or print_url or kind):
        raise click.UsageError("--open, --print-url and --kind work with one CONTACT, not with --due")
    drafter = Drafter(app)
    if all_due:
        _draft_due(app, drafter, save, as_json)
        return
    who = resolve(app, contact or "")
    item, is_due = choose_item(app, who, kind)
    rendered = drafter.for_item(who, item, is_due)
    warn_problems(app.index)
    saved = drafter.relative(drafter.save(rendered, who.name)) if save else None
    if as_json:
        click.echo(dumps(as_dict(rendered, who.name, item, saved)))
    elif print_url:
        click.echo(mailto(rendered))
    elif open_:
        click.echo(f"opening a draft to {who.name} in your mail app", err=True)
        click.launch(mailto(rendered))
    elif saved:
        click.echo(saved)
    else:
        click.echo(show(rendered), nl=False)


def _draft_due(app: App, drafter: Drafter, save: bool, as_json: bool) -> None:
    from ..rules import due_items, within

    items = within(due_items(app.index, app.today), app.today, app.config.rules.upcoming)
    warn_problems(app.index)
    done: list[tuple[DueItem, Rendered, str | None]] = []
    for item in items:
        who = owner_of(app, item)
        if who is None:
            click.echo(f"skipped: {item.contact}: {item.reason} (an event's own task; no one to write to)", err=True)
            continue
        rendered = drafter.for_item(who, item, True)
        done.append((item, rendered, drafter.relative(drafter.save(rendered, item.contact)) if save else None))
    if as_json:
        click.echo(dumps([as_dict(r, i.contact, i, s) for i, r, s in done]))
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
@vault_options
@pass_app
def intro(app: App, first: str, second: str, save: bool) -> None:
    """Introduce FIRST to SECOND, double opt-in: ask each, then introduce."""
    from ..render import ask_context, intro_context

    a, b = resolve(app, first, ghosts=False), resolve(app, second, ghosts=False)
    if a is b:
        raise ResolveError(f"{first!r} and {second!r} are the same contact; an introduction needs two people")
    assert isinstance(a, Contact) and isinstance(b, Contact)
    drafter = Drafter(app)
    context = intro_context(app.index, app.today, a, b)
    both = f"{a.name} {b.name}"
    parts = [(f"1. Ask {a.name} first", drafter.render("intro-ask", ask_context(context, "a"), a.name), a.name),
             (f"2. Ask {b.name} first", drafter.render("intro-ask", ask_context(context, "b"), b.name), b.name),
             ("3. The introduction, once both say yes", drafter.render("intro", context, f"{a.name} and {b.name}"),
              both)]
    if save:
        click.echo("\n".join(drafter.relative(drafter.save(r, stem)) for _, r, stem in parts))
        return
    click.echo("\n".join(f"== {title} ==\n\n{show(r)}" for title, r, _ in parts), nl=False)


@click.command()
@click.argument("contact")
@click.option("--save", is_flag=True, help="Write drafts/DATE-NAME-prep.md instead of printing.")
@vault_options
@pass_app
def prep(app: App, contact: str, save: bool) -> None:
    """A one-page brief before you meet CONTACT (Markdown)."""
    from ..render import prep_context

    who = resolve(app, contact)
    horizon = app.config.rules.upcoming.after(app.today)
    items = [i for i in items_for(app, who) if i.due <= horizon]
    drafter = Drafter(app)
    rendered = drafter.render("prep", prep_context(app.index, app.today, who, items), who.name)
    if save:
        click.echo(drafter.relative(drafter.save(rendered, who.name)))
    else:
        click.echo(show(rendered), nl=False)


@click.group()
def templates() -> None:
    """List, show and copy the draft templates."""


@templates.command("list")
@json_option
@vault_options
@pass_app
def list_(app: App, as_json: bool) -> None:
    """Every template: built-in, or your vault's own (which win)."""
    from ..render import list_templates, read_template

    rows: list[dict[str, Any]] = []
    for tf, overrides in list_templates(app.config):
        meta, _, _ = read_template(tf)
        origin = "vault, overrides built-in" if overrides else tf.origin
        rows.append({"name": tf.name, "format": tf.format, "origin": tf.origin, "overrides": overrides,
                     "path": tf.display, "description": str(meta.get("description", "")), "_origin": origin})
    if as_json:
        click.echo(dumps([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]))
        return
    click.echo("\n".join(table([[r["name"], r["format"], r["_origin"], r["description"]] for r in rows], indent="")))


@templates.command("show")
@click.argument("name")
@vault_options
@pass_app
def show_(app: App, name: str) -> None:
    """Print template NAME as it is on disk (the vault's own if it has one)."""
    from ..render import find_template

    tf = find_template(app.config, name)
    click.echo(tf.path.read_text(encoding="utf-8"), nl=False)


@templates.command("copy")
@click.argument("name")
@click.argument("new_name", required=False)
@vault_options
@pass_app
def copy(app: App, name: str, new_name: str | None) -> None:
    """Copy built-in template NAME into the vault's templates folder (as NEW_NAME if given)."""
    from ..render import builtin_template, vault_dir

    source = builtin_template(app.config, name)
    target_name = (new_name or name) + source.filename[len(name):]
    folder = vault_dir(app.config)
    target = folder / target_name
    if target.exists():
        rel = f"{app.config.templates_dir}/{target_name}"
        raise TemplateError(f"{rel} already exists; edit it, or remove it to copy the built-in one again")
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="") as handle:
        handle.write(source.path.read_text(encoding="utf-8"))
    click.echo(f"{app.config.templates_dir}/{target_name}")

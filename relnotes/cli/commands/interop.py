"""import and export: contacts in from vCard, LinkedIn and CSV; the vault out (SPEC 7)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from relnotes.cli.app import App
from relnotes.cli.commands.common import after_write, commit_option, pass_app, warn_problems
from relnotes.cli.params import DURATION, vault_options
from relnotes.core.dates import Duration
from relnotes.core.importmerge import Plan, plan
from relnotes.core.record import Record
from relnotes.errors import UsageError

PROGRESS_FROM = 300  # records: from here on, a line on stderr says the import is under way


@click.group("import")
def import_() -> None:
    """Bring contacts in: vCard, LinkedIn Connections.csv, Google or Outlook CSV.

    A record matches a contact by email, then uid, then exact name, and only adds what the
    note lacks; existing values and the body are never changed. Importing twice changes nothing.
    """


def _show(app: App, found: Plan, paths: list[tuple[Path, str]]) -> None:
    root = app.config.root
    for (path, _), rec in zip(paths, found.new, strict=True):
        click.echo(f"new       {path.relative_to(root).as_posix()}  ({rec.where})")
    for m in found.merged:
        added = [*m.scalars, *m.lists]
        what = "+ " + ", ".join(k for k in ("email", "phone", "company", "role", "location", "tags", "linkedin",
                                              "website", "met", "birthday", "uid") if k in added) if added \
            else "nothing new"
        click.echo(f"{'merge' if added else 'same':<9} {m.contact.path}  {what} (matched by {m.how}, {m.record.where})")
        for line in m.conflicts:
            click.echo(f"conflict  {m.contact.path}: {line}")
    for fold in found.folded:
        click.echo(f"folded    {fold.record.where} into {fold.into.where} (the same {fold.how}: one person)")
        for line in fold.conflicts:
            click.echo(f"conflict  {fold.record.where}: {line}")
    for rec, contact in found.near:
        click.echo(f"near      {rec.name!r} ({rec.where}) looks like {contact.name} ({contact.path}); "
                   "not merged, imported as a new note")
    for where, why in found.skipped:
        click.echo(f"skipped   {where}: {why}")


def _summary(found: Plan) -> str:
    changed = sum(1 for m in found.merged if m.changes)
    conflicts = sum(len(m.conflicts) for m in found.merged) + sum(len(f.conflicts) for f in found.folded)
    folded = f", {len(found.folded)} folded" if found.folded else ""
    return (f"{len(found.new)} new, {changed} merged, {len(found.merged) - changed} unchanged, "
            f"{conflicts} conflicts, {len(found.skipped)} skipped{folded}")


def run_import(app: App, records: list[Record], skipped: list[tuple[str, str]], source: str, dry_run: bool,
               commit: bool | None) -> None:
    """Plan the import, print the plan, and (unless ``dry_run``) write it."""
    from relnotes.vault.importing import new_paths, write_plan

    if not records and not skipped:
        click.echo(f"{source}: no records in it (a header and no rows); nothing to import", err=True)
    if len(records) >= PROGRESS_FROM:
        click.echo(f"importing {len(records)} records from {source}…", err=True)
    index = app.index
    warn_problems(index.problems)
    found = plan(index, records, source)
    found.skipped[:0] = skipped
    _show(app, found, new_paths(app.config, found))
    if dry_run:
        click.echo(f"dry run: {_summary(found)}; nothing was written")
        return
    done = write_plan(app.config, found)
    click.echo(_summary(found))
    written = [*done.created, *done.changed]
    if written:
        after_write(app, written, f"import: {source}", commit)


dry_run_option = click.option("--dry-run", is_flag=True, help="Print the plan (new, merged, conflicts, "
                              "skipped) and write nothing.")


@import_.command("vcard")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@dry_run_option
@commit_option
@vault_options
@pass_app
def import_vcard(app: App, files: tuple[Path, ...], dry_run: bool, commit: bool | None) -> None:
    """Import contacts from vCard files (2.1, 3.0, 4.0), or every .vcf in a folder."""
    from relnotes.interop.vcard import read_cards
    from relnotes.vault.importing import read_vcard_text, vcard_files

    records: list[Record] = []
    skipped: list[tuple[str, str]] = []
    paths = vcard_files(list(files))
    not_cards = []
    for path in paths:
        found, broken = read_cards(read_vcard_text(path), path.name)
        records += found
        skipped += [(f"{path.name}" + (f" card {b.number}" if b.number else "") + (f" ({b.name})" if b.name else ""),
                     b.reason) for b in broken]
        not_cards += [f"{path}: {b.reason}" for b in broken if not b.number]
    if len(not_cards) == len(paths):  # not one file held a card: the wrong file, not a bad card
        raise UsageError(not_cards[0] if len(paths) == 1 else f"none of the {len(paths)} files holds a vCard "
                         f"({not_cards[0]})")
    source = paths[0].name if len(paths) == 1 else f"{len(paths)} vCard files"
    run_import(app, records, skipped, source, dry_run, commit)


@click.group("export")
def export() -> None:
    """Get the vault out: vCard, iCalendar to-dos, JSON, CSV. Stdout, or -o FILE (atomically)."""


output_option = click.option("-o", "--output", "output", type=click.Path(path_type=Path), default=None,
                             help="Write to this file (atomically) instead of stdout.")


def _emit(app: App, text: str, output: Path | None) -> None:
    if output is None:  # an export is data: its CRLFs go out as they are, not shown escaped
        from relnotes.cli.output import VisibleStream

        stream = sys.stdout
        raw = stream.inner if isinstance(stream, VisibleStream) else stream
        raw.write(text)
        raw.flush()
        return
    from relnotes.errors import WriteError
    from relnotes.vault.files import replace

    root = app.config.root.resolve()
    target = output.resolve()
    if target.suffix.lower() == ".md" and target.is_relative_to(root):
        raise UsageError(f"{output}: an export never writes a note of the vault; choose another file "
                         "(e.g. contacts.vcf)")
    try:
        replace(output, text.encode("utf-8"))  # a temp file beside it, fsync, rename
    except OSError as exc:
        raise WriteError(f"{output}: cannot be written ({exc.strerror or exc}); nothing was written") from None
    click.echo(f"wrote {output}", err=True)


def _contacts(app: App, tags: tuple[str, ...]) -> list:  # type: ignore[type-arg]
    index = app.index
    warn_problems(index.problems)
    wanted = {t.lstrip("#").lower() for t in tags}
    found = [c for c in index.contacts if not wanted or wanted & {t.lstrip("#").lower() for t in c.tags}]
    return sorted(found, key=lambda c: c.path)


@export.command("vcard")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@output_option
@vault_options
@pass_app
def export_vcard(app: App, tags: tuple[str, ...], output: Path | None) -> None:
    """Contacts as vCard 4.0 (re-imports into relnotes with no change)."""
    from relnotes.interop.exports import contact_record
    from relnotes.interop.vcard import to_vcard

    _emit(app, "".join(to_vcard(contact_record(c)) for c in _contacts(app, tags)), output)


@export.command("csv")
@click.option("--tag", "tags", multiple=True, help="Only contacts with this tag (repeatable).")
@output_option
@vault_options
@pass_app
def export_csv(app: App, tags: tuple[str, ...], output: Path | None) -> None:
    """Contacts as CSV, one row each (lists joined with '; ')."""
    from relnotes.interop.exports import contacts_csv

    _emit(app, contacts_csv(_contacts(app, tags)), output)


@export.command("json")
@output_option
@vault_options
@pass_app
def export_json(app: App, output: Path | None) -> None:
    """The whole index (every contact and event, every field) as JSON; see docs/json.md."""
    from relnotes.cli.output import dumps
    from relnotes.interop.exports import index_dict

    index = app.index
    warn_problems(index.problems)
    _emit(app, dumps(index_dict(index)) + "\n", output)


@export.command("ics")
@click.option("--within", "window", type=DURATION, default=None,
              help="How far ahead to look [default: 7d, or rules.upcoming].")
@output_option
@vault_options
@pass_app
def export_ics(app: App, window: Duration | None, output: Path | None) -> None:
    """Due items as iCalendar to-dos (one VTODO each, DUE;VALUE=DATE, a UID stable across runs)."""
    from relnotes.interop.exports import due_ics

    today = app.today
    snapshot = app.due_snapshot((window or app.config.rules.upcoming).after(today))
    warn_problems(snapshot.problems)
    _emit(app, due_ics(snapshot.items, today), output)


@import_.command("linkedin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--connected-as-met", is_flag=True, help="Take 'Connected On' as the day you met (met:).")
@dry_run_option
@commit_option
@vault_options
@pass_app
def import_linkedin(app: App, file: Path, connected_as_met: bool, dry_run: bool, commit: bool | None) -> None:
    """Import LinkedIn's Connections.csv (from 'Get a copy of your data')."""
    from relnotes.interop.tabular import read_linkedin
    from relnotes.vault.importing import read_text

    records = read_linkedin(read_text(file), file.name, connected_as_met)  # a deleted member: no name, skipped
    run_import(app, records, [], file.name, dry_run, commit)


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, column = pair.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise UsageError(f"--map {pair!r}: write it as KEY=COLUMN, e.g. --map company=Organisation")
        out[key.strip()] = column.strip()
    return out


@import_.command("csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--map", "maps", multiple=True, metavar="KEY=COLUMN",
              help="Take this front-matter key from this column (repeatable).")
@dry_run_option
@commit_option
@vault_options
@pass_app
def import_csv(app: App, file: Path, maps: tuple[str, ...], dry_run: bool, commit: bool | None) -> None:
    """Import a CSV of contacts: Google's or Outlook's export, or any file with --map."""
    from relnotes.interop.tabular import read_csv
    from relnotes.vault.importing import read_text

    records = read_csv(read_text(file), file.name, _mapping(maps))
    run_import(app, records, [], file.name, dry_run, commit)

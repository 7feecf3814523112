"""The agenda file on disk: where it goes, which places it may never go, and writing it safely."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from pathlib import Path

from relnotes.agenda.build import Agenda, build_agenda, render
from relnotes.config import CONFIG_NAME
from relnotes.core.dates import parse_iso
from relnotes.core.index import Index
from relnotes.core.settings import Config
from relnotes.errors import AgendaError, VaultError, WriteError
from relnotes.vault.files import replace

MARKER = b"<!-- Written by relnotes (relnotes agenda"  # how an existing agenda file is recognised


BOM = b"\xef\xbb\xbf"


# How the user chose the agenda file, named when relnotes refuses to write it.
OUT_OPTION = "choose another --out"


CONFIG_SETTING = "set another [vault] agenda_file in relnotes.toml"


def agenda_path(config: Config) -> Path:
    """Where the configured agenda goes: ``agenda_file`` at the vault root."""
    return config.root / config.agenda_file


def agenda_target(config: Config, out: Path) -> tuple[Path, Config]:
    """Where ``--out`` puts the agenda, and the configuration to read the vault with.

    An ``out`` inside the vault is that run's ``agenda_file`` (so it is never read as a note):
    the configuration returned says so; ``config`` itself is left as it is."""
    target = out.resolve()
    try:
        rel = target.relative_to(config.root.resolve()).as_posix()
    except ValueError:  # outside the vault: nothing to hide from the scan
        return target, config
    return target, dataclasses.replace(config, agenda_file=rel)


def shown_path(path: Path, root: Path) -> str:
    """The path relative to the vault when it is inside it, else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def check_target(path: Path, config: Config, hint: str = CONFIG_SETTING) -> None:
    """Raise VaultError when the agenda may not be written to ``path`` (what ``write_agenda``
    checks again each time): a reserved place (``check_place``), or a file relnotes did not write."""
    check_place(path, config, hint)
    try:
        with path.open("rb") as handle:
            head = handle.read(len(BOM) + len(MARKER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise VaultError(f"cannot read {path}: {exc.strerror}") from None
    _check_ours(head, path, config, hint)


def check_place(path: Path, config: Config, hint: str = CONFIG_SETTING) -> None:
    """Refuse a place the agenda must never go, whether or not the file exists yet.

    The notes relnotes reads (anything in the contacts or events folder, a file named like a
    daily note) and ``relnotes.toml``: the agenda there would be read back as a note, or
    break the config. ``hint`` says how to choose another place (OUT_OPTION, CONFIG_SETTING).
    """
    reason = _reserved(path, config)
    if reason is not None:
        raise AgendaError(f"{shown_path(path, config.root)} {reason}; {hint}")


def _reserved(path: Path, config: Config) -> str | None:
    roots = {os.path.abspath(config.root), os.path.realpath(config.root)}
    for full in {os.path.abspath(path), os.path.realpath(path)}:  # the name given, and where a link leads
        for root in roots:
            try:
                rel = os.path.relpath(full, root).replace(os.sep, "/")
            except ValueError:  # another drive (Windows): outside the vault
                continue
            if rel != ".." and not rel.startswith("../"):
                reason = _reserved_rel(rel, config)
                if reason is not None:
                    return reason
    return None


def _reserved_rel(rel: str, config: Config) -> str | None:
    """Why a vault-relative path is no place for the agenda; folder names in any letter case
    (a case-insensitive disk, macOS's default, would put ``Contacts/x.md`` in ``contacts/``)."""
    folded = rel.casefold()
    for folder, what in ((config.contacts_dir, "a contact"), (config.events_dir, "an event")):
        folder = folder.strip("/")
        if folded.startswith(folder.casefold() + "/"):
            return f"is in the {folder} folder, where relnotes would read it as {what}"
    if folded == CONFIG_NAME:
        return "is relnotes' configuration file"
    name = rel.rsplit("/", 1)[-1]
    if config.daily_notes and name.endswith(".md") and parse_iso(name[:-3]) is not None:
        return "is named like a daily note, so relnotes would read the agenda's links as mentions"
    return None


def written_by_agenda(data: bytes) -> bool:
    """Whether a file's bytes are an agenda relnotes wrote: its first line is the header
    comment (a byte-order mark or CRLF line ends, from an editor or git, do not matter).
    An empty file holds nothing to lose and counts too."""
    return not data or data.removeprefix(BOM).startswith(MARKER)


def _check_ours(data: bytes, path: Path, config: Config, hint: str) -> None:
    if not written_by_agenda(data):
        where = shown_path(path, config.root)
        raise AgendaError(f"{where} exists and was not written by relnotes agenda; {hint} or remove it")


def write_agenda(path: Path, text: str, config: Config, hint: str = CONFIG_SETTING) -> bool:
    """Write ``text`` to ``path`` atomically when its bytes differ; False (and untouched) otherwise.

    Raises VaultError, and writes nothing, when ``path`` is a reserved place (``check_place``)
    or an existing file that relnotes did not write (``written_by_agenda``).
    """
    check_place(path, config, hint)
    data = text.encode("utf-8")
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise VaultError(f"cannot read {path}: {exc.strerror}") from None
    if old == data:
        return False
    if old is not None:
        _check_ours(old, path, config, hint)
    try:
        replace(path, data, root=_vault_of(path, config))
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    return True


def _vault_of(path: Path, config: Config) -> Path | None:
    """The vault root when ``path`` is named inside the vault, so a link there may not lead out;
    None for an ``--out`` elsewhere, which is written where it points."""
    for root in {os.path.abspath(config.root), os.path.realpath(config.root)}:
        rel = os.path.relpath(os.path.abspath(path), root)
        if rel != ".." and not rel.startswith(".." + os.sep):
            return config.root
    return None


def update_agenda(path: Path, index: Index, today: date, hint: str = CONFIG_SETTING) -> tuple[bool, Agenda]:
    """Render and write the agenda: whether the file changed, and what it shows."""
    agenda = build_agenda(index, today)
    return write_agenda(path, render(agenda), index.config, hint), agenda


def refresh_if_configured(config: Config, index: Index, today: date) -> Path | None:
    """For editing commands: rewrite the agenda when ``[vault] refresh_agenda = true``.

    Returns the agenda's path when the file changed, None when refreshing is off or nothing
    changed. Raises VaultError when the file cannot be written (the caller's edit stands).
    """
    if not config.refresh_agenda:
        return None
    path = agenda_path(config)
    changed, _ = update_agenda(path, index, today)
    return path if changed else None

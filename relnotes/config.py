"""relnotes.toml: every setting with its default, validated; and finding the vault root."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tomllib
from dataclasses import fields
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from relnotes.core.dates import Duration, parse_duration
from relnotes.core.settings import TIERS, Config, Rules, default_cadence
from relnotes.errors import ConfigError, VaultError

CONFIG_NAME = "relnotes.toml"

# The longest duration a setting may hold: 100 years, in each unit (a longer one is a typo).
MAX_DURATION = {"d": 36525, "w": 5217, "m": 1200, "y": 100}
# Folders relnotes never reads as notes: they must not hold (or sit inside) the note folders.
SKIPPED_PLACES = {
    "drafts_dir": "the drafts folder is never read as notes",
    "templates_dir": "the templates folder is never read as notes",
    "agenda_file": "relnotes writes the agenda there and never reads it as a note",
}
NOTE_FOLDERS = ("contacts_dir", "events_dir")
# A folder named by --vault or $RELNOTES_VAULT with no relnotes.toml, contacts/ or events/ is
# read as a vault only below this many files and folders (hidden ones not counted): more is
# `/` or a home folder given by mistake, which would be read whole.
MAX_UNMARKED_ENTRIES = 5000








# section -> key -> (attribute, kind)
_SCHEMA: dict[str, dict[str, tuple[str, str]]] = {
    "vault": {
        "contacts_dir": ("contacts_dir", "folder"),
        "events_dir": ("events_dir", "folder"),
        "drafts_dir": ("drafts_dir", "folder"),
        "templates_dir": ("templates_dir", "folder"),
        "agenda_file": ("agenda_file", "folder"),
        "daily_notes": ("daily_notes", "bool"),
        "filename": ("filename", "filename"),
        "autocommit": ("autocommit", "bool"),
        "refresh_agenda": ("refresh_agenda", "bool"),
        "agenda_limit": ("agenda_limit", "count"),
        "agenda_introductions": ("agenda_introductions", "count"),
    },
    "me": {
        "name": ("me_name", "str"),
        "email": ("me_email", "str"),
        "signature": ("me_signature", "str"),
    },
    "rules": {
        "first_follow_up": ("first_follow_up", "duration"),
        "first_follow_up_stale": ("first_follow_up_stale", "duration"),
        "nudge": ("nudge", "duration"),
        "waiting": ("waiting", "duration"),
        "review_checkpoints": ("review_checkpoints", "days"),
        "review_stale": ("review_stale", "duration"),
        "birthday_stale": ("birthday_stale", "duration"),
        "birthday_tiers": ("birthday_tiers", "tiers"),
        "upcoming": ("upcoming", "duration"),
        "answer_window": ("answer_window", "duration"),
        "ledger_taking": ("ledger_taking", "positive"),
        "ledger_unanswered": ("ledger_unanswered", "positive"),
        "extra_log_kinds": ("extra_log_kinds", "words"),
        "touches_per_week": ("touches_per_week", "number"),
    },
}
# Keys also read at the top of the file, before any [section] (SPEC names them with no section).
TOP_LEVEL = {"touches_per_week": "rules"}


def find_root(explicit: str | os.PathLike[str] | None, cwd: Path | None = None) -> Path:
    """--vault, else $RELNOTES_VAULT, else the nearest folder holding relnotes.toml, else cwd.

    The working directory is the vault only when it looks like one (it has the contacts or
    events folder): anywhere else, such as ``/`` or a home folder, reading every Markdown file
    below it would be slow and wrong, so that is a VaultError instead. A folder named
    explicitly needs no such mark unless it holds more than MAX_UNMARKED_ENTRIES files and
    folders (the same mistake, made with --vault).
    """
    if explicit:
        return _chosen_root(Path(explicit), "--vault ", "pass the right --vault")
    if os.environ.get("RELNOTES_VAULT"):
        return _chosen_root(Path(os.environ["RELNOTES_VAULT"]), "RELNOTES_VAULT=",
                            "set RELNOTES_VAULT to the right folder")
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    if _has_note_folder(here):
        return here
    raise VaultError(f"no vault here: no {CONFIG_NAME} in {here} or above; run 'relnotes init' or pass --vault")


def _chosen_root(given: Path, source: str, hint: str) -> Path:
    """The folder --vault or $RELNOTES_VAULT names (``source`` says which, in messages)."""
    root = given.expanduser()
    try:
        mode = root.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise VaultError(f"vault folder {root} does not exist") from None
    except OSError as exc:
        raise VaultError(f"cannot read vault folder {root}: {exc.strerror}") from None
    if not stat.S_ISDIR(mode):
        kinds = [(stat.S_ISREG, "a file"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket")]
        kind = next((name for test, name in kinds if test(mode)), "a device")
        raise VaultError(f"{source}{root} is not a folder: it is {kind}")
    root = root.resolve()
    if not (root / CONFIG_NAME).is_file() and not _has_note_folder(root) \
            and _holds_more_than(root, MAX_UNMARKED_ENTRIES):
        raise VaultError(f"{source}{root} does not look like a vault: it has no {CONFIG_NAME}, contacts/ or "
                         f"events/ and more than {MAX_UNMARKED_ENTRIES} files and folders; run 'relnotes init' "
                         f"there if it is your vault, or {hint}")
    return root


def _has_note_folder(root: Path) -> bool:
    defaults = Config(root=root)
    return (root / defaults.contacts_dir).is_dir() or (root / defaults.events_dir).is_dir()


def _holds_more_than(root: Path, limit: int) -> bool:
    """Whether more than ``limit`` files and folders lie below ``root``, hidden ones (and what
    is in them) not counted, links not followed, unreadable folders skipped. The walk stops
    as soon as it knows, at the ``limit + 1``-th."""
    count = 0
    folders = [os.fspath(root)]
    while folders:
        try:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    count += 1
                    if count > limit:
                        return True
                    with contextlib.suppress(OSError):
                        if entry.is_dir(follow_symlinks=False):
                            folders.append(entry.path)
        except OSError:
            continue
    return False


def load_config(root: Path) -> Config:
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config(root=root)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=CONFIG_NAME) from None
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise ConfigError(f"not valid TOML: {_strip_position(str(exc))}", path=CONFIG_NAME, line=line) from None
    return _build(root, path, data, text)


def _toml_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m[1]) if m else None


def _strip_position(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message)


def _key_line(text: str, key: str, section: str | None = None) -> int | None:
    """The line of ``key = …``, looked for in ``[section]`` first, then anywhere."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    start, end = 0, len(text)
    if section is not None:
        header = re.search(rf"^\s*\[\s*{re.escape(section)}\s*\]", text, re.MULTILINE)
        if header:
            start = header.end()
            following = re.search(r"^\s*\[", text[start:], re.MULTILINE)
            end = start + following.start() if following else len(text)
    m = pattern.search(text, start, end) or pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _build(root: Path, source: Path, data: dict[str, Any], text: str) -> Config:
    """The Config relnotes.toml describes: every value checked, then the dataclasses made once."""
    settings: dict[str, Any] = {}
    rules: dict[str, Any] = {}
    cadence: dict[str, Duration | None] = {}
    data = _lift_top_level(data, text)
    for section, values in data.items():
        if section == "cadence":
            cadence = _cadence(values, text)
            continue
        schema = _SCHEMA.get(section)
        if schema is None:
            raise ConfigError(
                f"unknown section [{section}] (known: {', '.join([*_SCHEMA, 'cadence'])})",
                path=CONFIG_NAME, line=_section_line(text, section) or _key_line(text, section),
            )
        if not isinstance(values, dict):
            raise ConfigError(f"[{section}] must be a table", path=CONFIG_NAME, line=_key_line(text, section))
        target = rules if section == "rules" else settings
        for key, value in values.items():
            if key not in schema:
                raise ConfigError(
                    f"unknown key {key!r} in [{section}] (known: {', '.join(schema)})",
                    path=CONFIG_NAME, line=_key_line(text, key, section),
                )
            attr, kind = schema[key]
            try:
                target[attr] = _convert(kind, value)
            except ValueError as exc:
                raise ConfigError(f"{section}.{key}: {exc}", path=CONFIG_NAME,
                                  line=_key_line(text, key, section)) from None
    config = Config(root=root, source=source, rules=Rules(**rules), cadence=default_cadence(**cadence), **settings)
    vault = data.get("vault")
    _check_places(config, set(vault) if isinstance(vault, dict) else set(), text)
    return config


def _lift_top_level(data: dict[str, Any], text: str) -> dict[str, Any]:
    """``touches_per_week = 12`` before any section, read as if it were in its section."""
    lifted = dict(data)
    for key, section in TOP_LEVEL.items():
        if key not in data or isinstance(data[key], dict):
            continue
        table = lifted.get(section)
        if isinstance(table, dict) and key in table:
            raise ConfigError(f"{key} is set twice, at the top and in [{section}]: keep one",
                              path=CONFIG_NAME, line=_key_line(text, key))
        lifted[section] = {**(table if isinstance(table, dict) else {}), key: lifted.pop(key)}
    return lifted


def _section_line(text: str, section: str) -> int | None:
    m = re.search(rf"^\s*\[\s*{re.escape(section)}\s*\]", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _cadence(values: object, text: str) -> dict[str, Duration | None]:
    cadence: dict[str, Duration | None] = {}
    if not isinstance(values, dict):
        raise ConfigError("[cadence] must be a table", path=CONFIG_NAME, line=_section_line(text, "cadence"))
    for tier, value in values.items():
        if tier not in TIERS:
            raise ConfigError(
                f"cadence: unknown tier {tier!r} (known: {', '.join(TIERS)})",
                path=CONFIG_NAME, line=_key_line(text, tier, "cadence"),
            )
        try:
            cadence[tier] = config_duration(value, allow_none=True)
        except ValueError as exc:
            raise ConfigError(f"cadence.{tier}: {exc}", path=CONFIG_NAME,
                              line=_key_line(text, tier, "cadence")) from None
    return cadence


def config_duration(value: object, *, allow_none: bool) -> Duration | None:
    """A duration setting: a string with a unit (``"21d"``), at most 100 years; ``none`` if allowed.

    A bare number is refused rather than guessed at: ``21`` could mean days or weeks."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        raise ValueError(f'{value!r} is a number, not a duration: write it with a unit, in quotes, e.g. "{value}d"')
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is not a duration (use e.g. 10d, 3w, 2m, 1y"
                         f"{' or none' if allow_none else ''})")
    parsed = parse_duration(value)  # a float, a list, a negative number…: it says what is wrong
    if parsed is None:
        if not allow_none:
            raise ValueError("this rule cannot be turned off with 'none'")
        return None
    if parsed.count > MAX_DURATION[parsed.unit]:
        raise ValueError(f"{value!r} is too long: at most 100 years (100y, 1200m, 5217w or 36525d)")
    return parsed


def _relative_place(value: str) -> str:
    """A folder or file setting as a clean ``a/b`` path inside the vault; ValueError otherwise."""
    text = value.strip().replace("\\", "/")
    if not text or PurePosixPath(text).is_absolute() or PureWindowsPath(value.strip()).drive:
        raise ValueError(f"{value!r} must be a relative path inside the vault")
    parts = [part for part in text.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise ValueError(f"{value!r} must be a relative path inside the vault")
    if not parts:
        raise ValueError(f"{value!r} is the vault itself: name a folder or file inside it")
    if any(part.startswith(".") for part in parts):
        raise ValueError(f"{value!r} is a hidden path (a name starting with '.'), which relnotes skips: "
                         "choose a visible one")
    if parts[0].casefold() == CONFIG_NAME:
        raise ValueError(f"{value!r} is the configuration file itself: choose another name")
    return "/".join(parts)


def _within(inner: str, outer: str) -> bool:
    """``inner`` is ``outer`` or lies below it (compared without case, for macOS and Windows)."""
    a, b = inner.casefold().split("/"), outer.casefold().split("/")
    return a[: len(b)] == b


def _check_places(config: Config, written: set[str], text: str) -> None:
    """The drafts and templates folders and the agenda file stay clear of the note folders.

    relnotes never reads them as notes (and writes into them), so overlapping a note folder
    would hide notes, or overwrite one."""
    for key, reason in SKIPPED_PLACES.items():
        place = getattr(config, key)
        for folder_key in NOTE_FOLDERS:
            folder = getattr(config, folder_key)
            if not (_within(place, folder) or _within(folder, place)):
                continue
            # speak of the key the file sets (the other one may be a default)
            subject, other = (key, folder_key) if key in written or folder_key not in written else (folder_key, key)
            mine, theirs = getattr(config, subject), getattr(config, other)
            relation = "is the same as" if _within(mine, theirs) and _within(theirs, mine) else (
                "is inside" if _within(mine, theirs) else "holds")
            advice = "keep it outside the contacts and events folders" if subject == key else \
                f"keep {other} outside it"
            raise ConfigError(f"vault.{subject}: {mine!r} {relation} {other} {theirs!r}, but {reason}: {advice}",
                              path=CONFIG_NAME, line=_key_line(text, subject, "vault"))


def _convert(kind: str, value: object) -> object:
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not true or false")
        return value
    if kind in ("str", "folder", "filename"):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a string")
        if kind == "folder":
            return _relative_place(value)
        if kind == "filename" and "{name}" not in value:
            raise ValueError(f"{value!r} must contain {{name}}")
        return value
    if kind == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{value!r} is not a whole number (0 or more)")
        return value
    if kind == "positive":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{value!r} is not a whole number (1 or more)")
        return value
    if kind == "words":
        if not isinstance(value, list) or not all(isinstance(v, str) and re.fullmatch(r"[A-Za-z][\w/-]*", v)
                                                  for v in value):
            raise ValueError(f"{value!r} is not a list of one-word log kinds (e.g. [\"intro\", \"lunch\"])")
        return tuple(dict.fromkeys(v.lower() for v in value))
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            raise ValueError(f"{value!r} is not a number (0 or more, e.g. 15 or 7.5)")
        return value
    if kind == "duration":
        return config_duration(value, allow_none=False)
    if kind == "days":
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value
        ):
            raise ValueError(f"{value!r} is not a list of positive whole numbers of days")
        if any(v > MAX_DURATION["d"] for v in value):
            raise ValueError(f"{max(value)} days is too long: at most 100 years (36525 days)")
        return tuple(sorted(set(value)))
    if kind == "tiers":
        if not isinstance(value, list) or not all(v in TIERS for v in value):
            raise ValueError(f"{value!r} is not a list of tiers ({', '.join(TIERS)})")
        return tuple(value)
    raise AssertionError(kind)


def defaults_toml() -> str:
    """relnotes.toml with every default written out and commented (for ``relnotes init``)."""
    rules = Rules()
    cadence = Config(root=Path(".")).cadence
    lines = [
        "# relnotes configuration. Every key is optional; the values below are the defaults.",
        "# Reference: docs/configuration.md",
        "",
        "[me]",
        '# name = "Your Name"          # signs drafts, From: of saved .eml files',
        '# email = "you@example.com"',
        '# signature = ""',
        "",
        "[vault]",
        '# contacts_dir = "contacts"    # notes here are contacts',
        '# events_dir = "events"        # notes here are event debriefs',
        '# drafts_dir = "drafts"        # where `relnotes draft --save` writes .eml files',
        '# templates_dir = "templates"  # your own templates override the built-in ones',
        '# agenda_file = "AGENDA.md"    # written by `relnotes agenda` and `relnotes watch`',
        "# daily_notes = true           # YYYY-MM-DD notes that link a contact count as a mention",
        '# filename = "{name}"          # file name of new notes, {name} is the display name',
        "# autocommit = false           # commit every edit when the vault is a git repository",
        "# refresh_agenda = false       # editing commands also rewrite the agenda file",
        "# agenda_limit = 100           # items listed per agenda section (the rest counted); 0 = all",
        "# agenda_introductions = 5     # introductions the agenda suggests (relnotes match); 0 = none",
        "",
        "[cadence]                      # keep-in-touch interval per tier; none = no reminder",
    ]
    for tier in TIERS:
        lines.append(f'# {tier} = "{cadence[tier] or "none"}"')
    lines += ["", "[rules]"]
    for f in fields(Rules):
        value = getattr(rules, f.name)
        if isinstance(value, (int, float)):
            rendered = f"{value:g}"
        elif isinstance(value, tuple):
            rendered = "[" + ", ".join(str(v) if isinstance(v, int) else f'"{v}"' for v in value) + "]"
        else:
            rendered = f'"{value}"'
        lines.append(f"# {f.name} = {rendered}")
    return "\n".join(lines) + "\n"

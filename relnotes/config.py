"""relnotes.toml: every setting with its default, validated; and finding the vault root."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .dates import Duration, parse_duration
from .errors import ConfigError, VaultError

CONFIG_NAME = "relnotes.toml"
TIERS = ("ally", "strategic", "active", "casual")
STATUSES = ("active", "paused", "archived")


def _d(text: str) -> Duration:
    parsed = parse_duration(text)
    assert parsed is not None
    return parsed


@dataclass
class Rules:
    """The follow-up rules' numbers (SPEC section 3)."""

    first_follow_up: Duration = field(default_factory=lambda: _d("1d"))
    first_follow_up_stale: Duration = field(default_factory=lambda: _d("30d"))
    nudge: Duration = field(default_factory=lambda: _d("7d"))
    waiting: Duration = field(default_factory=lambda: _d("7d"))
    review_checkpoints: tuple[int, ...] = (30, 60, 90)
    review_stale: Duration = field(default_factory=lambda: _d("30d"))
    birthday_stale: Duration = field(default_factory=lambda: _d("3d"))
    birthday_tiers: tuple[str, ...] = ("ally", "strategic", "active")
    upcoming: Duration = field(default_factory=lambda: _d("7d"))


@dataclass
class Config:
    root: Path
    contacts_dir: str = "contacts"
    events_dir: str = "events"
    drafts_dir: str = "drafts"
    templates_dir: str = "templates"
    agenda_file: str = "AGENDA.md"
    daily_notes: bool = True
    filename: str = "{name}"
    autocommit: bool = False
    refresh_agenda: bool = False
    me_name: str = ""
    me_email: str = ""
    me_signature: str = ""
    cadence: dict[str, Duration | None] = field(
        default_factory=lambda: {
            "ally": _d("21d"),
            "strategic": _d("45d"),
            "active": _d("90d"),
            "casual": None,
        }
    )
    rules: Rules = field(default_factory=Rules)
    source: Path | None = None

    @property
    def cache_dir(self) -> Path:
        return self.root / ".relnotes"


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
    },
}


def find_root(explicit: str | os.PathLike[str] | None, cwd: Path | None = None) -> Path:
    """--vault, else $RELNOTES_VAULT, else the nearest folder holding relnotes.toml, else cwd."""
    chosen = explicit or os.environ.get("RELNOTES_VAULT") or None
    if chosen:
        root = Path(chosen).expanduser()
        if not root.is_dir():
            raise VaultError(f"vault folder {root} does not exist")
        return root.resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return here


def load_config(root: Path) -> Config:
    config = Config(root=root)
    path = root / CONFIG_NAME
    if not path.is_file():
        return config
    config.source = path
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=CONFIG_NAME) from None
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise ConfigError(f"not valid TOML: {_strip_position(str(exc))}", path=CONFIG_NAME, line=line) from None
    _apply(config, data, text)
    return config


def _toml_error_line(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m[1]) if m else None


def _strip_position(message: str) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)", "", message)


def _key_line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _apply(config: Config, data: dict[str, Any], text: str) -> None:
    for section, values in data.items():
        if section == "cadence":
            _apply_cadence(config, values, text)
            continue
        schema = _SCHEMA.get(section)
        if schema is None:
            raise ConfigError(
                f"unknown section [{section}] (known: {', '.join([*_SCHEMA, 'cadence'])})",
                path=CONFIG_NAME, line=_key_line(text, f"[{section}]") or _section_line(text, section),
            )
        if not isinstance(values, dict):
            raise ConfigError(f"[{section}] must be a table", path=CONFIG_NAME, line=_key_line(text, section))
        for key, value in values.items():
            if key not in schema:
                raise ConfigError(
                    f"unknown key {key!r} in [{section}] (known: {', '.join(schema)})",
                    path=CONFIG_NAME, line=_key_line(text, key),
                )
            attr, kind = schema[key]
            try:
                converted = _convert(kind, value)
            except ValueError as exc:
                raise ConfigError(f"{section}.{key}: {exc}", path=CONFIG_NAME, line=_key_line(text, key)) from None
            target = config.rules if section == "rules" else config
            setattr(target, attr, converted)


def _section_line(text: str, section: str) -> int | None:
    m = re.search(rf"^\s*\[{re.escape(section)}\]", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _apply_cadence(config: Config, values: object, text: str) -> None:
    if not isinstance(values, dict):
        raise ConfigError("[cadence] must be a table", path=CONFIG_NAME, line=_section_line(text, "cadence"))
    for tier, value in values.items():
        if tier not in TIERS:
            raise ConfigError(
                f"cadence: unknown tier {tier!r} (known: {', '.join(TIERS)})",
                path=CONFIG_NAME, line=_key_line(text, tier),
            )
        try:
            config.cadence[tier] = parse_duration(value)
        except ValueError as exc:
            raise ConfigError(f"cadence.{tier}: {exc}", path=CONFIG_NAME, line=_key_line(text, tier)) from None


def _convert(kind: str, value: object) -> object:
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{value!r} is not true or false")
        return value
    if kind in ("str", "folder", "filename"):
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not a string")
        if kind == "folder" and (not value.strip() or Path(value).is_absolute() or ".." in Path(value).parts):
            raise ValueError(f"{value!r} must be a relative path inside the vault")
        if kind == "filename" and "{name}" not in value:
            raise ValueError(f"{value!r} must contain {{name}}")
        return value
    if kind == "duration":
        parsed = parse_duration(value)
        if parsed is None:
            raise ValueError("this rule cannot be turned off with 'none'")
        return parsed
    if kind == "days":
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in value
        ):
            raise ValueError(f"{value!r} is not a list of positive whole numbers of days")
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
        "",
        "[cadence]                      # keep-in-touch interval per tier; none = no reminder",
    ]
    for tier in TIERS:
        lines.append(f'# {tier} = "{cadence[tier] or "none"}"')
    lines += ["", "[rules]"]
    for f in fields(Rules):
        value = getattr(rules, f.name)
        if isinstance(value, tuple):
            rendered = "[" + ", ".join(str(v) if isinstance(v, int) else f'"{v}"' for v in value) + "]"
        else:
            rendered = f'"{value}"'
        lines.append(f"# {f.name} = {rendered}")
    return "\n".join(lines) + "\n"

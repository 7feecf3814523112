"""Drafts from Jinja templates: finding templates, the sandbox, rendering, errors, output. No Click.

A template is a Jinja file with its own YAML front matter for the headers (``subject``,
``to``, ``cc``; ``description`` for ``relnotes templates list``). ``NAME.eml.j2`` renders
an email, ``NAME.md.j2`` a Markdown document. The vault's templates folder overrides a
built-in template of the same name. What a template sees (the context and the filters) is
built in :mod:`relnotes.drafts.context` and :mod:`relnotes.drafts.filters`; the sandbox and its
limits are :mod:`relnotes.drafts.sandbox`; docs/templates.md documents them.

Messages and ``--json`` name a vault template by its path in the vault (``templates/nudge.eml.j2``)
and a built-in one as ``builtin:nudge.eml.j2``. A vault template (or include) whose real path is
outside the vault, through a link, is refused; a template name is a plain name.
"""

from __future__ import annotations

import os
import re
import traceback
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import frontmatter
import jinja2
import yaml

import relnotes
from relnotes.core.model import DueItem
from relnotes.core.settings import Config
from relnotes.drafts.filters import View, filters
from relnotes.drafts.mail import (
    Recipient,
    build_message,
    check_address,
    clean_header,
    display,
    mailto_url,
    parse_recipients,
    save_new,
    slug,
    why,
)
from relnotes.drafts.sandbox import LimitedSandbox
from relnotes.errors import RelnotesError, TemplateError, WriteError
from relnotes.vault.files import create_note

SUFFIXES = {".eml.j2": "eml", ".md.j2": "md"}
HEADER_KEYS = ("subject", "to", "cc")
BUILTIN = "builtin:"  # how messages and --json name a built-in template: builtin:nudge.eml.j2
MAX_NAME = 240  # bytes in a template name, so that NAME.eml.j2 fits in a file name
OUTSIDE = "leads outside the vault through a link"


@dataclass(frozen=True)
class TemplateFile:
    name: str  # "nudge"
    path: Path
    format: str  # "eml" or "md"
    origin: str  # "vault" or "built-in"
    display: str  # as messages and --json name it: templates/nudge.eml.j2, builtin:nudge.eml.j2
    refused: str | None = None  # why it is not read (a link out of the vault), else None

    @property
    def filename(self) -> str:
        return self.path.name


@dataclass
class Rendered:
    """One rendered draft. ``to``/``cc`` are (display name, address) pairs, already checked."""

    template: TemplateFile
    subject: str
    to: list[Recipient]
    cc: list[Recipient]
    body: str
    warnings: list[str] = field(default_factory=list)

    @property
    def is_email(self) -> bool:
        return self.template.format == "eml"


def builtin_dir() -> Path:
    """The wheel's ``relnotes/templates``, else the source checkout's ``templates/``."""
    package = Path(relnotes.__file__).parent
    inside = package / "templates"
    return inside if inside.is_dir() else package.parent / "templates"


def vault_dir(config: Config) -> Path:
    return config.root / config.templates_dir


def _name_of(filename: str) -> tuple[str, str] | None:
    for suffix, fmt in SUFFIXES.items():
        if filename.endswith(suffix) and len(filename) > len(suffix) and not filename.startswith((".", "_")):
            return filename[: -len(suffix)], fmt
    return None


def _files_in(folder: Path, origin: str, config: Config | None) -> dict[str, TemplateFile]:
    found: dict[str, TemplateFile] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        parsed = _name_of(path.name)
        if parsed is None or not path.is_file() or parsed[0] in found:
            continue
        found[parsed[0]] = _template_file(path, parsed, origin, config)
    return found


def _template_file(path: Path, parsed: tuple[str, str], origin: str, config: Config | None) -> TemplateFile:
    if origin != "vault" or config is None:
        return TemplateFile(parsed[0], path, parsed[1], origin, BUILTIN + path.name)
    refused = None if inside_vault(path, config) else f"{OUTSIDE}; relnotes does not read it"
    return TemplateFile(parsed[0], path, parsed[1], origin, _display(path, config), refused)


def inside_vault(path: Path, config: Config) -> bool:
    """Whether ``path``, its links followed, is in the vault."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(config.root))


def _display(path: Path, config: Config) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def _stays_in_folder(name: str) -> bool:
    """A file name with no folder in it, not hidden, without control characters."""
    return (bool(name) and not name.startswith(".") and "/" not in name and "\\" not in name
            and not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name))


def check_name(name: str) -> str:
    """``name`` when it is a plain template name (what ``templates copy`` may create); else TemplateError."""
    if not _stays_in_folder(name) or name.startswith("_") or ".." in name:
        raise TemplateError(f"{name!r} is not a template name: use a plain name such as 'coffee' "
                            "(no '/', '\\', '..' or control characters; not starting with '.' or '_')")
    if len(name.encode("utf-8")) > MAX_NAME:
        raise TemplateError(f"{name[:20] + '…'!r} is too long for a template name (at most {MAX_NAME} bytes)")
    return name


def list_templates(config: Config | None) -> list[tuple[TemplateFile, bool]]:
    """Every template by name, the vault's first; ``True`` when it overrides a built-in one.

    With no vault (``config`` None: ``templates list`` run outside one), the built-in ones."""
    builtin = _files_in(builtin_dir(), "built-in", config)
    own = _files_in(vault_dir(config), "vault", config) if config is not None else {}
    merged = {**builtin, **own}
    return [(merged[name], name in own and name in builtin) for name in sorted(merged)]


def builtin_template(config: Config, name: str) -> TemplateFile:
    found = _files_in(builtin_dir(), "built-in", config)
    if name not in found:
        raise TemplateError(f"no built-in template called {name!r} (built-in: {', '.join(sorted(found))})")
    return found[name]


def find_template(config: Config | None, name: str) -> TemplateFile:
    """The vault's template NAME, else the built-in one; TemplateError naming both places.

    With no vault (``config`` None), only the built-in ones."""
    for tf, _ in list_templates(config):
        if tf.name == name:
            return tf
    names = ", ".join(tf.name for tf, _ in list_templates(config))
    where = f"in {config.templates_dir}/ or the built-in ones" if config is not None else "among the built-in ones"
    raise TemplateError(f"no template called {name!r} {where} ({names})")


def split_template(text: str, display: str) -> tuple[dict[str, Any], str, dict[str, int]]:
    """(front matter, body with the front matter blanked so line numbers match, key → line)."""
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return {}, text, {}
    try:
        fm, content = handler.split(text)
    except ValueError:
        raise TemplateError("front matter opened with --- is never closed", path=display, line=1) from None
    first = 1 if fm.startswith("\n") else 2  # the file line of fm's first line
    try:
        meta = handler.load(fm) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise TemplateError(f"front matter is not valid YAML ({problem})", path=display,
                            line=first + mark.line if mark is not None else 1) from None
    if not isinstance(meta, dict):
        raise TemplateError("front matter is not a set of 'key: value' lines", path=display, line=1)
    offset = text[: len(text) - len(content)].count("\n")
    lines = {}
    for number, line in enumerate(fm.split("\n"), first):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m and m[1] not in lines:
            lines[m[1]] = number
    return meta, "\n" * offset + content, lines


def template_text(tf: TemplateFile, encoding: str = "utf-8") -> str:
    """The template file's text (``templates show``); TemplateError when it is refused or unreadable."""
    if tf.refused:
        raise TemplateError(tf.refused, path=tf.display)
    try:
        return tf.path.read_text(encoding=encoding)
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read this template ({exc})", path=tf.display) from None


def read_template(tf: TemplateFile) -> tuple[dict[str, Any], str, dict[str, int]]:
    text = template_text(tf, "utf-8-sig").replace("\r\n", "\n")
    return split_template(text, tf.display)


class _Loader(jinja2.BaseLoader):
    """A template by name (``nudge``) or by file name (``nudge.eml.j2``, ``_signature.j2``).

    The vault's templates folder first, then the built-in one; never a path (no ``/``).
    """

    def __init__(self, config: Config) -> None:
        self.config = config

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if not _stays_in_folder(template):
            raise jinja2.TemplateNotFound(template)
        found = [_template_file(folder / template, (template, ""), origin, self.config)
                 for origin, folder in (("vault", vault_dir(self.config)), ("built-in", builtin_dir()))
                 if (folder / template).is_file()]
        if not found:
            try:
                found = [find_template(self.config, template)]
            except TemplateError:
                raise jinja2.TemplateNotFound(template) from None
        _, body, _ = read_template(found[0])
        return body, str(found[0].path), _unchanged(found[0].path)


def display_path(filename: str, config: Config) -> str | None:
    """A template file as messages name it (relative to the vault, or builtin:NAME), or None when it is no template."""
    path = Path(filename)
    if path.parent == vault_dir(config):
        return _display(path, config)
    return BUILTIN + path.name if path.parent == builtin_dir() else None


def _unchanged(path: Path) -> Callable[[], bool]:
    mtime = path.stat().st_mtime_ns
    return lambda: path.is_file() and path.stat().st_mtime_ns == mtime


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose message names the context object: "'contact' has no attribute 'x'"."""

    @property
    def _undefined_message(self) -> str:
        obj = self._undefined_obj
        if isinstance(obj, View):
            return f"{obj._label!r} has no attribute {self._undefined_name!r}"
        return str(super()._undefined_message)


def make_env(config: Config, today: date) -> LimitedSandbox:
    env = LimitedSandbox(
        loader=_Loader(config), undefined=_Undefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(filters(today))
    env.guard_filters()
    return env


def _template_line(exc: BaseException, config: Config) -> tuple[str | None, int | None]:
    """The (file as shown, line) of the innermost template frame in the traceback."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        shown = display_path(frame.filename, config) if frame.filename.endswith(".j2") else None
        if shown is not None:
            found = (shown, frame.lineno)
    return found


def _error(exc: Exception, tf: TemplateFile, config: Config, *, header: str | None = None,
           header_line: int | None = None) -> TemplateError:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        if header is not None:
            return TemplateError(f"template syntax error: {exc.message} (in {header})", path=tf.display,
                                 line=header_line)
        where = display_path(exc.filename or "", config) or tf.display
        return TemplateError(f"template syntax error: {exc.message}", path=where, line=exc.lineno)
    message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
    if not isinstance(exc, jinja2.TemplateError):
        message = f"{type(exc).__name__}: {message}"
    if header is not None:
        return TemplateError(f"{message} (in {header})", path=tf.display, line=header_line)
    shown, line = _template_line(exc, config)
    if shown is None:  # e.g. the output grew too long: no template frame, the line comes with the error
        line = getattr(exc, "template_line", None)
    return TemplateError(message, path=shown or tf.display, line=line)


def render(env: LimitedSandbox, tf: TemplateFile, context: dict[str, Any]) -> Rendered:
    """Render ``tf`` with ``context``; any failure is a one-line TemplateError naming file and line.

    Each call has its own budget of steps and seconds (:mod:`relnotes.drafts.sandbox`).
    """
    config: Config = env.loader.config  # type: ignore[union-attr]
    meta, _, key_lines = read_template(tf)
    env.budget.start()
    try:
        body = env.render_limited(env.get_template(tf.filename), context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"included template {exc.name!r} not found", path=tf.display) from None
    except RelnotesError:  # an include refused: it says which file
        raise
    except Exception as exc:  # every template failure becomes one line
        raise _error(exc, tf, config) from None
    headers: dict[str, list[str]] = {}
    for key in HEADER_KEYS:
        raw = meta.get(key, "{{ contact | address }}" if key == "to" and "contact" in context else "")
        items = raw if isinstance(raw, list) else [raw]
        headers[key] = [_render_header(env, tf, config, key, key_lines.get(key), str(item), context)
                        for item in items if item is not None]
    draft = Rendered(tf, clean_header(" ".join(headers["subject"])), [], [], tidy_body(body))
    draft.to = parse_recipients(headers["to"], "To", draft.warnings)
    draft.cc = parse_recipients(headers["cc"], "Cc", draft.warnings)
    return draft


def _render_header(env: LimitedSandbox, tf: TemplateFile, config: Config, key: str, line: int | None,
                   source: str, context: dict[str, Any]) -> str:
    try:
        return clean_header(env.render_limited(env.from_string(source), context))
    except RelnotesError:
        raise
    except Exception as exc:  # likewise, naming the header
        raise _error(exc, tf, config, header=key, header_line=line) from None


def tidy_body(body: str) -> str:
    """No leading blank lines, no trailing spaces, at most one blank line in a row, a final newline."""
    out: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n"):
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


# --- a rendered draft: warnings, display, JSON, mailto, saving ---------------------------------

def warnings_for(draft: Rendered, about: str) -> list[str]:
    """What to warn about a draft for ``about``: addresses left out, or an email with no To: at all."""
    out = [f"{about}: {warning}" for warning in draft.warnings]
    if draft.is_email and not draft.to and not draft.warnings:
        out.append(f"{about} has no email address; To: is empty")
    return out


def show(draft: Rendered) -> str:
    """A draft for people: To/Cc/Subject lines and the body (a Markdown document: its body only)."""
    if not draft.is_email:
        return draft.body
    lines = [f"To: {display(draft.to)}".rstrip()]
    if draft.cc:
        lines.append(f"Cc: {display(draft.cc)}")
    lines.append(f"Subject: {draft.subject}".rstrip())
    return "\n".join(lines) + "\n\n" + draft.body


def to_dict(draft: Rendered, who: str, item: DueItem | None, saved: str | None) -> dict[str, Any]:
    """The ``--json`` form of a draft (documented in docs/templates.md)."""
    return {"contact": who, "kind": draft.template.name, "template": draft.template.display,
            "format": draft.template.format, "to": [display([p]) for p in draft.to],
            "cc": [display([p]) for p in draft.cc], "subject": draft.subject, "body": draft.body,
            "due": item.due.isoformat() if item else None, "reason": item.reason if item else None, "saved": saved}


def mailto(draft: Rendered) -> str:
    if not draft.is_email:
        raise TemplateError(f"{draft.template.name} is a Markdown document, not an email; use --save instead",
                            path=draft.template.display)
    return mailto_url(draft.subject, draft.to, draft.cc, draft.body)


def sender_of(config: Config) -> Recipient | None:
    """``[me]`` as the From of a saved email; None when its email is not set or not an address."""
    if not config.me_email or check_address(config.me_email):
        return None
    return config.me_name, config.me_email


def save_draft(config: Config, today: date, draft: Rendered, stem_name: str) -> str:
    """Write drafts/DATE-NAME-TEMPLATE.eml (or .md), never overwriting; the path as messages show it."""
    stem = f"{today.isoformat()}-{slug(stem_name)}-{draft.template.name}"
    folder = make_folder(config, "drafts_dir")
    if not draft.is_email:
        return _display(save_new(folder, stem, ".md", draft.body, config.drafts_dir, config.root), config)
    when = datetime.combine(today, datetime.now().astimezone().timetz())
    message = build_message(draft.subject, draft.to, draft.cc, draft.body, sender_of(config), when)
    return _display(save_new(folder, stem, ".eml", message.decode("utf-8"), config.drafts_dir, config.root), config)


def make_folder(config: Config, key: str) -> Path:
    """The vault's drafts or templates folder (``key`` is its setting), made when missing.

    RelnotesError, one line, when a file is in the way or the folder cannot be made.
    """
    rel = getattr(config, key)
    folder = config.root / rel
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        path = config.root
        for part in Path(rel).parts:
            path = path / part
            if os.path.lexists(path) and not path.is_dir():
                raise WriteError(f"{_display(path, config)}: is a file, not a folder; move it away, "
                                    f"or set [vault] {key} in relnotes.toml") from None
        raise WriteError(f"cannot make the folder {rel} ({exc.strerror or exc})") from None
    return folder


# --- templates list / show / copy --------------------------------------------------------------

def template_rows(config: Config | None, warnings: list[str]) -> list[dict[str, Any]]:
    """``relnotes templates list --json``: name, format, origin, overrides, path, description.

    A template that is refused is listed with no description, and a warning.
    """
    rows = []
    for tf, overrides in list_templates(config):
        description = ""
        if tf.refused:
            warnings.append(f"{tf.display}: {tf.refused}")
        else:
            description = str(read_template(tf)[0].get("description", ""))
        rows.append({"name": tf.name, "format": tf.format, "origin": tf.origin, "overrides": overrides,
                     "path": tf.display, "description": description})
    return rows


def copy_template(config: Config, name: str, new_name: str | None) -> str:
    """Copy built-in template NAME into the vault (as NEW_NAME); never overwrites. The new file's path."""
    source = builtin_template(config, name)
    target_name = check_name(new_name or name) + source.filename[len(name):]
    rel = f"{config.templates_dir}/{target_name}"
    exists = TemplateError(f"{rel} already exists; edit it, or remove it to copy the built-in one again")
    folder = make_folder(config, "templates_dir")
    if not inside_vault(folder, config):
        raise TemplateError(f"{OUTSIDE}; relnotes does not write there", path=config.templates_dir)
    target = folder / target_name
    if os.path.lexists(target):
        raise exists
    try:
        create_note(target, source.path.read_bytes().decode("utf-8"), root=config.root)
    except RelnotesError as exc:
        if os.path.lexists(target):
            raise exists from None
        raise TemplateError(f"cannot copy the template ({why(exc)}); nothing was written", path=rel) from None
    return rel

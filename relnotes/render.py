"""Drafts from Jinja templates: finding templates, the sandbox, the context, filters. No Click.

A template is a Jinja file with its own YAML front matter for the headers (``subject``,
``to``, ``cc``; ``description`` for ``relnotes templates list``). ``NAME.eml.j2`` renders
an email, ``NAME.md.j2`` a Markdown document. The vault's templates folder overrides a
built-in template of the same name. The context is documented in docs/templates.md.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import frontmatter
import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

import relnotes

from .config import Config
from .dates import humane, parse_iso
from .eml import Recipient, clean_header, parse_recipients, quote_address
from .errors import TemplateError
from .index import Index
from .markdown import HEADING, TASK_LINE, WIKILINK, link_target, split_front_matter
from .model import Contact, DueItem, Event, LogEntry, Task
from .parse import load_yaml
from .profile import cadence_of
from .timeline import latest_meeting, meetings, touchpoints, value_exchanged

SUFFIXES = {".eml.j2": "eml", ".md.j2": "md"}
HEADER_KEYS = ("subject", "to", "cc")


@dataclass(frozen=True)
class TemplateFile:
    name: str  # "nudge"
    path: Path
    format: str  # "eml" or "md"
    origin: str  # "vault" or "built-in"
    display: str  # the path shown in messages

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


def _files_in(folder: Path, origin: str, config: Config) -> dict[str, TemplateFile]:
    found: dict[str, TemplateFile] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        parsed = _name_of(path.name)
        if parsed is None or not path.is_file() or parsed[0] in found:
            continue
        display = _display(path, config) if origin == "vault" else str(path)
        found[parsed[0]] = TemplateFile(parsed[0], path, parsed[1], origin, display)
    return found


def _display(path: Path, config: Config) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def list_templates(config: Config) -> list[tuple[TemplateFile, bool]]:
    """Every template by name, the vault's first; ``True`` when it overrides a built-in one."""
    builtin = _files_in(builtin_dir(), "built-in", config)
    own = _files_in(vault_dir(config), "vault", config)
    merged = {**builtin, **own}
    return [(merged[name], name in own and name in builtin) for name in sorted(merged)]


def builtin_template(config: Config, name: str) -> TemplateFile:
    found = _files_in(builtin_dir(), "built-in", config)
    if name not in found:
        raise TemplateError(f"no built-in template called {name!r} (built-in: {', '.join(sorted(found))})")
    return found[name]


def find_template(config: Config, name: str) -> TemplateFile:
    """The vault's template NAME, else the built-in one; TemplateError naming both places."""
    for tf, _ in list_templates(config):
        if tf.name == name:
            return tf
    names = ", ".join(tf.name for tf, _ in list_templates(config))
    raise TemplateError(f"no template called {name!r} in {config.templates_dir}/ or the built-in ones ({names})")


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


def read_template(tf: TemplateFile) -> tuple[dict[str, Any], str, dict[str, int]]:
    try:
        text = tf.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"cannot read this template ({exc})", path=tf.display) from None
    return split_template(text, tf.display)


class _Loader(jinja2.BaseLoader):
    """A template by name (``nudge``) or by file name (``nudge.eml.j2``, ``_signature.j2``).

    The vault's templates folder first, then the built-in one; never a path (no ``/``).
    """

    def __init__(self, config: Config) -> None:
        self.config = config

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if "/" in template or "\\" in template or template.startswith("."):
            raise jinja2.TemplateNotFound(template)
        found = [folder / template for folder in (vault_dir(self.config), builtin_dir())
                 if (folder / template).is_file()]
        if not found:
            try:
                found = [find_template(self.config, template).path]
            except TemplateError:
                raise jinja2.TemplateNotFound(template) from None
        path = found[0]
        tf = TemplateFile(path.name, path, "", "", display_path(str(path), self.config) or str(path))
        _, body, _ = read_template(tf)
        return body, str(path), _unchanged(path)


def display_path(filename: str, config: Config) -> str | None:
    """A template file as messages name it (relative to the vault), or None when it is no template."""
    path = Path(filename)
    if path.parent == vault_dir(config):
        return _display(path, config)
    return filename if path.parent == builtin_dir() else None


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


def make_env(config: Config, today: date) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=_Loader(config), undefined=_Undefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(filters(today))
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
    return TemplateError(message, path=shown or tf.display, line=line)


def render(env: SandboxedEnvironment, tf: TemplateFile, context: dict[str, Any]) -> Rendered:
    """Render ``tf`` with ``context``; any failure is a one-line TemplateError naming file and line."""
    config: Config = env.loader.config  # type: ignore[union-attr]
    meta, _, key_lines = read_template(tf)
    try:
        body = env.get_template(tf.filename).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"included template {exc.name!r} not found", path=tf.display) from None
    except Exception as exc:  # noqa: BLE001 - every template failure becomes one line
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


def _render_header(env: SandboxedEnvironment, tf: TemplateFile, config: Config, key: str, line: int | None,
                   source: str, context: dict[str, Any]) -> str:
    try:
        return clean_header(env.from_string(source).render(context))
    except Exception as exc:  # noqa: BLE001
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


# --- the context -------------------------------------------------------------------------

class View:
    """Read-only attributes for templates. ``{{ contact }}`` prints its text (the name)."""

    def __init__(self, _label: str, _text: str = "", **values: Any) -> None:
        self.__dict__.update(values)
        self._label = _label
        self._text = _text

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"<{self._label} {self._text!r}>"

    if TYPE_CHECKING:
        def __getattr__(self, name: str) -> Any: ...


@dataclass
class Ghost:
    """Someone listed in an event's ``people`` who has no contact note yet."""

    name: str
    event: Event


Who = Contact | Ghost
LINK = re.compile(r"!?\[\[([^\[\]\n]+?)\]\]")
VALUE_TAGS = re.compile(r"(?<![\w/])#(?:gave|got)(?:/[\w-]+)?|(?<![\w/])#waiting\b", re.IGNORECASE)
HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "prof", "sir", "dame"}
STOPWORDS = {"with", "from", "that", "this", "help", "their", "your", "about", "into", "some", "more", "other",
             "intro", "intros", "introduction", "introductions", "who", "can", "the"}
SEND_VERBS = re.compile(r"^(?:send|share|forward|email|mail|give|pass on|pass along|dig up|find)\s+", re.IGNORECASE)
PRONOUNS = {"they": "you", "he": "you", "she": "you", "them": "you", "him": "you", "their": "your", "his": "your",
            "theirs": "yours", "hers": "yours", "themselves": "yourself", "himself": "yourself",
            "herself": "yourself", "they're": "you're", "he's": "you're", "she's": "you're", "they've": "you've",
            "they'll": "you'll", "he'll": "you'll", "she'll": "you'll", "they'd": "you'd", "he'd": "you'd",
            "she'd": "you'd"}
VERBS = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't", "isn't": "aren't",
         "wasn't": "weren't", "hasn't": "haven't"}
OBJECT_NEXT = {"about", "to", "for", "with", "that", "the", "a", "an", "and", "in", "on", "at", "if", "when", "why",
               "how", "what", "know", "back", "up", "out", "again"}
SUBJECT = re.compile(r"^(?:they|he|she)\s+(?:to|will|would|offered to|said (?:they|he|she)'d|wants to|can)\s+",
                     re.IGNORECASE)


def plain(text: object) -> str:
    """Wikilinks unwrapped (``[[Jane Doe|Jane]]`` → ``Jane``), ``#gave``/``#got``/``#waiting`` removed."""
    def unwrap(m: re.Match[str]) -> str:
        inner = m[1]
        return inner.split("|", 1)[1].strip() if "|" in inner else link_target(inner)

    return " ".join(VALUE_TAGS.sub("", LINK.sub(unwrap, str(text or ""))).split())


def first_name(value: object) -> str:
    """``Dr. Jane Doe`` → ``Jane``; ``Doe, Jane`` → ``Jane``; a contact → its first name."""
    if isinstance(value, View):
        return str(getattr(value, "first_name", value))
    text = str(value or "")
    if "," in text:
        text = text.split(",", 1)[1]
    words = text.split()
    while len(words) > 1 and words[0].rstrip(".").casefold() in HONORIFICS:
        words = words[1:]
    return words[0] if words else ""


def second_person(text: object) -> str:
    """Notes about them, said to them: ``she is hiring; intro to their CTO`` → ``you are hiring; intro to your CTO``."""
    out = re.sub(r"\b(he|she)\s+([A-Za-z']+)", lambda m: f"{_same_case(m[1], 'you')} {_verb(m[2])}", str(text or ""),
                 flags=re.IGNORECASE)
    out = re.sub(r"\b(her)\b(\s+([A-Za-z']+))?", _her, out, flags=re.IGNORECASE)
    words = "|".join(sorted((re.escape(w) for w in PRONOUNS), key=len, reverse=True))
    return re.sub(rf"\b({words})\b", lambda m: _same_case(m[0], PRONOUNS[m[0].casefold()]), out,
                  flags=re.IGNORECASE)


def _verb(word: str) -> str:
    """``thinks`` → ``think``, ``is`` → ``are``: the verb after he/she, said to "you"."""
    low = word.casefold()
    if low in VERBS:
        return VERBS[low]
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "oes", "zes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith(("ss", "us", "'s")) and len(low) > 2:
        return word[:-1]
    return word


def _her(m: re.Match[str]) -> str:
    following = (m[3] or "").casefold()
    word = "your" if following and following not in OBJECT_NEXT else "you"
    return _same_case(m[1], word) + (m[2] or "")


def _same_case(original: str, new: str) -> str:
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def join_and(items: object, word: str = "and") -> str:
    parts = [str(i) for i in (items or []) if str(i)]  # type: ignore[attr-defined]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {word} {parts[-1]}" if parts else ""


def address(value: object) -> str:
    """A contact → ``Jane Doe <jane@example.com>`` ("" without an email); text stays as it is."""
    if isinstance(value, View):
        email = getattr(value, "email", None)
        return quote_address(value.name, email) if email else ""  # type: ignore[attr-defined]
    return str(value or "")


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return parse_iso(str(value)) if value else None


def filters(today: date) -> dict[str, Callable[..., Any]]:
    def since(value: object) -> str:
        """How long ago, without "ago": ``5 days``, ``3 weeks``, ``2 months``."""
        d = _as_date(value)
        days = abs((today - d).days) if d else 0
        if days < 14:
            return "1 day" if days == 1 else f"{days} days"
        return f"{days // 7} weeks" if days < 60 else f"{days // 30} months" if days < 730 else f"{days // 365} years"

    def ago(value: object) -> str:
        d = _as_date(value)
        if d is None:
            return ""
        days = (today - d).days
        if days in (0, 1, -1):
            return {0: "today", 1: "yesterday", -1: "tomorrow"}[days]
        return f"{since(d)} ago" if days > 0 else f"in {since(d)}"

    def when(value: object) -> str:
        d = _as_date(value)
        if d is None:
            return ""
        days = (today - d).days
        if days in (0, 1, -1):
            return {0: "today", 1: "yesterday", -1: "tomorrow"}[days]
        return f"on {d.strftime('%A')}" if abs(days) < 7 else f"on {humane(d, today)}"

    return {
        "first_name": first_name, "plain": plain, "second_person": second_person, "join_and": join_and,
        "address": address, "ago": ago, "since": since, "when": when,
        "humane": lambda v: humane(d, today) if (d := _as_date(v)) else "",
        "weekday": lambda v: d.strftime("%A") if (d := _as_date(v)) else "",
        "capfirst": lambda v: str(v or "")[:1].upper() + str(v or "")[1:],
        "lowerfirst": lambda v: str(v or "")[:1].lower() + str(v or "")[1:],
    }


def event_name(title: str) -> str:
    """``2026-11-20 Atlanta Tech Mixer`` → ``Atlanta Tech Mixer``."""
    return re.sub(r"^\d{4}-\d{2}-\d{2}[\s_:–—-]*", "", title).strip() or title


def event_view(event: Event | None) -> View | None:
    if event is None:
        return None
    people = [c.name for c in event.people_contacts] + list(event.ghosts)
    return View("event", event_name(event.title), title=event.title, name=event_name(event.title), date=event.date,
                purpose=event.purpose, goal=event.goal, format=event.format, rating=event.rating,
                file=event.path, people=people)


def _about(name: str, role: str | None, company: str | None) -> dict[str, str]:
    headline = ", ".join(x for x in (role, company) if x)
    return {"headline": headline, "about": f"{name} ({headline})" if headline else name}


def person_view(contact: Contact, where: str | None = None) -> View:
    return View("person", contact.name, name=contact.name, first_name=first_name(contact.name), email=contact.email,
                company=contact.company, role=contact.role, tier=contact.tier, file=contact.path,
                needs=list(contact.needs), offers=list(contact.offers), where=where,
                **_about(contact.name, contact.role, contact.company))


def entry_view(entry: LogEntry) -> View:
    text = plain(entry.text)
    return View("log entry", f"{entry.date} {entry.kind}: {text}", date=entry.date, kind=entry.kind, text=text,
                topic=_topic(entry), raw=entry.text, gave=list(entry.gave), got=list(entry.got), line=entry.line,
                is_touchpoint=entry.is_touchpoint)


def task_view(task: Task, event: Event | None, names: list[str], others: list[View] | None = None) -> View:
    """A task; ``thing`` is what to send (``Send Jane the deck`` → ``the deck``), ``action`` what to do."""
    text = plain(task.text)
    lead = sorted([*names, *(first_name(n) for n in names), "them", "her", "him"], key=len, reverse=True)
    thing = ""
    if SEND_VERBS.match(text):
        rest = SEND_VERBS.sub("", text, count=1)
        thing = next((rest[len(n) + 1:] for n in lead if rest.casefold().startswith(n.casefold() + " ")), rest)
    action = text
    for name in lead:
        if action.casefold().startswith(name.casefold() + " "):
            action = "they " + action[len(name) + 1:]
            break
    action = SUBJECT.sub("", action, count=1)
    return View("task", text, text=text, thing=thing.strip(), action=action[:1].lower() + action[1:],
                is_intro=bool(re.match(r"intro(?:duce)?\b", text, re.IGNORECASE)), people=others or [],
                raw=task.raw.strip(), status=task.status, due=task.due, done_on=task.done_on,
                waiting=task.waiting, mine=not task.waiting, from_event=event.title if event else None,
                line=task.line)


def _read(root: Path, rel: str) -> str:
    try:
        return (root / rel).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def front_matter(root: Path, rel: str) -> dict[str, Any]:
    """A note's whole front matter as YAML reads it, unknown keys included."""
    try:
        yaml_text, _, _ = split_front_matter(_read(root, rel).replace("\r\n", "\n"))
        data = load_yaml(yaml_text) if yaml_text else {}
    except (ValueError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def debrief_lines(root: Path, event: Event, is_them: Callable[[str], bool], names: list[str]) -> list[str]:
    """Lines of an event note about this person: lines that link them, and lines under a heading that does."""
    text = _read(root, event.path).replace("\r\n", "\n")
    try:
        _, _, body_line = split_front_matter(text)
    except ValueError:
        return []
    out: list[str] = []
    section: int | None = None  # heading level of a section about them
    for line in text.split("\n")[body_line - 1:]:
        heading = HEADING.match(line)
        if heading:
            level = len(heading[1])
            section = level if _links_them(line, is_them) else (None if section is None or level <= section else section)
            continue
        if TASK_LINE.match(line) or not line.strip() or line.lstrip().startswith((">", "![[")):
            continue
        if section is not None or _links_them(line, is_them):
            out.append(_strip_name(line, names))
    return [line for line in out if line]


def _links_them(line: str, is_them: Callable[[str], bool]) -> bool:
    return any(not m[1] and is_them(link_target(m[2])) for m in WIKILINK.finditer(line))


def _strip_name(line: str, names: list[str]) -> str:
    text = plain(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line))
    for name in sorted(names, key=len, reverse=True):
        if text.casefold().startswith(name.casefold()):
            text = text[len(name):].lstrip(" :,;—–-")
            break
    return text


def _topic(entry: LogEntry) -> str:
    text = re.sub(r"^\s*(?:at|@)\s+\[\[[^\]]*\]\]\s*[,;:—–-]*\s*", "", entry.text)
    return plain(text)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z]+", text.casefold()) if len(w) >= 4 and w not in STOPWORDS}


def matches(need: str, offer: str) -> bool:
    """Equal, one inside the other, or two words in common (one when a side has one word; 5-letter stems)."""
    a, b = need.casefold().strip(), offer.casefold().strip()
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    sa, sb = _stems(a), _stems(b)
    shared = len(sa & sb)
    return shared >= 2 or (shared == 1 and min(len(sa), len(sb)) == 1)


def intro_ideas(index: Index, who: Who, needs: list[str]) -> list[View]:
    """Other contacts whose ``offers`` match one of these ``needs``."""
    out: list[View] = []
    for need in needs:
        for other in index.contacts:
            if other is who or other.status != "active":
                continue
            offer = next((o for o in other.offers if matches(need, o)), None)
            if offer is not None:
                out.append(View("intro idea", f"{other.name}: {offer}", need=need, offer=offer,
                                person=person_view(other)))
    return out[:5]


def _events_of(who: Who) -> list[Event]:
    if isinstance(who, Ghost):
        return [who.event]
    found = list(who.events) + ([who.met_at_event] if who.met_at_event else [])
    unique = {e.path: e for e in found}
    return sorted(unique.values(), key=lambda e: (e.date or date.min, e.title))


def mutual(who: Who, events: list[Event], index: Index) -> list[View]:
    """Contacts met at the same events."""
    seen: dict[str, View] = {}
    for event in events:
        others = list(event.people_contacts) + [c for c in index.contacts if c.met_at_event is event]
        for other in others:
            if other is not who and other.path not in seen:
                seen[other.path] = person_view(other, event_name(event.title))
    return sorted(seen.values(), key=lambda v: v.name.casefold())


def _blank(name: str) -> dict[str, Any]:
    """Every contact key with its empty value, so a template works for someone with no note."""
    empty: dict[str, Any] = {key: None for key in (
        "email", "phone", "company", "role", "location", "linkedin", "website", "tier", "cadence", "birthday",
        "birth_year", "met", "met_at", "uid", "follow_up", "follow_up_note", "snooze_until", "file", "first_met",
        "last_met", "event", "last_contact", "last_contact_kind", "days_since", "last_exchange", "last_sent",
        "last_received")}
    empty.update({key: [] for key in (
        "aliases", "emails", "phones", "tags", "needs", "offers", "events", "log", "recent", "timeline", "gave",
        "got", "value_given", "value_received", "open_tasks", "promises", "waiting_on", "topics", "debrief",
        "mutual", "intro_ideas")})
    empty.update({"name": name, "first_name": first_name(name), "status": "active", "fields": {},
                  "has_note": False, "how_met": "", "headline": "", "about": name})
    return empty


def contact_view(index: Index, who: Who, today: date) -> View:
    root = index.config.root
    if isinstance(who, Ghost):
        values = _blank(who.name)
        names = [who.name]
        values.update(_meeting_values(index, who, [who.event], today, root, names))
        return View("contact", who.name, **values)
    c = who
    names = [c.name, *c.aliases, c.note.stem]
    values = _blank(c.name)
    values.update(
        aliases=list(c.aliases), email=c.email, emails=list(c.emails), phone=c.phones[0] if c.phones else None,
        phones=list(c.phones), company=c.company, role=c.role, location=c.location, linkedin=c.linkedin,
        website=c.website, tags=list(c.tags), tier=c.tier, status=c.status, cadence=cadence_of(c, index.config),
        needs=list(c.needs), offers=list(c.offers), birth_year=c.birth_year, met=c.met, uid=c.uid,
        birthday=f"{c.birthday[0]:02d}-{c.birthday[1]:02d}" if c.birthday else None,
        met_at=c.met_at.target if c.met_at else None, follow_up=c.follow_up, follow_up_note=c.follow_up_note,
        snooze_until=c.snooze_until, file=c.path, fields=front_matter(root, c.path), has_note=True,
        **_about(c.name, c.role, c.company),
    )
    values.update(_meeting_values(index, c, _events_of(c), today, root, names))
    values.update(_history_values(index, c, today, names))
    values["intro_ideas"] = intro_ideas(index, c, list(c.needs))
    return View("contact", c.name, **values)


def _meeting_values(index: Index, who: Who, events: list[Event], today: date, root: Path,
                    names: list[str]) -> dict[str, Any]:
    if isinstance(who, Ghost):
        key = " ".join(who.name.split()).casefold()
        is_them: Callable[[str], bool] = lambda t: " ".join(t.split()).casefold() == key
        first = last = who.event.date
        latest_event: Event | None = who.event
        met_entries: list[LogEntry] = []
    else:
        is_them = lambda t: who in index.resolve_contact(t)
        found = meetings(who)
        first = found[0].date if found else None
        latest = latest_meeting(who)
        last = latest.date if latest else None
        latest_event = latest.event if latest and latest.event else who.met_at_event
        met_entries = [e for e in who.note.log if e.kind == "met"]
    first_event = next((e for e in events if e.date == first), latest_event)
    debrief = [line for e in events for line in debrief_lines(root, e, is_them, names)]
    topics = [t for t in (_topic(e) for e in reversed(met_entries)) if t] + debrief
    how = f"at {event_name(first_event.title)}" if first_event else ""
    how = f"{how} on {humane(first, today)}".strip() if first else how
    return {"first_met": first, "last_met": last, "event": event_view(latest_event), "how_met": how,
            "events": [event_view(e) for e in events], "debrief": debrief, "topics": list(dict.fromkeys(topics)),
            "mutual": mutual(who, events, index)}


def _linked(index: Index, task: Task, owner: Who) -> list[View]:
    """Contacts a task links, other than its owner (``Intro Priya to [[Dana Kim]]`` → Dana Kim)."""
    found = {c.path: c for t in task.links for c in index.resolve_contact(t) if c is not owner}
    return [person_view(c) for c in found.values()]


def _history_values(index: Index, c: Contact, today: date, names: list[str]) -> dict[str, Any]:
    log = [entry_view(e) for e in sorted(c.note.log, key=lambda e: (e.date, e.line))]
    touches = [v for v in log if v.is_touchpoint]
    last = touchpoints(c)[-1] if touchpoints(c) else None
    tasks = [(t, None) for t in c.note.tasks] + list(c.debrief_tasks)
    open_tasks = [task_view(t, ev, names, _linked(index, t, c)) for t, ev in tasks if t.status == "open"]
    gave, got = value_exchanged(c)
    timeline = [View("timeline entry", f"{e.date} met: {event_name(e.title)}", date=e.date, kind="event",
                     text=event_name(e.title)) for e in _events_of(c) if e.date]
    timeline = sorted(timeline + log, key=lambda v: v.date)
    return {
        "log": log, "recent": list(reversed(log))[:5], "timeline": timeline,
        "last_exchange": touches[-1] if touches else None,
        "last_sent": next((v for v in reversed(log) if v.kind == "sent"), None),
        "last_received": next((v for v in reversed(log) if v.kind == "received"), None),
        "last_contact": last.date if last else None, "last_contact_kind": last.kind if last else None,
        "days_since": (today - last.date).days if last else None,
        "gave": [v for v in log if v.gave], "got": [v for v in log if v.got],
        "value_given": [g or "value" for g in gave], "value_received": [g or "value" for g in got],
        "open_tasks": open_tasks, "promises": [t for t in open_tasks if t.mine],
        "waiting_on": [t for t in open_tasks if t.waiting],
    }


def _task_of(item: DueItem, who: Who) -> tuple[Task, Event | None] | None:
    if isinstance(who, Ghost) or item.kind not in ("commitment", "waiting"):
        return None
    path, _, line = item.source.rpartition(":")
    candidates = [(t, None) for t in who.note.tasks if path == who.path] + \
        [(t, ev) for t, ev in who.debrief_tasks if ev.path == path]
    return next(((t, ev) for t, ev in candidates if str(t.line) == line), None)


def due_view(index: Index, item: DueItem, today: date, who: Who, is_due: bool) -> View:
    found = _task_of(item, who)
    names = [item.contact] + (list(who.aliases) if isinstance(who, Contact) else [])
    task = task_view(found[0], found[1], names, _linked(index, found[0], who)) if found else None
    note = who.follow_up_note if isinstance(who, Contact) and item.kind == "follow-up" else None
    return View("due", item.kind, kind=item.kind, due=item.due, reason=item.reason, source=item.source,
                file=item.file, days_overdue=item.days_overdue(today), overdue=item.due < today, is_due=is_due,
                task=task, what=(task.text if task else note or item.reason))


def me_view(config: Config) -> View:
    first = first_name(config.me_name)
    return View("me", config.me_name, name=config.me_name, first_name=first, email=config.me_email or None,
                signature=config.me_signature, sign_off=config.me_signature or first)


def draft_context(index: Index, today: date, who: Who, item: DueItem, is_due: bool) -> dict[str, Any]:
    contact = contact_view(index, who, today)
    return {"contact": contact, "event": contact.event, "due": due_view(index, item, today, who, is_due),
            "me": me_view(index.config), "today": today, "kind": item.kind}


def prep_context(index: Index, today: date, who: Who, items: list[DueItem]) -> dict[str, Any]:
    contact = contact_view(index, who, today)
    views = [due_view(index, i, today, who, True) for i in items]
    return {"contact": contact, "event": contact.event, "due": views[0] if views else None, "items": views,
            "me": me_view(index.config), "today": today, "kind": "prep"}


def intro_context(index: Index, today: date, a: Contact, b: Contact) -> dict[str, Any]:
    va, vb = contact_view(index, a, today), contact_view(index, b, today)
    a_gets = [View("match", f"{n}: {o}", need=n, offer=o) for n in a.needs for o in b.offers if matches(n, o)]
    b_gets = [View("match", f"{n}: {o}", need=n, offer=o) for n in b.needs for o in a.offers if matches(n, o)]
    return {"a": va, "b": vb, "a_gets": a_gets, "b_gets": b_gets, "me": me_view(index.config), "today": today,
            "kind": "intro"}


def ask_context(intro: dict[str, Any], asked: str) -> dict[str, Any]:
    """``intro-ask``: ``contact`` is the person asked, ``other`` the one they may meet."""
    contact, other = (intro["a"], intro["b"]) if asked == "a" else (intro["b"], intro["a"])
    gets = intro["a_gets"] if asked == "a" else intro["b_gets"]
    return {**intro, "contact": contact, "other": other, "event": contact.event, "gets": gets, "kind": "intro-ask"}

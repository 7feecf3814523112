"""Front matter values checked against the vault format (SPEC 2.1, 2.4).

Which keys there are, and what kind of value each holds, is declared once, on the
``Contact`` and ``Event`` dataclasses (core/model.py); this module knows how YAML writes each
kind (:data:`CONVERTERS`). Each key is validated on its own: a bad value is reported with its
line and dropped, the rest of the note still counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from relnotes.core import fields as kinds
from relnotes.core.dates import parse_date, parse_duration, parse_month_day
from relnotes.core.fields import FieldSpec
from relnotes.core.links import reference
from relnotes.core.model import CONTACT_FIELDS as CONTACT_SPECS
from relnotes.core.model import EVENT_FIELDS as EVENT_SPECS
from relnotes.core.model import Problem


class FieldError(ValueError):
    pass


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FieldError(f"should be text, not {_kind(value)}")
    return str(value).strip()


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    return type(value).__name__ if not isinstance(value, str) else f"{value!r}"


def _text_list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise FieldError(f"should be text or a list of text, not a list holding {_kind(item)}")
        text = str(item).strip()
        if text:
            out.append(text)
    return out


def _emails(value: Any) -> list[str]:
    """Addresses are text: ``email: 42`` is a slip (a number, a phone in the wrong key), not an address."""
    for item in value if isinstance(value, list) else [value]:
        if item is not None and not isinstance(item, str):
            raise FieldError(f"should be an email address (name@example.org), not {_kind(item)}")
    return _text_list(value)


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [part for part in re.split(r"[,\s]+", value) if part]
    return [tag.lstrip("#") for tag in _text_list(value) if tag.lstrip("#")]


def _date(value: Any) -> Any:
    try:
        return parse_date(value)
    except ValueError:
        raise FieldError(f"{_show(value)} is not a date (use YYYY-MM-DD)") from None


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _choice(choices: tuple[str, ...], value: Any) -> str:
    text = _text(value).lower()
    if text not in choices:
        raise FieldError(f"{_show(value)} is not one of {', '.join(choices)}")
    return text


def _cadence(value: Any) -> Any:
    try:
        return ("set", parse_duration(value))
    except ValueError:
        raise FieldError(f"{_show(value)} is not a duration (use e.g. 10d, 3w, 2m, 1y or none)") from None


def _birthday(value: Any) -> Any:
    try:
        month_day = parse_month_day(value)
    except ValueError:
        raise FieldError(f"{_show(value)} is not a birthday (use YYYY-MM-DD, MM-DD or --MM-DD)") from None
    year = None
    try:
        full = parse_date(value)
        year = full.year
    except ValueError:
        pass
    return (month_day, year)


def _ref(value: Any) -> str:
    if isinstance(value, list):
        items = _text_list(value)
        if len(items) != 1:
            raise FieldError("should name one note, not a list")
        value = items[0]
    return reference(_text(value))


def _refs(value: Any) -> list[str]:
    return [reference(item) for item in _text_list(value)]


def _number(value: Any) -> float:
    """A cost or a number of hours: zero or more, and finite (``.nan``, ``.inf`` and a number
    too big for a float are refused like a negative one: no sum or chart can hold them)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FieldError(f"{_show(value)} is not a number (e.g. 25 or 2.5)")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise FieldError(f"{_show(value)} is not a number (e.g. 25 or 2.5)")
    return number


def _rating(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise FieldError(f"{_show(value)} is not a whole number from 1 to 5")
    return value


CONVERTERS: dict[str, Callable[[Any], Any]] = {  # by kind (core/fields.py); CHOICE is _choice
    kinds.TEXT: _text,
    kinds.TEXTS: _text_list,
    kinds.EMAILS: _emails,
    kinds.TAGS: _tags,
    kinds.DATE: _date,
    kinds.DURATION: _cadence,
    kinds.REFERENCE: _ref,
    kinds.REFERENCES: _refs,
    kinds.BIRTHDAY: _birthday,
    kinds.NUMBER: _number,
    kinds.RATING: _rating,
}


def converter(spec: FieldSpec) -> Callable[[Any], Any]:
    """What checks and converts this key's YAML value (raising FieldError)."""
    if spec.kind == kinds.CHOICE:
        return partial(_choice, spec.choices)
    return CONVERTERS[spec.kind]


CONTACT_FIELDS: dict[str, Callable[[Any], Any]] = {spec.key: converter(spec) for spec in CONTACT_SPECS}
EVENT_FIELDS: dict[str, Callable[[Any], Any]] = {spec.key: converter(spec) for spec in EVENT_SPECS}


def validate(kind: str, meta: dict[Any, Any], lines: dict[str, int], path: str) -> tuple[dict[str, Any], list[Problem]]:
    """Known keys checked and converted; unknown keys ignored (and kept on disk)."""
    schema = CONTACT_FIELDS if kind == "contact" else EVENT_FIELDS
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, convert in schema.items():
        raw = meta.get(key)
        if raw is None or raw == "" or raw == []:
            continue
        try:
            values[key] = convert(raw)
        except FieldError as exc:
            problems.append(Problem(path, lines.get(key), f"{key}: {exc}; the value is ignored"))
        except RecursionError:
            problems.append(Problem(path, lines.get(key), f"{key}: nested too deeply; the value is ignored"))
    if kind == "event" and "date" not in values and "date" not in {p.message.split(":")[0] for p in problems}:
        problems.append(Problem(path, 1, "event has no date: add 'date: YYYY-MM-DD' to its front matter"))
    return values, problems

"""How a note's front-matter fields are declared: their kinds and flags. Pure.

A contact's fields are written down once, as the attributes of
:class:`relnotes.core.model.Contact` declared with :func:`spec` (an event's likewise, on
``Event``); ``model.CONTACT_FIELDS`` and ``model.EVENT_FIELDS`` are read off those classes.
Everything else follows from that table:

- ``notes/schema`` checks and converts each key by its kind (the YAML-level knowledge);
- ``core/index.make_contact`` fills the attributes from the checked values;
- ``core/profile`` puts every field in ``show --json``; ``show`` lists the ``show`` ones as rows;
- ``core/search`` (``find``) looks in the ``find`` ones, naming a match by that label;
- ``drafts/context`` gives templates every ``template`` one, as ``contact.<key>``;
- ``notes/newnote`` writes the ``add`` ones, in this order, when ``relnotes add`` sets them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

# The kinds of value a key holds; notes/schema has a converter for each.
TEXT = "text"  # one piece of text
TEXTS = "text list"  # text or a list of text
EMAILS = "email list"  # an email address or a list of them: text (a number is no address)
TAGS = "tags"  # a list, or text split at commas and spaces; '#' optional
DATE = "date"  # YYYY-MM-DD, a YAML date or a date-time
CHOICE = "choice"  # one of ``choices``, any letter case; kept in lower case
DURATION = "duration"  # 10d, 3w, 2m, 1y or none; ``also`` names the flag "the note sets it"
REFERENCE = "reference"  # a reference to one note: [[Name]] or Name
REFERENCES = "references"  # a list of references
BIRTHDAY = "birthday"  # YYYY-MM-DD, MM-DD or --MM-DD; ``also`` names the year's attribute
NUMBER = "number"  # 0 or more, e.g. 25 or 2.5
RATING = "rating"  # a whole number from 1 to 5

KINDS = (TEXT, TEXTS, EMAILS, TAGS, DATE, CHOICE, DURATION, REFERENCE, REFERENCES, BIRTHDAY, NUMBER, RATING)
LISTS = frozenset({TEXTS, EMAILS, TAGS, REFERENCES})
TWO_VALUED = frozenset({DURATION, BIRTHDAY})  # kinds that fill a second attribute, named by ``also``

_SPEC = "relnotes.field"  # the dataclass field metadata key


@dataclass(frozen=True)
class FieldSpec:
    """One front-matter key: what it holds and who uses it."""

    key: str  # the key as written in the note
    kind: str  # one of KINDS
    attr: str = ""  # the attribute that holds it (set by fields_of: the declaring attribute's name)
    choices: tuple[str, ...] = ()  # CHOICE: the values allowed
    also: str = ""  # DURATION, BIRTHDAY: the second attribute the value fills
    primary: bool = False  # a list whose first item is the one (email, phone): templates get both
    is_name: bool = False  # one of the contact's names: `find` tries these first
    find: str | None = None  # `find` looks here; a match is shown as "<find>: <value>"
    show: bool = False  # a row of its own in `show` (after the header and the work line)
    template: bool = True  # templates see the note's value as ``contact.<key>`` (else a computed one)
    add: bool = False  # `relnotes add` can set it

    @property
    def is_list(self) -> bool:
        return self.kind in LISTS


def spec(key: str, kind: str, *, default: Any = None, **flags: Any) -> Any:
    """A dataclass attribute that is a front-matter key: ``tags: list[str] = spec("tags", TAGS, find="tag")``.

    A list kind defaults to an empty list, anything else to ``default``.
    """
    if kind not in KINDS:
        raise ValueError(f"{key}: unknown kind {kind!r}")
    info = FieldSpec(key, kind, **flags)
    if (kind in TWO_VALUED) != bool(info.also):
        raise ValueError(f"{key}: also= is for {' and '.join(sorted(TWO_VALUED))} fields, and they need it")
    if (kind == CHOICE) != bool(info.choices):
        raise ValueError(f"{key}: choices= is for {CHOICE} fields, and they need it")
    meta = {_SPEC: info}
    if kind in LISTS:
        return field(default_factory=list, metadata=meta)
    return field(default=default, metadata=meta)


def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    """The front-matter fields a dataclass declares with :func:`spec`, in declaration order."""
    return tuple(replace(f.metadata[_SPEC], attr=f.name) for f in fields(cls) if _SPEC in f.metadata)

"""The filter questions ``relnotes debrief`` asks in a terminal: why you went, who was worth a
follow-up, and what each of them needs and offers. Only what is answered is written.

``ask_in_terminal`` asks (nothing when stdin is not a terminal, so scripts see no change);
``fill_stubs`` puts the needs and offers of people who get a new note into that note's text,
and ``record`` adds them to the notes of people who had one, through the normal edit path.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from relnotes.core.index import Index
from relnotes.core.names import name_key
from relnotes.core.resolve import match_contact
from relnotes.core.settings import PURPOSES, Config
from relnotes.notes.frontmatter import set_key_list
from relnotes.notes.newnote import NewNote, contact_name, split_people
from relnotes.notes.yamlscalar import scalar
from relnotes.vault.changes import Change, apply
from relnotes.vault.files import read_note

KEYS = ("needs", "offers")


@dataclass
class Answers:
    purpose: str | None
    people: str  # as --people takes them: "Jane Doe, Sam Lee"
    wants: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # name -> needs/offers -> phrases


def ask_in_terminal(purpose: str | None, people: str) -> Answers | None:
    """Ask what the options left open, when stdin is a terminal; None otherwise."""
    if not sys.stdin.isatty() or (purpose is not None and people):
        return None
    answers = Answers(purpose, people)
    if purpose is None:
        answers.purpose = _purpose()
    if not people:
        answers.people = click.prompt("Who were the few people worth a follow-up? (names, comma-separated; "
                                      "Enter for none)", default="", show_default=False).strip()
        for name in split_people(answers.people):
            for key, verb in zip(KEYS, ("need", "offer"), strict=True):
                text = click.prompt(f"What does {name} {verb}? (comma-separated; Enter to skip)", default="",
                                    show_default=False)
                phrases = _phrases(text)
                if phrases:
                    answers.wants.setdefault(name, {})[key] = phrases
    return answers


def _purpose() -> str | None:
    while True:
        text = click.prompt("Why did you go: content (to learn), community (to meet people) or both? "
                            "(Enter to skip)", default="", show_default=False).strip().lower()
        if not text:
            return None
        if text in PURPOSES:
            return text
        click.echo(f"  please answer {', '.join(PURPOSES)}, or press Enter to skip")


def _phrases(text: str) -> list[str]:
    found: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        phrase = " ".join(part.split())
        if phrase:
            found.setdefault(phrase.casefold(), phrase)
    return list(found.values())


def _stub_for(index: Index, typed: str, stubs: list[NewNote]) -> NewNote | None:
    """The new note made for someone typed as ``typed``, if they got one."""
    match = match_contact(index, typed)
    if len(match.contacts) == 1:
        return None
    name = next(iter(match.ghosts)) if len(match.ghosts) == 1 else contact_name(typed)
    return next((s for s in stubs if name_key(s.name) == name_key(name)), None)


def fill_stubs(answers: Answers, index: Index, stubs: list[NewNote]) -> None:
    """Write the needs and offers of people who get a new note into its text, before it is created."""
    for typed, wants in answers.wants.items():
        stub = _stub_for(index, typed, stubs)
        if stub is None:
            continue
        for key in KEYS:
            if wants.get(key):
                stub.text = set_key_list(stub.text, key, [scalar(p) for p in wants[key]])


def record(answers: Answers, config: Config, index: Index, stubs: list[NewNote]) -> list[Path]:
    """Add the needs and offers of people who already had a note to it (new phrases only); the
    paths changed."""
    changes: list[Change] = []
    for typed, wants in answers.wants.items():
        match = match_contact(index, typed)
        if _stub_for(index, typed, stubs) is not None or len(match.contacts) != 1:
            continue
        contact = match.contacts[0]
        note = read_note(config.root / contact.path, root=config.root)
        text, added = note.text, []
        for key, had in (("needs", contact.needs), ("offers", contact.offers)):
            known = {p.casefold() for p in had}
            new = [p for p in wants.get(key, []) if p.casefold() not in known]
            if new:
                text = set_key_list(text, key, [scalar(p) for p in (*had, *new)])
                added.append(f"{key}: {', '.join(new)}")
        if added:
            changes.append(Change(note, text, f"debrief: {contact.name} — {'; '.join(added)}"))
    for change in changes:  # each refused if the note changed since it was read, as every edit is
        apply(change, config.root)
        click.echo(change.message)
    return [c.path for c in changes]

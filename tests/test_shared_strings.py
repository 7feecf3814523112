"""Notes read from disk, from the cache and from worker processes share their repeated strings,
and sharing changes nothing about what a note holds."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest

from relnotes.config import load_config
from relnotes.notes.parse import parse_note
from relnotes.vault.cache import open_cache, share_strings
from relnotes.vault.load import NoteSet

CONTACT = """---
name: {name}
tier: active
email: {first}@x.example
---

## Log
- 2026-11-10 call: talked about the {name} project
- [ ] send the deck 📅 2026-11-25
"""


def _vault(root: Path, count: int) -> Path:
    (root / "contacts").mkdir(parents=True)
    (root / "relnotes.toml").write_text("", encoding="utf-8")
    for n in range(count):
        name = f"Person {n}"
        path = root / "contacts" / f"{name}.md"
        path.write_text(CONTACT.format(name=name, first=f"p{n}"), encoding="utf-8")
        os.utime(path, (time.time() - 3600, time.time() - 3600))  # not racy: the cache keeps it
    return root


def _assert_shared(notes: dict) -> None:
    a, b = notes["contacts/Person 0.md"], notes["contacts/Person 1.md"]
    key_a = next(k for k in a.fields if k == "tier")
    key_b = next(k for k in b.fields if k == "tier")
    assert key_a is key_b
    assert next(k for k in a.field_lines if k == "email") is next(k for k in b.field_lines if k == "email")
    assert a.fields["tier"] is b.fields["tier"]
    assert a.log[0].kind is b.log[0].kind
    assert a.tasks[0].status is b.tasks[0].status
    assert a.fields["name"] != b.fields["name"]


def test_sharing_keeps_every_value(tmp_path):
    data = CONTACT.format(name="Ana Ruiz", first="ana").encode()
    plain = parse_note("contacts/Ana Ruiz.md", data, "contact")
    shared = share_strings(parse_note("contacts/Ana Ruiz.md", data, "contact"))
    assert dataclasses.asdict(shared) == dataclasses.asdict(plain)
    assert list(shared.fields) == list(plain.fields)  # the keys' order too


def test_notes_read_here_and_from_the_cache_share_strings(tmp_path):
    config = load_config(_vault(tmp_path / "v", 3))
    here = NoteSet(config)
    here.load_all()
    _assert_shared(here.notes)
    cached = NoteSet(config, open_cache(config.root, lambda m: None))
    cached.load_all()
    cached.save({})
    again = NoteSet(config, open_cache(config.root, lambda m: None))
    again.load_all()
    assert not again._reread  # every note came from the cache
    _assert_shared(again.notes)


@pytest.mark.parametrize("workers", ["2"])
def test_notes_read_in_workers_share_strings(tmp_path, monkeypatch, workers):
    from relnotes.vault.read import PARALLEL_MIN, usable_cpus

    if usable_cpus() < 2:
        pytest.skip("notes are read in workers only with two CPUs or more")
    monkeypatch.setenv("RELNOTES_WORKERS", workers)
    config = load_config(_vault(tmp_path / "v", PARALLEL_MIN))
    notes = NoteSet(config)
    notes.load_all()
    _assert_shared(notes.notes)

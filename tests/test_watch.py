"""relnotes watch: the batch core without threads, then a real watchdog observer on a vault on disk."""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from conftest import invoke
from relnotes.agenda.build import HEADER
from relnotes.agenda.file import agenda_path
from relnotes.agenda.watch import AgendaWatcher, PathFilter, Watch
from relnotes.config import find_root, load_config

TODAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 12, 1, 3)


@dataclass
class Clock:
    """An injected clock: tests move the date instead of waiting for midnight."""

    day: date = TODAY
    log: list[str] = field(default_factory=list)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, NOON.time())


def make_watcher(root: Path, clock: Clock, printed: list[str] | None = None) -> AgendaWatcher:
    """A watcher writing AGENDA.md, or with ``printed``, printing the agenda into that list (--out -)."""
    config = load_config(find_root(str(root)))
    if printed is None:
        return AgendaWatcher(config, agenda_path(config), today=clock.today, now=clock.now, log=clock.log.append)
    return AgendaWatcher(config, None, today=clock.today, now=clock.now, log=clock.log.append, echo=printed.append)


def agenda_text(root: Path) -> str:
    return (root / "AGENDA.md").read_text(encoding="utf-8")


def wait_for(predicate: Callable[[], object], timeout: float = 10.0) -> bool:
    """Poll until ``predicate`` holds; a generous bound, not a fixed sleep."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


@contextmanager
def watching(root: Path, clock: Clock, tick: float = 0.05, poll: bool = False,
             printed: list[str] | None = None) -> Iterator[Watch]:
    """A real observer and debounce loop in a thread; always stopped and joined."""
    loop = Watch(make_watcher(root, clock, printed), tick=tick, poll=poll)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            loop.run()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, name="relnotes-watch-test", daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: loop.ready.is_set() or errors), "the watcher did not start"
        assert not errors, errors
        yield loop
    finally:
        loop.stop()
        thread.join(10)
        assert not thread.is_alive(), "the watcher did not stop"
        assert not errors, errors


def jane(v, body: str = "## Log\n- 2026-11-13 sent: the deck") -> Path:
    return v.contact("Jane Doe", "tier: ally", body)


# --- which paths count ---------------------------------------------------------------------

@pytest.mark.parametrize("rel", [
    "contacts/.Jane Doe.md.swp", "contacts/.Jane Doe.md.swx", "contacts/4913", "contacts/Jane Doe.md~",
    "contacts/.#Jane Doe.md", "contacts/Jane Doe.md.tmp", "contacts/.Jane Doe.md.tmp", "contacts/Jane Doe.md.crswap",
    ".AGENDA.md.relnotes-x1y2.tmp", "AGENDA.md", ".relnotes/cache.md", "drafts/jane.md", "templates/x.md",
    ".git/objects/ab/cdef", ".obsidian/workspace.json", ".trash/Old.md", "contacts/photo.png", "relnotes.toml",
])
def test_editor_temp_files_and_skipped_folders_do_not_count(make_vault, rel):
    config = load_config(find_root(str(make_vault.root)))
    assert PathFilter(config).rel(str(config.root / rel)) is None


def test_notes_and_folders_count(make_vault, tmp_path):
    config = load_config(find_root(str(make_vault.root)))
    paths = PathFilter(config)
    assert paths.rel(str(config.root / "contacts" / "Jane Doe.md")) == "contacts/Jane Doe.md"
    assert paths.rel(str(config.root / "2026-11-21.md")) == "2026-11-21.md"
    assert paths.rel(str(config.root / "contacts" / "team"), is_dir=True) == "contacts/team/"
    assert paths.rel(str(config.root / "drafts"), is_dir=True) is None
    assert paths.rel(str(tmp_path / "elsewhere.md")) is None


# --- the core, without threads ---------------------------------------------------------------

def test_start_writes_the_agenda_and_logs_one_line(make_vault):
    jane(make_vault)
    clock = Clock()
    watcher = make_watcher(make_vault.root, clock)
    watcher.start()
    assert clock.log == ["12:01:03 agenda: 1 overdue, 0 today, 0 this week (read 1 note)"]
    assert "- [[Jane Doe]] — nudge, 3 days late: sent on Nov 13 (the deck), no reply yet\n" in agenda_text(make_vault.root)


def test_process_rereads_only_the_batch(make_vault):
    v = make_vault
    jane(v)
    clock = Clock()
    watcher = make_watcher(v.root, clock)
    watcher.start()
    jane(v, "## Log\n- 2026-11-13 sent: the deck\n- 2026-11-20 received: thanks")
    v.contact("Bo", "follow_up: 2026-11-23")
    watcher.process(["contacts/Bo.md"])  # Jane's change is not in the batch: not read again
    assert clock.log[-1] == "12:01:03 agenda: 1 overdue, 1 today, 0 this week (1 file changed)"
    watcher.process(["contacts/Jane Doe.md", "contacts/Bo.md"])
    assert clock.log[-1] == "12:01:03 agenda: 0 overdue, 1 today, 0 this week (2 files changed)"
    assert watcher.process([]) is None
    assert (watcher.regenerations, watcher.writes) == (3, 3)


def test_a_broken_note_shows_as_a_problem_and_recovers(make_vault):
    v = make_vault
    path = jane(v)
    clock = Clock()
    watcher = make_watcher(v.root, clock)
    watcher.start()
    good = path.read_text(encoding="utf-8")
    path.write_text("---\nname: Jane Doe\ntier: [ally\n", encoding="utf-8")  # half-written
    watcher.process(["contacts/Jane Doe.md"])
    assert clock.log[-1] == "12:01:03 agenda: 0 overdue, 0 today, 0 this week, 1 problem (1 file changed)"
    assert "## Problems (1)\n\n- contacts/Jane Doe.md:1: " in agenda_text(v.root)
    path.write_text(good, encoding="utf-8")
    watcher.process(["contacts/Jane Doe.md"])
    assert clock.log[-1] == "12:01:03 agenda: 1 overdue, 0 today, 0 this week (1 file changed)"
    assert "## Problems (0)\n\nNone.\n" in agenda_text(v.root)


def test_a_folder_event_covers_the_notes_under_it(make_vault):
    v = make_vault
    v.write("contacts/team/Ann.md", "---\nfollow_up: 2026-11-23\n---\n")
    v.write("contacts/team/Bo.md", "---\nfollow_up: 2026-11-23\n---\n")
    clock = Clock()
    watcher = make_watcher(v.root, clock)
    watcher.start()
    (v.root / "contacts/team").rename(v.root / "contacts/crew")
    watcher.process(["contacts/team/", "contacts/crew/"])
    assert clock.log[-1] == "12:01:03 agenda: 0 overdue, 2 today, 0 this week (4 files changed; unchanged)"
    assert sorted(watcher.notes.notes) == ["contacts/crew/Ann.md", "contacts/crew/Bo.md"]
    shutil.rmtree(v.root / "contacts/crew")
    watcher.process(["contacts/crew/"])
    assert clock.log[-1] == "12:01:03 agenda: 0 overdue, 0 today, 0 this week (2 files changed)"


def test_the_date_rolling_over_regenerates_without_a_change(make_vault):
    v = make_vault
    v.contact("Bo", "follow_up: 2026-11-24")
    clock = Clock()
    watcher = make_watcher(v.root, clock)
    watcher.start()
    assert watcher.tick() is None  # same day: nothing to do
    clock.day = TODAY + timedelta(days=1)
    watcher.tick()
    assert clock.log == [
        "12:01:03 agenda: 0 overdue, 0 today, 1 this week (read 1 note)",
        "12:01:03 agenda: 0 overdue, 1 today, 0 this week (new day)",
    ]
    assert "# Agenda for Tue 24 Nov 2026\n" in agenda_text(v.root)
    assert watcher.tick() is None


def test_unchanged_output_is_logged_but_not_written(make_vault):
    path = jane(make_vault)
    clock = Clock()
    watcher = make_watcher(make_vault.root, clock)
    watcher.start()
    path.write_text(path.read_text(encoding="utf-8") + "\n## Notes\nLikes jazz.\n", encoding="utf-8")
    watcher.process(["contacts/Jane Doe.md"])
    assert clock.log[-1] == "12:01:03 agenda: 1 overdue, 0 today, 0 this week (1 file changed; unchanged)"
    assert (watcher.regenerations, watcher.writes) == (2, 1)


def test_with_no_file_the_agenda_is_printed_each_time_it_changes(make_vault):
    v = make_vault
    path = jane(v)
    clock, printed = Clock(), []
    watcher = make_watcher(v.root, clock, printed)
    watcher.start()
    assert len(printed) == 1 and printed[0].startswith(f"{HEADER}\n# Agenda for Mon 23 Nov 2026\n")
    path.write_text(path.read_text(encoding="utf-8") + "\n## Notes\nLikes jazz.\n", encoding="utf-8")
    watcher.process(["contacts/Jane Doe.md"])  # same agenda: not printed again
    v.contact("Bo", "follow_up: 2026-11-23")
    watcher.process(["contacts/Bo.md"])
    assert len(printed) == 2 and "## Today (1)\n\n- [[Bo]] — follow-up, today" in printed[1]
    assert clock.log == [
        "12:01:03 agenda: 1 overdue, 0 today, 0 this week (read 1 note)",
        "12:01:03 agenda: 1 overdue, 0 today, 0 this week (1 file changed; unchanged)",
        "12:01:03 agenda: 1 overdue, 1 today, 0 this week (1 file changed)",
    ]
    assert sorted(p.name for p in v.root.iterdir() if p.name != ".relnotes") == ["contacts", "events"]


# --- a real observer -------------------------------------------------------------------------

def test_editing_a_note_updates_the_agenda(make_vault):
    v = make_vault
    jane(v)
    clock = Clock()
    with watching(v.root, clock) as loop:
        assert "## Overdue (1)" in agenda_text(v.root)
        jane(v, "## Log\n- 2026-11-13 sent: the deck\n- 2026-11-20 received: thanks")
        assert wait_for(lambda: len(clock.log) == 2)  # logged once the file is written
        assert clock.log[-1] == "12:01:03 agenda: 0 overdue, 0 today, 0 this week (1 file changed)"
        assert "## Overdue (0)" in agenda_text(v.root)
        assert loop.watcher.regenerations == 2


def test_polling_observer_sees_edits_too(make_vault):
    v = make_vault
    v.contact("Bo")
    with watching(v.root, Clock(), poll=True):
        v.contact("Bo", "follow_up: 2026-11-23")
        assert wait_for(lambda: "## Today (1)" in agenda_text(v.root))


def test_broken_yaml_keeps_the_watcher_alive_and_fixing_it_recovers(make_vault):
    v = make_vault
    path = jane(v)
    good = path.read_text(encoding="utf-8")
    with watching(v.root, Clock()) as loop:
        path.write_text("---\nname: Jane Doe\ntier: [ally\n---\n", encoding="utf-8")
        assert wait_for(lambda: "## Problems (1)\n\n- contacts/Jane Doe.md:3: " in agenda_text(v.root))
        path.write_text(good, encoding="utf-8")
        assert wait_for(lambda: "## Problems (0)" in agenda_text(v.root))
        assert "## Overdue (1)\n\n- [[Jane Doe]] — nudge" in agenda_text(v.root)
        assert loop.ready.is_set()


def test_the_agenda_write_does_not_trigger_another_regeneration(make_vault):
    v = make_vault
    jane(v)
    v.contact("Bo")
    agenda = str(v.root / "AGENDA.md")
    clock = Clock()
    with watching(v.root, clock) as loop:
        assert wait_for(lambda: loop.ignored.count(agenda) >= 1)  # the observer saw our first write
        v.contact("Bo", "follow_up: 2026-11-23")
        assert wait_for(lambda: loop.watcher.writes == 2)
        assert wait_for(lambda: loop.ignored.count(agenda) >= 2)  # ... and the second
        v.contact("Bo", "follow_up: 2026-11-24")
        assert wait_for(lambda: loop.watcher.writes == 3)
        assert wait_for(lambda: loop.ignored.count(agenda) >= 3)
    assert loop.watcher.regenerations == 3
    assert [line.rsplit("(", 1)[1] for line in clock.log] == ["read 2 notes)", "1 file changed)", "1 file changed)"]


def test_editor_temp_files_do_not_regenerate(make_vault):
    v = make_vault
    jane(v)
    clock = Clock()
    with watching(v.root, clock) as loop:
        for rel in ("contacts/.Jane Doe.md.swp", "contacts/4913", "contacts/Jane Doe.md~", "contacts/.#Jane Doe.md",
                    "contacts/.Jane Doe.md.tmp", "contacts/Jane Doe.md.crswap", "drafts/jane.md",
                    ".relnotes/cache.md", ".obsidian/workspace.json"):
            v.write(rel, "---\nname: [broken\n")
        assert wait_for(lambda: str(v.root / ".obsidian/workspace.json") in loop.ignored)
        v.contact("Bo", "follow_up: 2026-11-23")  # a real change, to see what the batch held
        assert wait_for(lambda: loop.watcher.regenerations == 2)
    assert clock.log[-1] == "12:01:03 agenda: 1 overdue, 1 today, 0 this week (1 file changed)"


def test_a_burst_of_200_writes_gives_a_bounded_number_of_regenerations(make_vault):
    v = make_vault
    with watching(v.root, Clock()) as loop:
        for n in range(200):
            v.contact(f"Person {n:03}", "follow_up: 2026-11-23")
        assert wait_for(lambda: "## Today (200)" in agenda_text(v.root))
    regenerations = loop.watcher.regenerations - 1  # the first one read the empty vault
    assert 1 <= regenerations <= 3, regenerations  # measured: 1 (200 writes take ~0.1 s)


def test_renaming_a_note_reads_both_paths(make_vault):
    v = make_vault
    v.contact("Ann", "follow_up: 2026-11-23")
    with watching(v.root, Clock()):
        (v.root / "contacts/Ann.md").rename(v.root / "contacts/Ann Lee.md")
        assert wait_for(lambda: "[[Ann Lee|Ann]]" in agenda_text(v.root))
        assert "## Today (1)\n" in agenda_text(v.root)


def test_a_folder_moved_in_or_deleted(make_vault, tmp_path):
    v = make_vault
    outside = tmp_path / "outside" / "team"
    outside.mkdir(parents=True)
    for name in ("Ann", "Bo"):
        (outside / f"{name}.md").write_text("---\nfollow_up: 2026-11-23\n---\n", encoding="utf-8")
    with watching(v.root, Clock()):
        outside.rename(v.root / "contacts" / "team")
        assert wait_for(lambda: "## Today (2)" in agenda_text(v.root))
        shutil.rmtree(v.root / "contacts" / "team")
        assert wait_for(lambda: "## Today (0)" in agenda_text(v.root))


def test_midnight_regenerates_with_an_injected_clock(make_vault):
    v = make_vault
    v.contact("Bo", "follow_up: 2026-11-24")
    clock = Clock()
    with watching(v.root, clock) as loop:
        assert "## This week (1)" in agenda_text(v.root)
        clock.day = TODAY + timedelta(days=1)
        assert wait_for(lambda: "## Today (1)" in agenda_text(v.root))
        assert loop.watcher.regenerations == 2
    assert clock.log[-1] == "12:01:03 agenda: 0 overdue, 1 today, 0 this week (new day)"


# --- the command -----------------------------------------------------------------------------

def test_watch_once_writes_the_agenda_and_logs_on_stderr(runner, make_vault):
    jane(make_vault)
    result = invoke(runner, "watch", "--once", vault=make_vault.root, today="2026-11-23")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert re.fullmatch(r"\d\d:\d\d:\d\d agenda: 1 overdue, 0 today, 0 this week \(read 1 note\)\n", result.stderr)
    assert "# Agenda for Mon 23 Nov 2026\n" in agenda_text(make_vault.root)
    again = invoke(runner, "watch", "--once", vault=make_vault.root, today="2026-11-23")
    assert again.stderr.endswith("(read 1 note; unchanged)\n")


def test_a_file_of_your_own_in_the_agendas_place_is_kept_and_the_watch_goes_on(make_vault):
    v = make_vault
    v.contact("Bo")
    agenda = v.root / "AGENDA.md"
    clock = Clock()
    with watching(v.root, clock) as loop:
        agenda.write_text("my own list\n", encoding="utf-8")  # say, a git checkout of someone's file
        v.contact("Bo", "follow_up: 2026-11-23")
        assert wait_for(lambda: len(clock.log) == 2)
        assert clock.log[-1] == ("12:01:03 agenda: error: AGENDA.md exists and was not written by relnotes agenda; "
                                 "set another [vault] agenda_file in relnotes.toml or remove it")
        assert agenda.read_text(encoding="utf-8") == "my own list\n"
        agenda.unlink()
        v.contact("Bo", "follow_up: 2026-11-24")
        assert wait_for(lambda: agenda.exists() and "## This week (1)" in agenda_text(v.root))
        assert wait_for(lambda: loop.watcher.writes == 2)  # counted just after the file is written


# --- the command -----------------------------------------------------------------------------

def test_watch_once_out_dash_prints_the_agenda_and_writes_no_file(runner, make_vault):
    jane(make_vault)
    result = invoke(runner, "watch", "--once", "--out", "-", vault=make_vault.root, today="2026-11-23")
    assert result.exit_code == 0
    assert result.stdout == invoke(runner, "agenda", "--out", "-", vault=make_vault.root, today="2026-11-23").stdout
    assert result.stdout.startswith(f"{HEADER}\n# Agenda for Mon 23 Nov 2026\n")
    assert re.fullmatch(r"\d\d:\d\d:\d\d agenda: 1 overdue, 0 today, 0 this week \(read 1 note\)\n", result.stderr)
    assert os.listdir(".") == []  # no file named "-" in the working directory
    assert not (make_vault.root / "AGENDA.md").exists()


def test_watch_once_never_replaces_a_note_or_a_file_of_your_own(runner, make_vault):
    note = jane(make_vault)
    before = note.read_bytes()
    result = invoke(runner, "watch", "--once", "--out", str(note), vault=make_vault.root, today="2026-11-23")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: contacts/Jane Doe.md is in the contacts folder, where relnotes would read it "
                             "as a contact; choose another --out\n")
    mine = make_vault.write("AGENDA.md", "# My agenda\n")
    result = invoke(runner, "watch", "--once", vault=make_vault.root, today="2026-11-23")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("relnotes: AGENDA.md exists and was not written by relnotes agenda; set another [vault] "
                             "agenda_file in relnotes.toml or remove it\n")
    assert (note.read_bytes(), mine.read_text(encoding="utf-8")) == (before, "# My agenda\n")


def relnotes_process(root: Path, *args: str, **kwargs) -> subprocess.Popen[bytes]:
    """The real command in its own process (a long-running watch cannot run in CliRunner)."""
    argv = [sys.executable, "-c", "from relnotes.cli.group import main; main()", "--vault", str(root), "--today",
            "2026-11-23", *args]
    env = {k: v for k, v in os.environ.items() if k not in ("RELNOTES_VAULT", "RELNOTES_TODAY", "NO_COLOR")}
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, **kwargs)


def test_a_long_running_watch_refuses_at_start(make_vault):
    mine = make_vault.write("AGENDA.md", "# My agenda\n")
    proc = relnotes_process(make_vault.root, "watch")
    try:
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert (proc.returncode, stdout) == (2, b"")
    assert stderr.decode("utf-8") == ("relnotes: AGENDA.md exists and was not written by relnotes agenda; set another [vault] "
                      "agenda_file in relnotes.toml or remove it\n")
    assert mine.read_text(encoding="utf-8") == "# My agenda\n"


class AgendaReader:
    """Whole agendas from a process's stdout, each ending with the chart's closing fence; waits
    with a timeout (select on the pipe, no thread), so a watch that prints nothing fails the test."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self.fd = proc.stdout.fileno()
        self.buffer = b""

    def next(self, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        end = b"\n```\n"
        while end not in self.buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self.fd], [], [], max(0.0, remaining))
            assert ready, f"no agenda on stdout within {timeout} s: {self.buffer!r}"
            chunk = os.read(self.fd, 65536)
            assert chunk, f"stdout closed: {self.buffer!r}"
            self.buffer += chunk
        text, self.buffer = self.buffer.split(end, 1)
        return (text + end).decode("utf-8")


def test_watch_out_dash_prints_each_new_agenda_and_stops_when_the_reader_goes(make_vault, tmp_path):
    v = make_vault
    v.contact("Bo")
    proc = relnotes_process(v.root, "watch", "--out", "-", cwd=tmp_path)
    try:
        agendas = AgendaReader(proc)
        assert "## Today (0)" in agendas.next()
        v.contact("Bo", "follow_up: 2026-11-23")
        assert "## Today (1)\n\n- [[Bo]] — follow-up, today" in agendas.next()
        proc.stdout.close()  # the reader goes away, as `| head` does
        v.contact("Bo", "follow_up: 2026-11-24")
        assert proc.wait(timeout=30) == 0
        stderr = proc.stderr.read().decode("utf-8")
    finally:
        proc.kill()
        proc.wait()
    assert stderr.startswith(f"watching {v.root}, printing the agenda to stdout (Ctrl-C to stop)\n")
    assert "error" not in stderr
    assert os.listdir(tmp_path) == ["v"]  # no file named "-"
    assert not (v.root / "AGENDA.md").exists()


def test_timings_add_how_long_a_regeneration_took(runner, make_vault):
    jane(make_vault)
    result = invoke(runner, "watch", "--once", "--timings", vault=make_vault.root, today="2026-11-23")
    assert result.exit_code == 0
    assert re.fullmatch(r"\d\d:\d\d:\d\d agenda: 1 overdue, 0 today, 0 this week \(read 1 note; \d+ ms\)\n",
                        result.stderr)


def test_watch_starts_from_the_cache_and_edits_are_applied_in_place(make_vault):
    jane(make_vault)
    make_vault.contact("Ben Ode", "tier: ally\nmet: 2026-11-20")
    clock = Clock()
    first = AgendaWatcher(load_config(make_vault.root), make_vault.root / "AGENDA.md", today=clock.today,
                          now=clock.now, log=clock.log.append)
    first.start()
    assert (make_vault.root / ".relnotes" / "cache.sqlite").is_file()
    path = make_vault.root / "contacts" / "Ben Ode.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## Log\n- 2026-11-22 call: caught up\n", encoding="utf-8")
    first.process(["contacts/Ben Ode.md"])
    assert first.live.full_rebuilds == 1  # the edit was applied in place
    fresh = AgendaWatcher(load_config(make_vault.root), None, today=clock.today, now=clock.now,
                          log=clock.log.append, echo=clock.log.append)
    fresh.start()
    assert agenda_text(make_vault.root) == clock.log[-2]  # what a fresh start prints


def test_an_event_title_in_other_letter_case_is_shown_as_a_fresh_run_shows_it(make_vault):
    v = make_vault
    v.contact("Jane Doe", "tier: ally\nmet_at: \"[[Fintech Breakfast]]\"")
    v.event("Fintech Breakfast", "date: 2026-11-20\npeople: [\"[[Jane Doe]]\"]",
            "- [ ] book the room 📅 2026-11-24")
    clock = Clock()
    watcher = AgendaWatcher(load_config(v.root), v.root / "AGENDA.md", today=clock.today, now=clock.now,
                            log=clock.log.append)
    watcher.start()
    path = v.root / "events" / "Fintech Breakfast.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Fintech Breakfast", "title: fintech breakfast"),
                    encoding="utf-8")
    watcher.process(["events/Fintech Breakfast.md"])
    fresh = AgendaWatcher(load_config(v.root), None, today=clock.today, now=clock.now, log=clock.log.append,
                          echo=clock.log.append)
    fresh.start()
    assert agenda_text(v.root) == clock.log[-2]
    assert "fintech breakfast" in agenda_text(v.root)


def test_a_broken_link_made_or_removed_while_watching_is_reported_as_a_fresh_run_would(make_vault):
    jane(make_vault)
    clock = Clock()
    watcher = AgendaWatcher(load_config(make_vault.root), make_vault.root / "AGENDA.md", today=clock.today,
                            now=clock.now, log=clock.log.append)
    watcher.start()
    link = make_vault.root / "contacts" / "ghost.md"
    os.symlink("../nowhere.md", link)
    watcher.process(["contacts/ghost.md"])
    assert "contacts/ghost.md: broken symbolic link; skipped" in agenda_text(make_vault.root)
    link.unlink()
    watcher.process(["contacts/ghost.md"])
    assert "ghost.md" not in agenda_text(make_vault.root)


def _fresh_agenda(root: Path) -> str:
    """The agenda a fresh read of the vault gives (its own memos, as `relnotes agenda` has)."""
    import relnotes.agenda.build as build
    from relnotes.core.match import MatchMemo
    from relnotes.core.returnsmemo import ReturnsMemo
    from relnotes.vault.load import load_index

    saved = build._RETURNS, build._MATCHES
    build._RETURNS, build._MATCHES = ReturnsMemo(), MatchMemo()
    try:
        config = load_config(root)
        return build.render(build.build_agenda(load_index(config), TODAY, config))
    finally:
        build._RETURNS, build._MATCHES = saved


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symbolic links")
def test_links_made_mended_looped_and_removed_while_watching_give_a_fresh_reads_agenda(make_vault):
    """Every step is compared with a fresh read: a broken link mended by making its target
    (only the target is reported changed), a link to a folder above it (a loop, which the walk
    skips and watch must not read through), the target edited, and each of them removed again."""
    v = make_vault
    v.contact("Ana", "", "[[Nope]]\n## Log\n- 2026-11-10 sent: hi")
    v.event("E", 'date: 2026-11-20\npeople: ["[[Ana]]"]')
    (v.root / "store").mkdir()
    os.symlink("../store/Bea.md", v.root / "contacts" / "Bea.md")  # broken for now
    printed: list[str] = []
    watcher = make_watcher(v.root, Clock(), printed)
    watcher.start()
    assert printed[-1] == _fresh_agenda(v.root)
    assert "contacts/Bea.md: broken symbolic link" in printed[-1]

    def step(*rels: str) -> str:
        agenda = watcher.process(list(rels))
        assert agenda is not None
        from relnotes.agenda.build import render

        text = render(agenda)
        fresh = _fresh_agenda(v.root)
        assert text.splitlines() == fresh.splitlines(), rels
        return text

    (v.root / "store" / "Bea.md").write_text("---\nname: Bea\n---\n## Log\n- 2026-11-11 sent: hi\n",
                                             encoding="utf-8")
    text = step("store/Bea.md")  # the link's target made: the link is a note now
    assert "broken symbolic link" not in text and "[[contacts/Bea|Bea]]" in text
    v.write("contacts/Ana.md", "---\nname: Ana\n---\n\n[[Nope]]\n## Log\n- 2026-11-12 sent: hi\n")
    step("contacts/Ana.md")
    os.symlink("../contacts", v.root / "contacts" / "loop")
    text = step("contacts/loop/")
    assert "contacts/loop: symbolic link to a folder read already (a loop); skipped" in text
    assert "ambiguous" not in text  # nothing was read through the loop
    (v.root / "contacts" / "loop").unlink()
    assert "loop" not in step("contacts/loop/")
    # the target edited: only its own path is reported, and the note that links to it changes too
    (v.root / "store" / "Bea.md").write_text("---\nname: Bea\n---\n## Log\n- 2026-11-19 sent: again\n",
                                             encoding="utf-8")
    assert "sent on Nov 19 (again)" in step("store/Bea.md")
    (v.root / "store" / "Bea.md").unlink()
    assert "contacts/Bea.md: broken symbolic link" in step("store/Bea.md")


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symbolic links")
def test_notes_that_link_to_one_file_or_through_a_chain_follow_every_change_on_the_way(make_vault):
    """Two notes linking to one file, and a chain A -> B -> C: an edit of C re-reads every note
    it ends in; B pointed elsewhere, or replaced by a file of its own, re-reads A too."""
    v = make_vault
    (v.root / "store").mkdir(parents=True)

    def sam(day: int, name: str = "Sam") -> str:
        return f"---\nname: {name}\n---\n## Log\n- 2026-11-{day:02d} sent: hello\n"

    (v.root / "store" / "S.md").write_text(sam(10), encoding="utf-8")
    (v.root / "store" / "D.md").write_text(sam(12, "Dee"), encoding="utf-8")
    v.contact("Ana", "", "## Log\n- 2026-11-01 sent: hi")
    os.symlink("../store/S.md", v.root / "contacts" / "One.md")
    os.symlink("../store/S.md", v.root / "contacts" / "Two.md")
    os.symlink("Two.md", v.root / "contacts" / "Three.md")  # Three -> Two -> store/S.md
    printed: list[str] = []
    watcher = make_watcher(v.root, Clock(), printed)
    watcher.start()
    assert printed[-1] == _fresh_agenda(v.root)
    from relnotes.agenda.build import render

    def step(*rels: str) -> str:
        agenda = watcher.process(list(rels))
        assert agenda is not None, rels
        text = render(agenda)
        assert text.splitlines() == _fresh_agenda(v.root).splitlines(), rels
        return text

    (v.root / "store" / "S.md").write_text(sam(20), encoding="utf-8")
    assert "sent on Nov 10" not in step("store/S.md")  # all three notes read again
    (v.root / "contacts" / "Two.md").unlink()
    os.symlink("../store/D.md", v.root / "contacts" / "Two.md")
    step("contacts/Two.md")  # Three ends at D now, as Two does
    (v.root / "contacts" / "Two.md").unlink()
    (v.root / "contacts" / "Two.md").write_text(sam(21, "Twyla"), encoding="utf-8")
    assert "Twyla" in step("contacts/Two.md")  # Three ends at that file now


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify reports a link to a folder as a file")
def test_a_link_to_a_folder_made_and_removed_under_a_real_observer(make_vault):
    """inotify reports a symbolic link to a folder as a file whose name is not a note's: watch
    still sees it come (the loop reported, as a fresh read reports it) and go."""
    v = make_vault
    jane(v)
    (v.root / ".archive").mkdir()
    (v.root / ".archive" / "Old.md").write_text("---\nname: Old Friend\nfollow_up: 2026-11-20\n---\n", encoding="utf-8")
    clock = Clock()
    printed: list[str] = []
    with watching(v.root, clock, printed=printed) as loop:
        os.symlink("../contacts", v.root / "contacts" / "loop")
        os.symlink("../.archive", v.root / "contacts" / "more")  # a hidden folder, through a link
        assert wait_for(lambda: "Old Friend" in printed[-1] and "(a loop)" in printed[-1])
        assert printed[-1] == _fresh_agenda(v.root)
        (v.root / "contacts" / "loop").unlink()
        (v.root / "contacts" / "more").unlink()
        assert wait_for(lambda: "Old Friend" not in printed[-1] and "(a loop)" not in printed[-1])
        assert printed[-1] == _fresh_agenda(v.root)
        assert loop.watcher.regenerations >= 3


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs file names that are not UTF-8")
def test_what_the_walk_found_under_a_notes_name_stays_when_the_note_is_edited(make_vault):
    """A file named with bytes that are not UTF-8 is reported under the name it shows as, which
    here is also a real note's: editing that note keeps the walk's problem, as a fresh read has it."""
    v = make_vault
    v.write("contacts/caf\ufffd.md", "---\nname: Cafe\n---\n## Log\n- 2026-11-10 call: hi\n")
    with open(os.fsencode(str(v.root / "contacts")) + b"/caf\xff.md", "wb") as handle:
        handle.write(b"---\nname: Other\n---\n")
    printed: list[str] = []
    watcher = make_watcher(v.root, Clock(), printed)
    watcher.start()
    assert "the file name is not UTF-8" in printed[-1]
    v.write("contacts/caf\ufffd.md", "---\nname: Cafe\n---\n## Log\n- 2026-11-11 call: hi\n")
    agenda = watcher.process(["contacts/caf\ufffd.md"])
    assert agenda is not None
    from relnotes.agenda.build import render

    assert render(agenda) == _fresh_agenda(v.root)
    assert "the file name is not UTF-8" in render(agenda)

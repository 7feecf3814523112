"""The console script's first stop: ``--version``, ``--help`` and a plain ``due`` answered without importing click.

Everything else goes on to :mod:`relnotes.cli`. Start-up is most of what these two cost, and
click with our command modules is several times Python's own start-up; a status bar or a
shell completion calls them often. ``HELP`` is click's own rendering at its widest (terminals
of 80 columns or more); tests/test_entry.py fails, printing the new text, when it drifts.
"""

from __future__ import annotations

import os
import sys

from relnotes import __version__

HELP = """\
Usage: relnotes [OPTIONS] COMMAND [ARGS]...

  Follow up with the people you meet.

  relnotes reads contacts and event debriefs kept as Markdown notes in a vault
  folder and tells you whom to follow up with today, and why.

Options:
  --vault DIRECTORY   The vault folder (also $RELNOTES_VAULT).
  --today YYYY-MM-DD  Pretend today is this date (also $RELNOTES_TODAY).
  --debug             Show a traceback for unexpected errors.
  --version           Show the version and exit.
  -h, --help          Show this message and exit.

Commands:
  add           Create a contact note.
  agenda        Write the agenda note: overdue, today, this week,...
  archive       Set a contact's status to archived: only your own...
  check         Report every problem in the vault as file:line: message...
  commitments   Open promises both ways, oldest first, and who keeps theirs.
  debrief       Create an event debrief, and a contact note for everyone...
  done          Tick off a promise (TASK: part of its text), or the...
  draft         Draft a follow-up to CONTACT from a template (or every...
  due           List follow-ups that are overdue, due today, or coming up.
  edit          Open a contact's or an event's note in $VISUAL/$EDITOR,...
  events        What each event brought: people met, followed up, lasting.
  export        Get the vault out: vCard, iCalendar to-dos, JSON, CSV.
  find          Search contacts by name, alias, fields and note text...
  import        Bring contacts in: vCard, LinkedIn Connections.csv,...
  init          Create a vault: relnotes.toml, contacts/, events/ and a...
  intro         Introduce FIRST to SECOND, double opt-in: ask each, then...
  ledger        Give and take per contact (#gave, #got), and whom to act on.
  log           Add a line to a contact's Log: KIND is sent, received,...
  ls            List contacts: name, tier, last contact and next due...
  match         Introductions to make: needs that meet offers.
  merge         Merge OTHER's note into KEEP's (one person, two notes);...
  merge-driver  Merge a note three ways for git: BASE OURS THEIRS PATH...
  prep          A one-page brief before you meet CONTACT (Markdown).
  promise       Record a promise as a task line in the contact's note...
  pyramid       Contacts per tier, and whether their cadences fit your week.
  rename        Rename a contact: file, name: (the old name kept in...
  review        Judge a relationship at 30/60/90 days, from the evidence.
  roi           Which kind of event pays off, by format or purpose.
  show          A contact's profile: fields, how you met, what is due,...
  snooze        Hide a contact's items until a date (YYYY-MM-DD, fri,...
  sync          Commit changed notes, merge what came in from the...
  templates     List, show and copy the draft templates.
  tier          Set a contact's tier: ally, strategic, active or casual.
  unarchive     Set a contact's status back to active.
  watch         Rewrite the agenda whenever a note changes, and at midnight.
"""


def main() -> None:
    args = sys.argv[1:]
    if args == ["--version"]:
        _write(f"relnotes, version {__version__}\n")
        return
    if args in (["--help"], ["-h"]) and _columns() >= 80:
        _write(HELP)
        return
    from relnotes.cli.fast import main as fast_main

    fast_main(args)  # a plain `due` exits here, without importing click
    from relnotes.cli.group import main as cli_main

    cli_main()


def _write(text: str) -> None:
    """Print, as the CLI would: a reader gone away is no error; a full disk is one line."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError as exc:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.stderr.write(f"relnotes: cannot write the output: {exc.strerror}\n")
        sys.exit(2)


def _columns() -> int:
    """The terminal width as click finds it (shutil.get_terminal_size, without importing shutil)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


if __name__ == "__main__":  # git runs the merge driver as `python -m relnotes.entry merge-driver …`
    main()

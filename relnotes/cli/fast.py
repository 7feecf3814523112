"""``relnotes due`` without importing click: the command people run every morning, often from
a shell prompt or an editor hook.

With a current cache, a warm ``due`` costs a walk of the vault and one query; importing click
costs a good part of that again. So :func:`run` takes the common forms of the command —
``relnotes [--vault V] [--today D] due [--json] [--vault V] [--today D]`` — and runs the very
code the click command runs (:func:`relnotes.cli.dueview.show_due`, through the same
:class:`~relnotes.cli.app.App` and error boundary). Anything else, and anything it is not sure
of (another option, a value that looks like an option, a date or folder click would refuse),
returns None before a byte is written, and click parses the command as always: its errors,
help and completion are click's alone.

The options taken are :data:`OPTIONS`; tests/test_fast_due.py checks them against click's own
definitions of the group and the ``due`` command (names, flag or value, where accepted), and
checks that both paths print the same bytes and exit with the same status. ``RELNOTES_FAST=0``
turns the fast path off.
"""

from __future__ import annotations

import os
import stat
import sys
from datetime import date

TYPE_CHECKING = False  # typing is not imported: this module runs before anything else
if TYPE_CHECKING:
    from collections.abc import Callable

    from relnotes.cli.app import App
    from relnotes.vault.warm import StoredDue

# Where each option is accepted: the group's (before the command name) and due's own. Each
# maps the option to whether it takes a value; a value-less one is a flag.
OPTIONS: dict[str, dict[str, bool]] = {
    "group": {"--vault": True, "--today": True},
    "due": {"--vault": True, "--today": True, "--json": False},
}
COMMAND = "due"


class Parsed:
    """The command line as the fast path read it: each level's last value of each option."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, str]] = {"group": {}, "due": {}}
        self.as_json = False

    def value(self, name: str) -> str | None:
        """The command's own value wins over the group's, as with click."""
        return self.values["due"].get(name, self.values["group"].get(name))


def parse(args: list[str]) -> Parsed | None:
    """``args`` if they are a form the fast path takes, else None (click will parse them)."""
    parsed = Parsed()
    level = "group"
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if level == "group" and arg == COMMAND:
            level = "due"
            continue
        name, eq, value = arg.partition("=")
        takes_value = OPTIONS[level].get(name)
        if takes_value is None:
            return None  # a command, option or argument the fast path does not take
        if not takes_value:
            if eq:
                return None  # --json=x: click's to refuse
            parsed.as_json = True
            continue
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        if not value or value.startswith("-"):
            return None  # an option where a value should be, or -1d: click decides
        parsed.values[level][name] = value
    return parsed if level == "due" else None


def vault_ok(value: str) -> bool:
    """Whether click's ``Path(file_okay=False)`` takes this --vault as it is (it checks only a
    path that exists: not a file, and readable)."""
    try:
        st = os.stat(value)
    except OSError:
        return True
    return not stat.S_ISREG(st.st_mode) and os.access(value, os.R_OK)


def run(args: list[str]) -> int | None:
    """Answer ``due`` and return the exit status, or None (nothing written) for click to run it."""
    if COMMAND not in args or os.environ.get("RELNOTES_FAST") == "0" or os.environ.get("_RELNOTES_COMPLETE"):
        return None
    parsed = parse(args)
    if parsed is None:
        return None
    today: date | None = None
    for level in ("group", "due"):  # each level's value is converted, as click does
        text = parsed.values[level].get("--today")
        if text is not None:
            try:
                today = given_day(text)
            except ValueError:
                return None
        vault_given = parsed.values[level].get("--vault")
        if vault_given is not None and not vault_ok(vault_given):
            return None
    from relnotes.vault.warm import StoredDue, stored_due

    stored = stored_due(parsed.value("--vault"), today, parsed.as_json)
    if isinstance(stored, StoredDue):  # the list as stored, nothing else imported: printed as the full path prints it
        return _answer(lambda: _print_stored(stored, parsed.as_json), args)
    from relnotes.cli.app import App

    app = App(vault_opt=parsed.value("--vault"), today_opt=today, walked=stored)  # the walk made, if any
    return _answer(lambda: _show(app, parsed.as_json), args, app.debug)


def given_day(text: str) -> date:
    """What click's date type makes of a ``--today`` value (``relnotes.core.friendly.given_date``);
    a plain ISO date is read without importing it."""
    from relnotes.vault.warm import iso_day

    day = iso_day(text)
    if day is not None:
        return day
    from relnotes.core.friendly import given_date

    return given_date(text, date.today)


def _show(app: App, as_json: bool) -> None:
    from relnotes.cli.dueview import show_due

    show_due(app, as_json=as_json)


def _print_stored(stored: StoredDue, as_json: bool) -> None:
    from relnotes.cli.dueview import print_due
    from relnotes.cli.output import Style

    print_due(stored.items, stored.today, stored.problems, as_json, Style.for_stdout(), stored.json)


def _answer(work: Callable[[], None], args: list[str], debug: bool = False) -> int:
    from relnotes.cli.boundary import internal, say, settle_output, visible_output
    from relnotes.errors import RelnotesError

    with visible_output():
        try:
            work()
            code = 0
        except BrokenPipeError:  # the reader went away (`relnotes due | head`): stop, quietly
            code = 0
        except RelnotesError as exc:
            say(f"relnotes: {exc.format()}")
            code = exc.exit_code
        except KeyboardInterrupt:
            say("")
            say("Aborted.")
            code = 130
        except Exception as exc:
            code = internal(debug, args, exc)
        settle_output()
    return code


def main(args: list[str]) -> None:
    """entry.main's step: exit here when the fast path answered."""
    code = run(args)
    if code is not None:
        sys.exit(code)

"""The command line: parse, call one function, print. Errors become one line on stderr."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from relnotes import __version__
from relnotes.cli.app import App
from relnotes.cli.boundary import internal as _internal
from relnotes.cli.boundary import say as _say
from relnotes.cli.boundary import settle_output as _settle_output
from relnotes.cli.boundary import visible_output as _visible_output
from relnotes.cli.commands.common import pass_app
from relnotes.cli.params import vault_options
from relnotes.errors import RelnotesError


def _completing(prog_name: str, complete_var: str | None) -> bool:
    """Whether this run is a shell asking for completions (Click's ``_RELNOTES_COMPLETE``)."""
    var = complete_var or "_{}_COMPLETE".format(prog_name.replace("-", "_").replace(".", "_").upper())
    return bool(os.environ.get(var))


class LazyGroup(click.Group):
    """Commands live in relnotes.commands.*; each module is imported only when its command runs.

    ``main`` is the single error boundary: a RelnotesError becomes one line on stderr and its
    exit code; anything unexpected becomes one line too (a traceback only with --debug).
    """

    # command name -> module in relnotes.cli.commands
    COMMANDS = {
        "due": "due",
        "check": "check",
        "init": "init",
        "add": "capture",
        "debrief": "capture",
        "log": "edit",
        "done": "edit",
        "snooze": "edit",
        "tier": "edit",
        "promise": "edit",
        "show": "show",
        "find": "show",
        "draft": "draft",
        "intro": "draft",
        "prep": "draft",
        "templates": "draft",
        "agenda": "agenda",
        "watch": "watch",
        "review": "review",
        "ledger": "ledger",
        "commitments": "commitments",
        "events": "events",
        "roi": "roi",
        "match": "match",
        "pyramid": "pyramid",
        "archive": "archive",
        "unarchive": "archive",
        "edit": "editor",
        "ls": "ls",
        "rename": "rename",
        "merge": "rename",
        "import": "interop",
        "export": "interop",
        "sync": "sync",
        "merge-driver": "sync",
    }

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[no-untyped-def,override]
        app = extra.pop("obj", None) or App()
        argv = list(args) if args is not None else sys.argv[1:]
        with _visible_output():
            try:
                code = self._run(app, argv, prog_name or "relnotes", complete_var, extra)
            except BrokenPipeError:  # the reader went away (`relnotes due | head`): stop, quietly
                code = 0
            _settle_output()
        sys.exit(code)

    def _run(self, app: App, argv: list[str], prog_name: str, complete_var: str | None,
             extra: dict[str, object]) -> int:
        """Run the command; its exit status. Errors are said here, in one line on stderr."""
        try:
            rv = super().main(argv, prog_name, complete_var, standalone_mode=False, obj=app, **extra)
        except click.exceptions.Abort:
            _say("Aborted.")
            return 130
        except click.ClickException as exc:
            with contextlib.suppress(BrokenPipeError):  # as _say
                exc.show()
            return exc.exit_code
        except RelnotesError as exc:
            _say(f"relnotes: {exc.format()}")
            return exc.exit_code
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            raise
        except KeyError as exc:
            if _completing(prog_name, complete_var):
                _say(f"relnotes: shell completion needs ${exc.args[0]}, which the shell's completion script "
                     "sets; add the line for your shell from 'Shell completion' in docs/cli.md to its rc file")
                return 2
            return _internal(app.debug, argv, exc)
        except Exception as exc:
            return _internal(app.debug, argv, exc)
        return rv if isinstance(rv, int) else 0

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, module in self.COMMANDS.items() if _exists(module))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module_name = self.COMMANDS.get(name)
        if module_name is None or not _exists(module_name):
            return None
        from importlib import import_module

        module = import_module(f"relnotes.cli.commands.{module_name}")
        attr = name.replace("-", "_")
        command: click.Command = getattr(module, attr, None) or getattr(module, attr + "_")  # import_
        from relnotes.cli.completion import with_completion

        return with_completion(command)


def _exists(module: str) -> bool:
    return (Path(__file__).parent / "commands" / f"{module}.py").is_file()


# color: click leaves escape sequences in for VisibleStream to show, rather than deleting some
# (CSI) only when the output is not a terminal: the same text on a terminal and in a pipe.
@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "color": True})
@vault_options
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
@click.version_option(__version__, prog_name="relnotes")
@pass_app
def cli(app: App, debug: bool) -> None:
    """Follow up with the people you meet.

    relnotes reads contacts and event debriefs kept as Markdown notes in a vault
    folder and tells you whom to follow up with today, and why.
    """
    app.debug = debug


def main() -> None:
    """The console script."""
    cli.main(prog_name="relnotes")

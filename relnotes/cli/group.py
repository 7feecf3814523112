"""The command line: parse, call one function, print. Errors become one line on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from relnotes import __version__
from relnotes.cli.app import App
from relnotes.cli.commands.common import pass_app
from relnotes.cli.params import vault_options
from relnotes.errors import RelnotesError


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
    }

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[no-untyped-def,override]
        app = extra.pop("obj", None) or App()
        argv = list(args) if args is not None else sys.argv[1:]
        try:
            rv = super().main(argv, prog_name or "relnotes", complete_var, standalone_mode=False, obj=app, **extra)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except RelnotesError as exc:
            click.echo(f"relnotes: {exc.format()}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:
            if "--debug" in argv or app.debug:
                import traceback

                traceback.print_exc()
            else:
                click.echo(f"relnotes: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                           err=True)
            sys.exit(70)
        sys.exit(rv if isinstance(rv, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, module in self.COMMANDS.items() if _exists(module))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module_name = self.COMMANDS.get(name)
        if module_name is None or not _exists(module_name):
            return None
        from importlib import import_module

        module = import_module(f"relnotes.cli.commands.{module_name}")
        command: click.Command = getattr(module, name.replace("-", "_"))
        return command


def _exists(module: str) -> bool:
    return (Path(__file__).parent / "commands" / f"{module}.py").is_file()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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

"""The error boundary every run goes through, click's (relnotes.cli.group) and the fast
``due``'s (relnotes.cli.fast): output shown escaped, a bug as one line, a reader gone away as
no error. Click-free, so the fast path shares it."""

from __future__ import annotations

import contextlib
import os
import sys

from relnotes.cli.output import VisibleStream

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator


def say(message: str) -> None:
    """One line on stderr; when no one reads stderr any more, the exit status still says it."""
    if sys.stderr is None:  # started with stderr closed
        return
    with contextlib.suppress(BrokenPipeError):
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def internal(debug: bool, argv: list[str], exc: Exception) -> int:
    """A bug: one line (the traceback with --debug), exit 70."""
    if "--debug" in argv or debug:
        import traceback

        say(traceback.format_exc().rstrip())
    else:
        say(f"relnotes: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
    return 70


@contextlib.contextmanager
def visible_output() -> Iterator[None]:
    """stdout and stderr as VisibleStreams while the command runs: every echo, print and warning
    shows control characters escaped (relnotes.cli.output.visible), whoever prints it."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and sys.stderr is not None and not isinstance(sys.stdout, VisibleStream):
        sys.stdout = VisibleStream(sys.stdout)  # type: ignore[assignment]
        sys.stderr = VisibleStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def settle_output() -> None:
    """Flush stdout and stderr. One whose reader has gone is pointed at /dev/null, so the flush
    at exit does not fail again (Python's advice for SIGPIPE), with no exit status 120."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with it closed
            continue
        try:
            stream.flush()
        except OSError:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())

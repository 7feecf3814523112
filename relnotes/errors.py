"""The one exception family. Only the CLI turns these into a line on stderr.

Every failure a user can cause is one of the subclasses below, each with the exit status the
CLI exits with (``exit_code``); ``RelnotesError`` itself is never raised (tests/test_errors.py
checks that). Exit statuses: 2 for everything the user can put right and run again, 3 when a
note changed while relnotes was editing it (nothing was written: just run it again), and,
outside this family, 1 for ``check`` finding problems, 70 for a bug, 130 for Ctrl-C.
"""

from __future__ import annotations


class RelnotesError(Exception):
    """Something the user can fix. ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.format())

    def format(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class UsageError(RelnotesError):
    """A value given on the command line or in the environment cannot be used (an empty title,
    a log kind of two words, a name that would break links, a bad ``$RELNOTES_TODAY``)."""


class ConfigError(RelnotesError):
    """relnotes.toml is missing a piece, has a wrong type or an unknown value."""


class VaultError(RelnotesError):
    """The vault cannot be found, read or written as asked (no vault here, a link out of it)."""


class NoteError(RelnotesError):
    """One note cannot be parsed or edited as asked; the rest of the vault still works."""


class ResolveError(RelnotesError):
    """A contact, event or task reference is unknown or ambiguous."""


class ExistsError(RelnotesError):
    """A note or file relnotes would create is there already (or would be a duplicate); nothing was written."""


class WriteError(RelnotesError):
    """The file system does not let relnotes write where it must: a file where a folder goes, no
    permission, a full disk. Nothing was written, unless the message says what was."""


class AgendaError(RelnotesError):
    """The agenda may not be written to that file: it is a note, relnotes.toml, or a file
    relnotes did not write."""


class TemplateError(RelnotesError):
    """A template is missing, refused, or failed to render."""


class ToolError(RelnotesError):
    """A program relnotes runs for you (your editor, your mail app) is missing or failed."""


class GitError(ToolError):
    """git is missing, the vault is not a repository, or git refused (a hook, no user.email)."""


class ConflictError(RelnotesError):
    """A note changed on disk between reading and writing it, or another relnotes holds it;
    nothing was written, and running the command again is safe."""

    exit_code = 3

    @classmethod
    def changed(cls, shown: str) -> ConflictError:
        """The one message for a note that changed since it was read (``shown``: its vault path)."""
        return cls(f"{shown} changed on disk since it was read; nothing was written — run the command again")

"""The one exception family. Only the CLI turns these into a line on stderr."""

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


class ConfigError(RelnotesError):
    """relnotes.toml is missing a piece, has a wrong type or an unknown value."""


class VaultError(RelnotesError):
    """The vault cannot be found or read."""


class NoteError(RelnotesError):
    """One note cannot be parsed; the rest of the vault still works."""


class ResolveError(RelnotesError):
    """A contact reference is unknown or ambiguous."""


class ConflictError(RelnotesError):
    """A note changed on disk between reading and writing it; nothing was written."""

    exit_code = 3


class TemplateError(RelnotesError):
    """A template is missing, or failed to render."""

"""The YAML loader front matter is read with, for parsing notes and for checking edits to them.

PyYAML is imported only when it is needed: most front matter is read by
:mod:`~relnotes.notes.fastyaml`, and importing PyYAML costs more than reading a few notes
(a tenth of a ``due`` that reads one changed note).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from relnotes.notes import fastyaml

if TYPE_CHECKING:
    import yaml


@functools.cache
def note_loader() -> Any:
    """Safe YAML (the C loader where there is one); a malformed timestamp stays a string so the
    field check can name it."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class NoteLoader(base):  # type: ignore[misc,valid-type]
        pass

    def timestamp(loader: Any, node: Any) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except (ValueError, TypeError, OverflowError):
            return loader.construct_scalar(node)

    NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return NoteLoader


def yaml_error() -> type[yaml.YAMLError]:
    """PyYAML's error class, for an ``except`` clause (which evaluates it only when something
    was raised: PyYAML is imported then, if nothing imported it before)."""
    import yaml

    return yaml.YAMLError


def load_yaml(yaml_text: str) -> Any:
    """Front matter as PyYAML reads it with :func:`note_loader`; the common shapes by the fast reader."""
    value = fastyaml.load(yaml_text)
    if value is fastyaml.UNSUPPORTED:
        import yaml

        value = yaml.load(yaml_text, Loader=note_loader())
    return value


def yaml_problem(exc: yaml.YAMLError, yaml_text: str, yaml_line: int) -> tuple[int, str]:
    """(file line, what is wrong) of a YAML error in front matter whose first line is ``yaml_line``."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    last = yaml_line + max(0, yaml_text.count("\n") - 1)
    line = min(yaml_line + mark.line, last) if mark is not None else yaml_line
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return line, problem

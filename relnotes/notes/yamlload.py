"""The YAML loader front matter is read with, for parsing notes and for checking edits to them."""

from __future__ import annotations

from typing import Any

import yaml

from relnotes.notes import fastyaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class NoteLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe YAML; a malformed timestamp stays a string so the field check can name it."""


def _timestamp(loader: Any, node: Any) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, TypeError, OverflowError):
        return loader.construct_scalar(node)


NoteLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml(yaml_text: str) -> Any:
    """Front matter as PyYAML reads it with NoteLoader; the common shapes by the fast reader."""
    value = fastyaml.load(yaml_text)
    if value is fastyaml.UNSUPPORTED:
        value = yaml.load(yaml_text, Loader=NoteLoader)
    return value


def yaml_problem(exc: yaml.YAMLError, yaml_text: str, yaml_line: int) -> tuple[int, str]:
    """(file line, what is wrong) of a YAML error in front matter whose first line is ``yaml_line``."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    last = yaml_line + max(0, yaml_text.count("\n") - 1)
    line = min(yaml_line + mark.line, last) if mark is not None else yaml_line
    problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
    return line, problem

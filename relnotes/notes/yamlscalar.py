"""Writing single YAML values as text for front matter lines, the way a person would."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

_PLAIN = re.compile(r"^[A-Za-z][\w .,@'()+/&-]*$")
_AMBIGUOUS = {"yes", "no", "on", "off", "true", "false", "null", "none", "~", "y", "n"}


def scalar(value: Any) -> str:
    """``Jane Doe``, ``2026-12-01``, ``"[[Mixer]]"``, ``"yes"``: plain when safe, quoted otherwise."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = " ".join(str(value).split())
    if _PLAIN.match(text) and text.lower() not in _AMBIGUOUS and not text.endswith(":") and ": " not in text \
            and " #" not in text:
        return text
    dumped: str = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=10**6)
    return dumped.strip()


def flow_list(values: list[Any]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"

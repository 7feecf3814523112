"""The typed context object every command gets: config, index and today, built lazily."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from datetime import date

from .config import Config, find_root, load_config
from .dates import parse_date
from .errors import RelnotesError
from .index import Index
from .output import Style


@dataclass
class App:
    vault_opt: str | None = None
    today_opt: date | None = None
    debug: bool = False
    style: Style = field(default_factory=Style.for_stdout)
    _config: Config | None = None
    _index: Index | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(find_root(self.vault_opt))
        return self._config

    @property
    def today(self) -> date:
        if self.today_opt is not None:
            return self.today_opt
        env = os.environ.get("RELNOTES_TODAY")
        if env:
            try:
                return parse_date(env)
            except ValueError:
                raise RelnotesError(f"RELNOTES_TODAY={env!r} is not a date (use YYYY-MM-DD)") from None
        return date.today()

    @property
    def index(self) -> Index:
        if self._index is None:
            from .vault import load_index

            self._index = load_index(self.config, progress=_progress if sys.stderr.isatty() else None)
        return self._index

    def reload(self) -> Index:
        self._index = None
        return self.index


def _progress(done: int, total: int) -> None:
    if total < 2000:
        return
    end = "\n" if done == total else ""
    sys.stderr.write(f"\rreading notes: {done}/{total}{end}")
    sys.stderr.flush()

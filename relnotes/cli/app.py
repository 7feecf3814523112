"""The typed context object every command gets: config, index and today, built lazily."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from relnotes.cli.output import Style, unescaped
from relnotes.config import find_root, load_config
from relnotes.core.dates import parse_date
from relnotes.core.settings import Config
from relnotes.errors import UsageError, VaultError

if TYPE_CHECKING:
    from relnotes.core.index import Index
    from relnotes.vault.duecache import Snapshot
    from relnotes.vault.warm import Walked


@dataclass
class App:
    vault_opt: str | None = None
    today_opt: date | None = None
    debug: bool = False
    use_cache: bool = field(default_factory=lambda: os.environ.get("RELNOTES_NO_CACHE", "") in ("", "0"))
    style: Style = field(default_factory=Style.for_stdout)
    walked: Walked | None = None  # a walk the fast path made moments ago (relnotes.vault.warm), for one use
    _config: Config | None = None
    _index: Index | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(find_root(self.vault_opt))
        return self._config

    @property
    def config_or_none(self) -> Config | None:
        """The vault's config; None when no vault was named and none is found here (``templates
        list`` then shows the built-in templates). A named vault that is not there is an error."""
        if self._config is None and not (self.vault_opt or os.environ.get("RELNOTES_VAULT")):
            try:
                find_root(None)
            except VaultError:
                return None
        return self.config

    @property
    def today(self) -> date:
        if self.today_opt is not None:
            return self.today_opt
        env = os.environ.get("RELNOTES_TODAY")
        if env:
            try:
                return parse_date(env)
            except ValueError:
                raise UsageError(f"RELNOTES_TODAY={env!r} is not a date (use YYYY-MM-DD)") from None
        return date.today()

    @property
    def index(self) -> Index:
        if self._index is None:
            from relnotes.vault.cache import with_cache_or_without
            from relnotes.vault.load import load_index

            config, progress = self.config, _progress_for_tty()
            if self.use_cache:
                self._index = with_cache_or_without(
                    config, warn, lambda cache: load_index(config, progress, cache, warn))
            else:
                self._index = load_index(config, progress, None, warn)
        return self._index

    def due_snapshot(self, horizon: date, as_texts: bool = False) -> Snapshot:
        """Today's items due by ``horizon``, and the vault's problems (from the cache when it is
        current); ``as_texts``: the items as due --json writes them, when the cache has them so."""
        from relnotes.vault.duecache import due_snapshot

        walked, self.walked = self.walked, None
        snapshot = due_snapshot(self.config, self.today, horizon, warn=warn, progress=_progress_for_tty(),
                                use_cache=self.use_cache, walked=walked, as_texts=as_texts)
        if snapshot.index is not None:
            self._index = snapshot.index
        return snapshot

    def use_config(self, config: Config) -> None:
        """Read the vault with ``config`` from now on (an agenda ``--out`` inside the vault)."""
        self._config, self._index = config, None

    def reload(self) -> Index:
        self._index = None
        return self.index


def warn(message: str) -> None:
    if sys.stderr is None:  # started with stderr closed: nobody to tell
        return
    sys.stderr.write(f"warning: {message}\n")
    sys.stderr.flush()


def _progress_for_tty() -> Callable[[int, int], None] | None:
    return _progress if sys.stderr is not None and sys.stderr.isatty() else None


def _progress(done: int, total: int) -> None:
    if total < 2000:
        return
    end = "\n" if done == total else ""
    stream = unescaped(sys.stderr)  # its "\r" is meant: not shown as \x0d
    stream.write(f"\rreading notes: {done}/{total}{end}")
    stream.flush()

"""Click parameter types and shared options: input becomes domain values early."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from relnotes.config import MAX_DURATION
from relnotes.core.dates import Duration, parse_duration
from relnotes.core.friendly import ALSO, given_date, not_a_date
from relnotes.core.settings import TIERS

F = TypeVar("F", bound=Callable[..., Any])


class DateParam(click.ParamType):
    """``2026-12-01`` or a friendly date (``today``, ``fri``, ``-1d``, ``+2w``), counted from the
    command's today; ``--today`` itself (``clock=True``) counts from the real calendar."""

    name = "YYYY-MM-DD"

    def __init__(self, clock: bool = False) -> None:
        self.clock = clock

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return given_date(str(value), date.today if self.clock else lambda: _today(ctx))
        except ValueError:
            self.fail(not_a_date(str(value)), param, ctx)


def _today(ctx: click.Context | None) -> date:
    """The command's today (``--today``, $RELNOTES_TODAY or the clock) for counting friendly dates."""
    app = ctx.find_object(_app_type()) if ctx is not None else None
    if app is None:
        return date.today()
    today: date = app.today
    return today


class DurationParam(click.ParamType):
    name = "DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Duration:
        if isinstance(value, Duration):
            return value
        try:
            parsed = parse_duration(str(value))
        except ValueError:
            parsed = None
        if parsed is None:
            self.fail(f"{value!r} is not a duration (use e.g. 10d, 3w, 2m, 1y)", param, ctx)
        if parsed.count > MAX_DURATION[parsed.unit]:  # as relnotes.toml: longer is a typo
            self.fail(f"{value!r} is too long: at most 100 years (100y, 1200m, 5217w or 36525d)", param, ctx)
        return parsed


class AmountParam(click.ParamType):
    """A number of at least 0 that is finite: ``nan`` and ``inf`` are not what an event cost."""

    name = "NUMBER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number) or number < 0:
            self.fail(f"{value!r} is not a number of 0 or more (e.g. 25 or 2.5)", param, ctx)
        return number


class DateOrDurationParam(click.ParamType):
    """``2026-12-01``, a friendly date (``fri``, ``+2w``) or ``2w`` (a duration: from today)."""

    name = "DATE|DURATION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date | Duration:
        text = str(value)
        try:
            parsed = parse_duration(text)
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed
        try:
            return DATE.convert(text, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} is neither a date (YYYY-MM-DD) nor a duration (e.g. 10d, 3w, 2m); {ALSO}",
                      param, ctx)


DATE = DateParam()
TODAY = DateParam(clock=True)
DURATION = DurationParam()
AMOUNT = AmountParam()
DATE_OR_DURATION = DateOrDurationParam()
TIER = click.Choice(TIERS, case_sensitive=False)  # every --tier and TIER: any letter case, given as in TIERS
TIER_NAMES = f"{', '.join(TIERS[:-1])} or {TIERS[-1]}"  # for help texts: "ally, strategic, active or casual"


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON (a stable interface, see docs/json.md).")(f)


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None:
            app = ctx.find_object(_app_type())
            if app is not None:
                setattr(app, name, value)
        return value

    return callback


def _app_type() -> type:
    from relnotes.cli.app import App

    return App


def vault_options(f: F) -> F:
    """--vault and --today, accepted on the group and on every command (the command's wins)."""
    f = click.option(
        "--today", type=TODAY, default=None, expose_value=False, is_eager=True,
        callback=_store("today_opt"), help="Pretend today is this date (also $RELNOTES_TODAY).",
    )(f)
    f = click.option(
        "--vault", type=click.Path(file_okay=False, path_type=str), default=None, expose_value=False,
        callback=_store("vault_opt"), help="The vault folder (also $RELNOTES_VAULT).",
    )(f)
    return f

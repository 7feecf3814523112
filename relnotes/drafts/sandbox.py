"""The Jinja sandbox templates render in, with limits, so no template can hang or exhaust memory.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` already keeps templates away from Python
internals. On top of it, every render has a budget of steps (loop turns, calls, look-ups,
operators, filters) and seconds, and every value a template makes is bounded: ``range()``
length, big numbers (``**`` and ``*`` of whole numbers), text and list sizes (``*``, ``+``, ``~``,
``replace``, ``join``, ``indent``, widths such as ``center(…)`` or ``'%0999d'``) and the
rendered draft. Going over a limit is a :class:`LimitError`: one line naming the template
and line. docs/templates.md lists the limits. No Click here.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from itertools import islice
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

MAX_RANGE = 10_000  # numbers in one range()
MAX_SIZE = 1_000_000  # characters in a text, items in a list, that a template makes
MAX_OUTPUT = 1_000_000  # characters of one rendered draft
MAX_STEPS = 1_000_000  # loop turns, look-ups and operators in one draft; a call counts as CALL_STEPS
CALL_STEPS = 10  # a call (a macro, a method, a filter) costs that many steps: it can do much more
MAX_SECONDS = 10.0  # to render one draft
MAX_DIGITS = 1_000  # of a whole number a template makes
CHECK_CLOCK = 1024  # steps between two looks at the clock

WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "to_bytes"}  # their numbers are sizes
WIDTH_FILTERS = {"center", "batch", "slice"}
GROWING = (list, dict, set)  # extend(), update()… make these bigger in place
PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
BRACES = re.compile(r"\{[^{}:]*:((?:[^{}]|\{[^{}]*\})*)\}")


class LimitError(SecurityError):
    """A template went over one of the limits. ``template_line``: where, when no frame says it."""

    def __init__(self, message: str, template_line: int | None = None) -> None:
        super().__init__(message)
        self.template_line = template_line


class Budget:
    """Steps and seconds left for one draft; :meth:`start` before each."""

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self.steps = 0
        self.clock_at = CHECK_CLOCK
        self.deadline = time.monotonic() + MAX_SECONDS

    def step(self, cost: int = 1) -> None:
        self.steps += cost
        if self.steps > MAX_STEPS:
            raise LimitError(f"the template took more than {MAX_STEPS:,} steps (loop turns, calls, look-ups); "
                             "is a loop nested too deep?")
        if self.steps >= self.clock_at:
            self.clock_at = self.steps + CHECK_CLOCK
            if time.monotonic() > self.deadline:
                raise LimitError(f"the template took more than {MAX_SECONDS:g} seconds to render")


# --- sizes ------------------------------------------------------------------------------------

def _number(n: int, grouped: bool = False) -> str:
    """``42`` (``1,000,000`` grouped), or ``a number of 617 digits`` (never a str() of a huge number)."""
    if abs(n) >= 10**15:
        return f"a number of {_digits(n)} digits"
    return f"{n:,}" if grouped else str(n)


def _digits(n: int) -> int:
    return int(abs(n).bit_length() * math.log10(2)) + 1


def _too_big(like: object, size: int) -> LimitError:
    """``a text of 1,048,576 characters is over the limit…`` (``a list of … items`` unless ``like`` is text)."""
    what = f"a text of {size:,} characters" if isinstance(like, str | bytes) else f"a list of {size:,} items"
    return LimitError(f"{what} is over the limit of {MAX_SIZE:,}")


def sized(value: Any) -> Any:
    """``value``, or LimitError when it is a text, list or number over the limits."""
    if isinstance(value, bool | jinja2.Undefined):
        return value
    if isinstance(value, int):
        if _digits(value) > MAX_DIGITS:
            raise LimitError(f"{_number(value)} is too large a number (over {MAX_DIGITS:,} digits)")
    elif isinstance(value, Sized) and not isinstance(value, range) and len(value) > MAX_SIZE:
        raise _too_big(value, len(value))
    return value


def bounded_range(*args: int) -> range:
    """``range()`` of at most MAX_RANGE numbers."""
    r = range(*args)
    span = (r.stop - r.start) if r.step > 0 else (r.start - r.stop)
    count = max(0, (span + abs(r.step) - 1) // abs(r.step))
    if count > MAX_RANGE:
        raise LimitError(f"range() of {count:,} numbers is over the limit of {MAX_RANGE:,}")
    return r


def _check_ints(name: str, values: Iterable[Any]) -> None:
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
            raise LimitError(f"{name}(): {_number(value, grouped=True)} is over the limit of {MAX_SIZE:,}")


def _check_width(fmt: str, digits: str) -> None:
    if digits.isdigit() and (len(digits) > 15 or int(digits) > MAX_SIZE):
        shown = fmt if len(fmt) <= 40 else fmt[:40] + "…"
        count = f"{int(digits):,}" if len(digits) <= 15 else f"a {len(digits)}-digit number of"
        raise LimitError(f"the format {shown!r} asks for {count} characters (at most {MAX_SIZE:,})")


def _check_printf(fmt: str, values: Any) -> None:
    """``'%0999999999d' % 1``, ``'%*d' % (10**9, 1)``: widths and precisions within MAX_SIZE."""
    starred = False
    for m in PRINTF.finditer(fmt):
        for digits in (m[1] or "", m[2] or ""):
            starred = starred or digits == "*"
            _check_width(fmt, digits)
    if starred:
        _check_ints("format", values if isinstance(values, tuple) else (values,))


def _check_braces(fmt: str, args: Iterable[Any]) -> None:
    """``'{:>999999999}'.format(1)``, ``'{:{}}'.format('x', 10**9)``: the same for str.format."""
    for spec in BRACES.findall(fmt):
        for digits in re.findall(r"\d+", re.sub(r"\{[^{}]*\}", "", spec)):
            _check_width(fmt, digits)
        if "{" in spec:
            _check_ints("format", args)


def _check_size(name: str, size: int, what: str = "a text of about {:,} characters") -> None:
    if size > MAX_SIZE:
        raise LimitError(f"{name}(): {what.format(size)} is over the limit of {MAX_SIZE:,}")


def _replace(name: str, s: object, old: object, new: object, count: object = None) -> None:
    s, old, new = str(s), str(old), str(new)
    times = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    _check_size(name, len(s) + times * (len(new) - len(old)))


def _listed(items: Any) -> Any:
    """``items`` as something with a length (at most MAX_SIZE + 1 of them are taken)."""
    if isinstance(items, Sized):
        return items
    return sized(list(islice(items, MAX_SIZE + 1)))


# --- str methods and filters that make text grow ----------------------------------------------------

def _str_method(owner: str, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Check a call of ``owner.name(*args)`` before it runs; the args to call it with."""
    if name == "replace" and len(args) >= 2:
        _replace(name, owner, *args[:3])
    elif name == "join" and len(args) == 1:
        args = (_listed(args[0]),)
        _check_size(name, len(owner) * max(len(args[0]) - 1, 0))
    elif name == "expandtabs":
        _check_ints(name, (*args, *kwargs.values()))
        tabsize = (args or list(kwargs.values()) or [8])[0]
        _check_size(name, len(owner) + owner.count("\t") * (tabsize if isinstance(tabsize, int) else 0))
    return args


def _bind(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any] | None:
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
    except TypeError:
        return None  # the call itself will say what is wrong
    bound.apply_defaults()
    return dict(bound.arguments)


def _check_filter(name: str, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if name in WIDTH_FILTERS:
        _check_ints(name, (*args, *kwargs.values()))
        return
    a = _bind(fn, args, kwargs)
    if a is None:
        return
    if name == "replace":
        _replace(name, a["s"], a["old"], a["new"], a["count"])
    elif name == "indent":
        width = a["width"]
        _check_ints(name, (width,))
        prefix = len(width) if isinstance(width, str) else int(width)
        _check_size(name, len(str(a["s"])) + str(a["s"]).count("\n") * prefix)
    elif name == "wordwrap":
        _check_ints(name, (a["width"],))
        lines = len(str(a["s"])) // max(int(a["width"]), 1) + 1
        _check_size(name, len(str(a["s"])) + lines * len(a["wrapstring"] or "\n"))
    elif name == "format":
        _check_printf(str(a["value"]), a["args"] or tuple(a["kwargs"].values()))


def _adding_filter(name: str, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """``join`` and ``sum``, their items listed first so that the size is known before adding them up."""
    a = _bind(fn, args, kwargs)
    if a is None:
        return fn(*args, **kwargs)
    if name == "join":
        items = _listed(a["value"])
        _check_size(name, len(str(a["d"])) * max(len(items) - 1, 0))
        return fn(a["eval_ctx"], items, a["d"], a["attribute"])
    items = _listed(a["iterable"])
    if isinstance(a["start"], Sized) and a["attribute"] is None:  # lists or texts added up
        size = len(a["start"]) + sum(len(item) for item in items if isinstance(item, Sized))
        _check_size(name, size, "a list of about {:,} items" if isinstance(a["start"], list) else
                    "a text of about {:,} characters")
    return fn(a["environment"], items, a["attribute"], a["start"])


# --- the environment -----------------------------------------------------------------------------

class LimitedCodeGenerator(CodeGenerator):
    """Compiles what every loop goes over through ``environment.limited_iter`` and every ``~`` through ``sized``."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self.loop_iters = {id(loop.iter) for loop in node.find_all(nodes.For)}
        super().visit_Template(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        if id(node) not in getattr(self, "loop_iters", ()):
            return super().visit(node, *args, **kwargs)
        self.write("environment.limited_iter(")
        super().visit(node, *args, **kwargs)
        self.write(")")
        return None

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox with a :class:`Budget` (``budget.start()`` before each draft) and bounded values."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = LimitedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = Budget()
        self.globals["range"] = bounded_range
        self.globals.pop("lipsum", None)  # lipsum(n) makes n paragraphs; drafts have no use for it

    def guard_filters(self) -> None:
        """Every filter counts as a step and has its result bounded; call once the filters are set."""
        self.filters = {name: self._guarded(name, fn) for name, fn in self.filters.items()}

    def _guarded(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)  # keeps Jinja's pass_context / pass_eval_context marks
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.budget.step(CALL_STEPS)
            if name in ("join", "sum"):
                return sized(_adding_filter(name, fn, args, kwargs))
            _check_filter(name, fn, args, kwargs)
            return sized(fn(*args, **kwargs))

        return guarded

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{:>9}'.format(…)``: Jinja's sandboxed str.format, its widths checked first."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt: str = value.__self__

        @functools.wraps(wrapped)
        def checked(*args: Any, **kwargs: Any) -> str:
            values = args[0].values() if len(args) == 1 and isinstance(args[0], dict) else args
            _check_braces(fmt, (*values, *kwargs.values()))
            return wrapped(*args, **kwargs)

        return checked

    def sized(self, value: Any) -> Any:
        return sized(value)

    def limited_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        step = self.budget.step
        for item in iterable:
            step()
            yield item

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.step()
        return super().getitem(obj, argument)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.step()
        _check_binop(operator, left, right)
        return sized(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.step(CALL_STEPS)
        name, owner = getattr(__obj, "__name__", ""), getattr(__obj, "__self__", None)
        if name in WIDTH_METHODS and isinstance(owner, str | int):
            _check_ints(name, (*args, *kwargs.values()))
        if isinstance(owner, str):
            args = _str_method(owner, name, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(owner, GROWING):
            sized(owner)
        return sized(result)

    def render_limited(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """``template.render(context)``, the output bounded to MAX_OUTPUT characters."""
        parts: list[str] = []
        size = 0
        chunks = template.root_render_func(template.new_context(context))
        try:
            for part in chunks:
                self.budget.step()
                size += len(part)
                if size > MAX_OUTPUT:
                    frame = chunks.gi_frame  # type: ignore[attr-defined]
                    line = template.get_corresponding_lineno(frame.f_lineno) if frame is not None else None
                    raise LimitError(f"the draft is longer than {MAX_OUTPUT:,} characters", line)
                parts.append(part)
        except Exception:
            self.handle_exception()
        return "".join(parts)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``9 ** (9 ** 9)``, ``'x' * 10 ** 10``, ``s + s`` over the limits before computing them."""
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "**" and ints and right > 0 and abs(left) > 1:
        if right * math.log10(abs(left)) > MAX_DIGITS:
            raise LimitError(f"{_number(left)} ** {_number(right)} is too large a number "
                             f"(over {MAX_DIGITS:,} digits)")
    elif operator == "*" and ints:
        if _digits(left) + _digits(right) > MAX_DIGITS + 1:
            raise LimitError(f"{_number(left)} * {_number(right)} is too large a number "
                             f"(over {MAX_DIGITS:,} digits)")
    elif operator == "*":
        seq, times = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(seq, str | bytes | list | tuple) and isinstance(times, int) and len(seq) * times > MAX_SIZE:
            raise _too_big(seq, len(seq) * times)
    elif operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
        if len(left) + len(right) > MAX_SIZE:
            raise _too_big(left, len(left) + len(right))
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)

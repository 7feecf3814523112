"""A three-way merge of one note (git's base, ours and theirs), by the note's own grammar. Pure.

- Front matter key by key, over each top-level key's lines (the key line, its continuation; the
  comments below it go with it): changed on one side → that side's lines; the same change on both → once;
  different changes → a conflict around that key's lines alone. Keys keep ours' order; a key only
  theirs added goes after the key it follows in theirs.
- Log entries (list items under a ``Log`` heading, with their detail lines) as a set in date
  order: added on either side kept, the same added on both kept once, deleted on one side and
  untouched on the other deleted.
- Task lines matched by their text without checkbox and dates: a tick (or ``✅``) on either side
  wins, a due date changed on one side wins; tasks added on either side are kept.
- Everything else through a line merge the caller passes in (``git merge-file`` in
  :mod:`relnotes.vault.sync`), so that nothing here runs a program.

Texts are ``"\\n"``-separated (no BOM, no ``\\r``): the caller decodes and renders bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from relnotes.notes.body import (
    DONE_EMOJI,
    DONE_FIELD,
    DUE_EMOJI,
    DUE_FIELD,
    FENCE,
    LOG_LINE,
    TASK_LINE,
    BodyWalk,
    _continues,
    field_search,
    task_text,
)
from relnotes.notes.frontmatter import (
    BLOCK_SCALAR,
    _block_end,
    _split_anchor,
    _split_value,
    key_line,
    key_name,
    split_front_matter,
    top_indent,
)

LineMerge = Callable[[str, str, str], tuple[str, int]]
"""``(base, ours, theirs) -> (merged text, number of conflicts)``, as ``git merge-file -p``."""

OURS_MARK, SEPARATOR, THEIRS_MARK = "<<<<<<< ours", "=======", ">>>>>>> theirs"
RUN_TOKEN = "\u241frelnotes-run"  # a placeholder line for a run of entries or tasks in the line merge
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ABSENT: Any = None


class _Conflict:
    """What :func:`_pick` returns when both sides changed one thing differently."""


CONFLICT = _Conflict()


@dataclass
class Hunk:
    """One conflict in a text: lines ``start``..``end`` (1-based, the marker lines included)."""

    start: int
    end: int
    ours: str  # the label after <<<<<<<
    theirs: str  # the label after >>>>>>>
    what: str = ""  # "front matter key 'tier'", "task 'send deck'", "Log entry", "body"

    def describe(self) -> str:
        return f"{self.what} (lines {self.start}-{self.end})"


@dataclass
class Merged:
    text: str
    hunks: list[Hunk] = field(default_factory=list)

    @property
    def conflicts(self) -> list[str]:
        """One line per conflict: "front matter key 'tier' (lines 3-7)"."""
        return [h.describe() for h in self.hunks]


def _pick(base: Any, ours: Any, theirs: Any) -> Any:
    """The three-way rule: a change on one side wins, the same change on both is one change."""
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    return CONFLICT


def _markers(ours: list[str], theirs: list[str]) -> list[str]:
    return [OURS_MARK, *ours, SEPARATOR, *theirs, THEIRS_MARK]


def _union(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Comment and blank lines: the three-way rule, else ours with theirs' new lines after them."""
    picked = _pick(base, ours, theirs)
    if picked is not CONFLICT:
        return list(picked)
    return ours + [line for line in theirs if line not in ours and line not in base]


def weave(ours: Sequence[Hashable], theirs: Sequence[Hashable], keep: set[Any]) -> list[Any]:
    """The ids of ``keep`` in ours' order; one only theirs has goes after its nearest predecessor
    in theirs, and after the ids only ours has that follow that predecessor."""
    order = [k for k in ours if k in keep]
    in_theirs = set(theirs)
    for j, k in enumerate(theirs):
        if k in order or k not in keep:
            continue
        pos = next((order.index(p) + 1 for p in reversed(theirs[:j]) if p in order), 0)
        while pos < len(order) and order[pos] not in in_theirs:
            pos += 1
        order.insert(pos, k)
    return order


# --- front matter ------------------------------------------------------------------------------


@dataclass
class _Front:
    lines: list[str]  # the whole note's lines
    open: str = ""  # the opening and closing lines ("" when there is no front matter)
    close: str = ""
    head: list[str] = field(default_factory=list)  # comment and blank lines before the first key
    # each key's lines, and the comment and blank lines after them (up to the next key)
    blocks: dict[tuple[str, int], tuple[list[str], list[str]]] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.open)


class _Unstructured(Exception):
    """Front matter that is not one key line after another (flow style, ``? key``, broken)."""


def _front(text: str) -> _Front:
    lines = text.split("\n")
    try:
        yaml_text, _, body_line = split_front_matter(text)
    except ValueError:
        raise _Unstructured from None
    if yaml_text is None:
        return _Front(lines, body=lines)
    inner = lines[1:body_line - 2]
    front = _Front(lines, lines[0], lines[body_line - 2], body=lines[body_line - 1:])
    indent = top_indent(inner)
    seen: Counter[str] = Counter()
    after = front.head  # where comment and blank lines go: before the first key, else after the key above
    i = 0
    while i < len(inner):
        stripped = inner[i].strip()
        if not stripped or stripped.startswith("#"):
            after.append(inner[i])
            i += 1
            continue
        m = key_line(inner[i], indent)
        if m is None:
            raise _Unstructured
        name = key_name(m)
        value = _split_value(m["rest"])[0]
        end = _block_end(inner, i, len(inner), bool(BLOCK_SCALAR.fullmatch(_split_anchor(value)[1])), indent)
        after = []
        front.blocks[(name, seen[name])] = (inner[i:end], after)
        seen[name] += 1
        i = end
    return front


def _merge_front(b: _Front, o: _Front, t: _Front) -> list[str] | None:
    """The merged front matter's lines (with its ``---`` lines); None when there is none."""
    none: tuple[list[str], list[str]] = ([], [])
    merged: dict[tuple[str, int], list[str]] = {}
    for key in {**o.blocks, **t.blocks}:
        bb, ob, tb = (f.blocks.get(key) for f in (b, o, t))
        core = _pick(bb[0] if bb else None, ob[0] if ob else None, tb[0] if tb else None)
        comments = _union((bb or none)[1], (ob or none)[1], (tb or none)[1])
        if core is CONFLICT:
            merged[key] = _markers(ob[0] if ob else [], tb[0] if tb else []) + comments
        elif core is not None:
            merged[key] = core + comments
        elif comments != (bb or none)[1]:
            merged[key] = comments  # the key is gone on both sides, a comment after it was added
    order = weave(list(o.blocks), list(t.blocks), set(merged))
    head = _union(b.head, o.head, t.head)
    if _pick(b.present, o.present, t.present) is False and not merged and not head:
        return None  # removed on one side and untouched on the other, or on neither side
    shell = o if o.present else t
    return [shell.open, *head, *(line for key in order for line in merged[key]), shell.close]


# --- the body: runs of Log entries and of tasks ------------------------------------------------


@dataclass
class _Unit:
    key: tuple[str, str, int]  # (kind, identity, occurrence)
    lines: list[str]
    when: str = ""  # a Log entry's date


def _entry(raw: str, text: str) -> bool:
    """A Log entry's first line as ``scan_body`` reads one: not indented, ``- YYYY-MM-DD kind: …``."""
    m = LOG_LINE.match(text)
    return m is not None and raw[:1] not in (" ", "\t") and _DATE.match(m[1]) is not None


def _unit_kind(raw: str, text: str | None, level: int, in_log: bool) -> str | None:
    if text is None or level != 0:
        return None
    if TASK_LINE.match(text):
        return "task"
    return "log" if in_log and _entry(raw, text) else None


def _identity(kind: str, line: str) -> str:
    if kind == "task":
        m = TASK_LINE.match(line)
        return task_text((m[2] or "") if m else line).casefold()
    return " ".join(line.split())


@dataclass
class _Body:
    skeleton: list[str] = field(default_factory=list)
    runs: dict[str, list[_Unit]] = field(default_factory=dict)


def _split_body(lines: list[str]) -> _Body:
    """The body with each run of Log entries (or of tasks) replaced by one placeholder line.

    A Log section without entries gets an empty run where ``relnotes log`` would write, so that
    entries one side adds meet the other side's deletions there.
    """
    info = {i: (text, level) for i, text, level in BodyWalk(lines)}
    out = _Body()
    titles: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    section, log_level, log_at, log_section = "", None, 0, ""
    i = 0
    while i < len(lines):
        text, level = info.get(i, (None, FENCE))
        if text is not None and level > 0:
            if log_level is not None and level <= log_level:
                _empty_log(out, counts, log_at, log_section)
                log_level = None
            title = text.casefold()
            section = f"{title}#{titles[title]}"
            titles[title] += 1
            if title == "log" and log_level is None:
                log_level, log_at, log_section = level, len(out.skeleton), section
        kind = _unit_kind(lines[i], text, level, log_level is not None)
        if kind is None:
            out.skeleton.append(lines[i])
            i += 1
            continue
        units, i = _take_run(lines, info, i, kind)
        name = f"{RUN_TOKEN} {kind} {section} {counts[kind + section]}"
        counts[kind + section] += 1
        counts["log-at" + str(log_at)] += kind == "log"
        out.skeleton.append(name)
        out.runs[name] = units
    if log_level is not None:
        _empty_log(out, counts, log_at, log_section)
    return out


def _empty_log(out: _Body, counts: Counter[str], at: int, section: str) -> None:
    """An empty run after the last non-blank line of the Log section whose heading is at ``at``
    (named as the section's first run would be)."""
    if counts["log-at" + str(at)]:
        return
    last = max(j for j in range(at, len(out.skeleton)) if out.skeleton[j].strip())
    name = f"{RUN_TOKEN} log {section} 0"
    out.skeleton.insert(last + 1, name)
    out.runs[name] = []


def _take_run(lines: list[str], info: dict[int, tuple[str, int]], i: int, kind: str) -> tuple[list[_Unit], int]:
    """The units of the run starting at line ``i``, and the index after the run."""
    units: list[_Unit] = []
    seen: Counter[str] = Counter()
    while True:
        start = i
        i += 1
        while i < len(lines) and i in info and info[i][1] == 0 and info[i][0].strip() and \
                (_continues(info[i][0]) or lines[i][:1] in (" ", "\t")) and not TASK_LINE.match(info[i][0]):
            i += 1
        ident = _identity(kind, lines[start])
        when = LOG_LINE.match(lines[start])
        units.append(_Unit((kind, ident, seen[ident]), lines[start:i], when[1] if when and kind == "log" else ""))
        seen[ident] += 1
        gap = i
        while gap < len(lines) and gap in info and info[gap][1] == 0 and _gap_line(kind, lines[gap], info[gap][0]):
            gap += 1
        text, level = info.get(gap, (None, FENCE))
        if gap < len(lines) and _unit_kind(lines[gap], text, level, kind == "log") == kind:
            units[-1].lines.extend(lines[i:gap])
            i = gap
            continue
        return units, i


def _gap_line(kind: str, raw: str, text: str) -> bool:
    """Lines that may stand between two units of one run: blank ones, and in a Log anything that is
    not a heading or code (it stays with the entry above it)."""
    if kind == "log":
        return not _entry(raw, text)
    return not raw.strip()


def _merge_run(kind: str, base: list[_Unit], ours: list[_Unit], theirs: list[_Unit]) -> list[str]:
    b, o, t = ({u.key: u for u in units} for units in (base, ours, theirs))
    merged: dict[Any, _Unit] = {}
    for key in {**o, **t}:
        if key in o and key in t:
            merged[key] = _Unit(key, _merge_unit(kind, b.get(key), o[key], t[key]), o[key].when)
        else:
            side = o.get(key) or t[key]
            if key not in b or b[key].lines != side.lines:  # added, or changed where the other side deleted it
                merged[key] = side
    if kind == "task":
        order = weave([u.key for u in ours], [u.key for u in theirs], set(merged))
        return [line for key in order for line in merged[key].lines]
    lines = [line for unit in _by_date([merged[u.key] for u in ours if u.key in merged],
                                       [merged[u.key] for u in theirs if u.key in merged and u.key not in o])
             for line in unit.lines]
    while lines and not lines[-1].strip():  # an entry that had a blank line after it may now be last
        lines.pop()
    return lines


def _by_date(ours: list[_Unit], new: list[_Unit]) -> list[_Unit]:
    """Ours' entries in their order, each new one after the last entry dated on or before it."""
    result = list(ours)
    for unit in new:
        pos = next((j + 1 for j in range(len(result) - 1, -1, -1) if result[j].when <= unit.when), 0)
        result.insert(pos, unit)
    return result


def _merge_unit(kind: str, base: _Unit | None, ours: _Unit, theirs: _Unit) -> list[str]:
    b = base.lines if base else None
    picked = _pick(b, ours.lines, theirs.lines)
    if picked is not CONFLICT:
        return list(picked)
    if kind == "task":
        first = merge_task_line(b[0] if b else None, ours.lines[0], theirs.lines[0])
        rest = _pick(b[1:] if b else None, ours.lines[1:], theirs.lines[1:])
        if first is not None and rest is not CONFLICT:
            return [first, *(rest or [])]
    return _markers(ours.lines, theirs.lines)


# --- one task line --------------------------------------------------------------------------


@dataclass
class _Parts:
    status: str
    due: str
    done: str
    shape: str  # the line without status, due date and done mark: what must agree for a field-wise merge
    spans: tuple[tuple[int, int], tuple[int, int], tuple[int, int]]  # of status, due and done values; (-1, -1): none


def _task_parts(line: str) -> _Parts | None:
    m = TASK_LINE.match(line)
    if m is None:
        return None
    rest, at = (m[2], m.start(2)) if m[2] is not None else ("", len(line))
    due = DUE_EMOJI.search(rest) or field_search(DUE_FIELD, rest)
    done = DONE_EMOJI.search(rest) or field_search(DONE_FIELD, rest)
    due_span = (at + due.start(1), at + due.end(1)) if due else (-1, -1)
    done_span = (at + done.start(1), at + done.end(1)) if done else (-1, -1)
    cuts = [m.span(1)] + ([due_span] if due else [])
    if done:
        start = at + done.start()
        while start > 0 and line[start - 1] in " \t":
            start -= 1
        cuts.append((start, at + done.end()))
    shape = line
    for start, end in sorted(cuts, reverse=True):
        shape = shape[:start] + shape[end:]
    return _Parts(m[1], due[1] if due else "", done[1] if done else "", shape.rstrip(),
                  (m.span(1), due_span, done_span))


def merge_task_line(base: str | None, ours: str, theirs: str) -> str | None:
    """One task line from its two versions: a tick on either side wins (with its ✅ date), a due
    date changed on one side wins; None when they differ in anything else."""
    picked = _pick(base, ours, theirs)
    if picked is not CONFLICT:
        return str(picked)
    po, pt, pb = _task_parts(ours), _task_parts(theirs), _task_parts(base) if base else None
    if po is None or pt is None or po.shape != pt.shape:
        return None
    done_o, done_t = po.status in "xX", pt.status in "xX"
    line, parts = (theirs, pt) if done_t and not done_o else (ours, po)
    status, done = parts.status, parts.done
    if done_o == done_t:
        status = _pick(pb.status if pb else None, po.status, pt.status)
        done = _pick(pb.done if pb else None, po.done, pt.done)
        if status is CONFLICT or done is CONFLICT:
            if not done_o:
                return None
            status, done = po.status, po.done  # both ticked it: ours' date
    due = _pick(pb.due if pb else None, po.due, pt.due)
    if due is CONFLICT:
        return None
    return _with_parts(line, parts.spans, (status, due, done))


def _with_parts(line: str, spans: tuple[tuple[int, int], ...], values: tuple[str, str, str]) -> str | None:
    """The line with its status, due and done values set; None when one has no place on it."""
    append_done = False
    for which, (start, end), value in sorted(zip(range(3), spans, values, strict=True), key=lambda x: -x[1][0]):
        if start >= 0 and value:
            line = line[:start] + value + line[end:]
        elif start >= 0 or which != 2:
            if start >= 0 or value:
                return None  # a date one side removed, or added where the line has no place for it
        else:
            append_done = bool(value)
    return line.rstrip() + f" ✅ {values[2]}" if append_done else line


# --- the whole note ---------------------------------------------------------------------------


def merge_note(base: str, ours: str, theirs: str, line_merge: LineMerge) -> Merged:
    """The three-way merge of one note's text; its hunks name what conflicts (none: clean)."""
    if RUN_TOKEN in base + ours + theirs:
        return _described(line_merge(base, ours, theirs)[0])
    try:
        fronts = [_front(text) for text in (base, ours, theirs)]
    except _Unstructured:
        return _described(line_merge(base, ours, theirs)[0])
    front = _merge_front(*fronts)
    body = _merge_body([f.body for f in fronts], line_merge)
    return _described("\n".join([*(front or []), *body]))


def _merge_body(sides: list[list[str]], line_merge: LineMerge) -> list[str]:
    split = [_split_body(lines) for lines in sides]
    b, o, t = split
    _pair_runs(b, o, "ours")
    _pair_runs(b, t, "theirs")
    text, _ = line_merge(*("\n".join(s.skeleton) for s in split))
    out: list[str] = []
    placed: set[str] = set()
    for line in text.split("\n"):
        if line.startswith(RUN_TOKEN) and line in o.runs.keys() | t.runs.keys() | b.runs.keys():
            kind = line.split(" ")[1]
            out.extend(_merge_run(kind, b.runs.get(line, []), o.runs.get(line, []), t.runs.get(line, [])))
            placed.add(line)
        else:
            out.append(line)
    for name in o.runs.keys() | t.runs.keys():
        if name not in placed and _merge_run(name.split(" ")[1], b.runs.get(name, []), o.runs.get(name, []),
                                             t.runs.get(name, [])):
            return line_merge(*("\n".join(lines) for lines in sides))[0].split("\n")  # a run would be lost
    return out


def _pair_runs(base: _Body, side: _Body, label: str) -> None:
    """Name each of ``side``'s runs after the base run it holds the most units of (tasks or
    entries, by their identity), in the same section: runs are named by their place in the
    section, and a run added before another would otherwise meet the base's run of that place
    (a tick on one side merged against the other side's new tasks: the ticked task twice). A run
    holding none of the base's units keeps its name when the base run of that name is not
    taken, else gets a name of its own (a run only this side has)."""
    def group(name: str) -> str:
        return name.rsplit(" ", 1)[0]

    def identities(units: list[_Unit]) -> set[tuple[str, str]]:
        return {unit.key[:2] for unit in units}

    base_ids = {name: identities(units) for name, units in base.runs.items()}
    wanted: dict[str, str] = {}
    taken: set[str] = set()
    for name, units in side.runs.items():
        mine = identities(units)
        best = max((n for n in base_ids if group(n) == group(name) and base_ids[n] & mine and n not in taken),
                   key=lambda n: (len(base_ids[n] & mine), n == name), default=None)
        if best is not None:
            wanted[name] = best
            taken.add(best)
    fresh = 0
    for name in side.runs:
        if name in wanted:
            continue
        if name not in taken:
            wanted[name] = name
            taken.add(name)
        else:
            wanted[name] = f"{group(name)} {label}-{fresh}"
            fresh += 1
    if all(old == new for old, new in wanted.items()):
        return
    side.skeleton = [wanted.get(line, line) for line in side.skeleton]
    side.runs = {wanted[name]: units for name, units in side.runs.items()}


# --- reading conflicts back ------------------------------------------------------------------

_OPEN = re.compile(r"^<{7}(?: (.*))?$")
_MID = re.compile(r"^(?:={7}|\|{7}(?: .*)?)$")
_CLOSE = re.compile(r"^>{7}(?: (.*))?$")


def conflict_hunks(text: str) -> list[Hunk]:
    """The conflicts left in a text by git (or this merge), each with its sides' labels and what it is in."""
    lines = text.split("\n")
    try:
        _, _, body_line = split_front_matter(text)
    except ValueError:
        body_line = 1
    hunks: list[Hunk] = []
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        j = next((k for k in range(i + 1, len(lines)) if _CLOSE.match(lines[k])), None)
        if j is None:
            break
        close = _CLOSE.match(lines[j])
        hunk = Hunk(i + 1, j + 1, (m[1] or "").strip(), ((close[1] if close else "") or "").strip())
        hunk.what = _what(lines[i + 1:j], i + 1 < body_line - 1)
        hunks.append(hunk)
        i = j + 1
    return hunks


def _what(inside: list[str], in_front: bool) -> str:
    sides = [line for line in inside if not _MID.match(line)]
    if in_front:
        keys = sorted({key_name(m) for line in sides if (m := key_line(line, top_indent(sides)))})
        return ("front matter key" + ("s " if len(keys) > 1 else " ") + ", ".join(f"'{k}'" for k in keys)) \
            if keys else "front matter"
    tasks = [task_text(m[2] or "") for line in sides if (m := TASK_LINE.match(line))]
    if tasks:
        return f"task '{tasks[0]}'"
    if any(LOG_LINE.match(line) for line in sides):
        return "Log entry"
    return "body"


def _described(text: str) -> Merged:
    return Merged(text, conflict_hunks(text))


# --- what changed, for sync's report ----------------------------------------------------------


def _ticked(line: str) -> bool:
    m = TASK_LINE.match(line)
    return m is not None and m[1] in "xX"


def describe_change(old: str | None, new: str | None) -> list[str]:
    """What one note's change amounts to: ``["new"]``, ``["tier", "log +1"]``, ``["text"]``."""
    if old is None:
        return ["new"]
    if new is None:
        return ["deleted"]
    try:
        fo, fn = _front(old), _front(new)
    except _Unstructured:
        return ["front matter"] if old != new else []
    out = sorted({key[0] for key in fo.blocks.keys() | fn.blocks.keys()
                  if (fo.blocks.get(key) or (None, []))[0] != (fn.blocks.get(key) or (None, []))[0]})
    bo, bn = _split_body(fo.body), _split_body(fn.body)
    for kind, noun in (("log", "log"), ("task", "tasks")):
        was = {u.key: u.lines for units in bo.runs.values() for u in units if u.key[0] == kind}
        now = {u.key: u.lines for units in bn.runs.values() for u in units if u.key[0] == kind}
        added, gone = len(now.keys() - was.keys()), len(was.keys() - now.keys())
        changed = [k for k in now.keys() & was.keys() if now[k] != was[k]]
        ticked = sum(1 for k in changed if _ticked(was[k][0]) < _ticked(now[k][0]))
        out += [f"{noun} +{added}"] * bool(added) + [f"{noun} -{gone}"] * bool(gone)
        out += [f"ticked {ticked}"] * bool(ticked) + [f"{noun} changed {len(changed) - ticked}"] * \
            bool(len(changed) - ticked)
    if bo.skeleton != bn.skeleton or (not out and old != new):
        out.append("text")
    return out

"""Reading a note's body: the one walk over its lines, the Log section, task lines, wikilinks.

Pure functions over text; line numbers are 1-based file lines. :class:`BodyWalk` is the one
reading of the body's structure (code blocks, comments, headings, list items) that ``scan_body``,
``append_to_section`` and the drafts' debrief lines share, so reading and writing agree on what
is a heading. Every regex here is linear in the line's length: possessive quantifiers, and no
lazy group followed by optional blanks (trailing blanks are stripped in code instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from relnotes.core.dates import parse_iso
from relnotes.core.links import WIKILINK, link_target
from relnotes.core.model import Link, LogEntry, Problem, Task
from relnotes.errors import NoteError
from relnotes.notes.frontmatter import check_one_line, front_matter_span

OPEN_FENCE = re.compile(r"^ {0,3}+(`{3,}+|~{3,}+)")
HEADING = re.compile(r"^ {0,3}+(#{1,6}+)(?:[ \t]++(.*+))?+$")  # group 2 may end in blanks: use heading_title
BULLET = re.compile(r"^[ \t]*+(?:[-*+]|\d++[.)])[ \t]++")
LOG_LINE = re.compile(r"^[ \t]*+[-*+][ \t]++(\S++)[ \t]++([A-Za-z][\w/-]*+)[ \t]*+:[ \t]*+(.*+)")  # group 3 too
TASK_LINE = re.compile(r"^[ \t]*+(?:[-*+]|\d++[.)])[ \t]++\[(.)\](?:[ \t]++(.*+))?+$")  # group 2 too
THEMATIC_BREAK = re.compile(r"^ {0,3}+([-*_])(?:[ \t]*+\1){2,}+[ \t]*+$")
BACKTICKS = re.compile(r"`++")
VALUE_TAG = re.compile(r"(?<![\w/])#(gave|got)(?:/([\w-]++))?", re.IGNORECASE)
WAITING_TAG = re.compile(r"(?<![\w/])#waiting\b", re.IGNORECASE)
DUE_EMOJI = re.compile(r"📅\ufe0f?[ \t]*+(\S++)")
DONE_EMOJI = re.compile(r"✅\ufe0f?[ \t]*+(\S++)")
# A [field:: value] ends at the first "]"; see field_search for how these stay linear.
DUE_FIELD = re.compile(r"\[due::[ \t]*+([^\]]*+)\]", re.IGNORECASE)
DONE_FIELD = re.compile(r"\[completion::[ \t]*+([^\]]*+)\]", re.IGNORECASE)
_MARKS = r"(?:[📅✅➕⏳🛫❌]\ufe0f?[ \t]*+\d{4}-\d{2}-\d{2})|(?<![\w/])#waiting\b|[🔺⏫🔼🔽⏬]\ufe0f?"
TASK_NOISE = re.compile(r"\[[\w-]++::[^\]]*+\]|" + _MARKS, re.IGNORECASE)
TASK_MARKS = re.compile(_MARKS, re.IGNORECASE)  # TASK_NOISE without fields, for text after the last "]"
REVIEW_DAY = re.compile(r"\bday[ \t]*+=[ \t]*+(\d++)\b")
CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)")

TASK_STATUS = {" ": "open", "/": "open", "x": "done", "X": "done", "-": "cancelled"}


def heading_title(rest: str | None) -> str:
    """A heading's title from what follows its ``#``s: blanks and closing ``#``s dropped (``Log ##`` → ``Log``)."""
    return (rest or "").strip().strip("#").strip()


def field_search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)`` for a ``[field:: …]`` pattern, in linear time.

    A field ends at a ``]``, so none starts after the last one; searching only up to it keeps a
    line of many ``[due::`` without a ``]`` from being scanned to its end once per ``[``.
    """
    return pattern.search(text, 0, text.rfind("]") + 1)


def task_text(rest: str) -> str:
    """A task's text without dates, fields, ``#waiting`` and priority marks, blanks squeezed."""
    cut = rest.rfind("]") + 1  # as in field_search: after the last "]" no field can match
    return " ".join((TASK_NOISE.sub(" ", rest[:cut]) + TASK_MARKS.sub(" ", rest[cut:])).split())


def find_conflict_marker(text: str) -> int | None:
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    for number, line in enumerate(text.split("\n"), 1):
        if CONFLICT.match(line):
            return number
    return None


def strip_inline_code(line: str) -> str:
    """The line without inline code: a run of backticks up to the next run of the same length.

    A run with no partner is literal text (as in CommonMark). Linear: the runs are paired from a
    table of each run's next run of the same length.
    """
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    partner = [-1] * len(runs)
    later: dict[int, int] = {}
    for j in range(len(runs) - 1, -1, -1):
        size = runs[j][1] - runs[j][0]
        partner[j] = later.get(size, -1)
        later[size] = j
    out: list[str] = []
    pos = j = 0
    while j < len(runs):
        k = partner[j]
        if k < 0:
            j += 1
            continue
        out.append(line[pos:runs[j][0]])
        pos, j = runs[k][1], k + 1
    out.append(line[pos:])
    return "".join(out)


def links_in(line: str) -> list[str]:
    """Targets of the non-embed wikilinks in a line (inline code removed)."""
    if "`" in line:
        line = strip_inline_code(line)
    return [t for m in WIKILINK.finditer(line) if not m[1] and (t := link_target(m[2]))]


FENCE = -1  # the level BodyWalk gives the opening and closing lines of a code block


class BodyWalk:
    """The body's lines as relnotes reads Markdown; iterate for ``(index, text, level)``.

    - Lines inside a code block (```` ``` ```` or ``~~~`` fences) are left out; the fences
      themselves come with level :data:`FENCE`. Nothing inside a code block is a comment.
    - Elsewhere, HTML ``<!-- -->`` and Obsidian ``%% %%`` comments are cut out, also when they
      run over several lines: ``text`` is the line without them ("" for a line all comment).
    - A heading (up to 3 spaces, 1 to 6 ``#``, then a blank or the end) has its level and its
      title as ``text``; every other line has level 0.

    After the walk, ``open_fence`` and ``open_comment`` are the indexes of the lines where a
    code block or a comment that is never closed begins (else None).
    """

    def __init__(self, lines: list[str], start: int = 0) -> None:
        self.lines = lines
        self.start = start
        self.open_fence: int | None = None
        self.open_comment: int | None = None
        self.comment_closer = ""

    def __iter__(self) -> Iterator[tuple[int, str, int]]:
        lines = self.lines
        fence: str | None = None
        closer: str | None = None  # the end marker of a comment still open
        for i in range(self.start, len(lines)):
            line = lines[i]
            if fence is not None:
                if line.lstrip(" ").startswith(fence):
                    fence = self.open_fence = None
                    yield i, line, FENCE
                continue
            if closer is not None or "<!--" in line or "%%" in line:
                line, closer = self._uncomment(i, line, closer)
            first = line.lstrip(" ")[:1]  # most lines fail this cheap test before any regex
            if first == "`" or first == "~":
                m = OPEN_FENCE.match(line)
                if m:
                    fence, self.open_fence = m[1][0] * 3, i
                    closer = self.open_comment = None  # a comment opened after ``` is part of the fence line
                    yield i, line, FENCE
                    continue
            elif first == "#":
                h = HEADING.match(line)
                if h:
                    yield i, heading_title(h[2]), len(h[1])
                    continue
            yield i, line, 0

    def _uncomment(self, i: int, line: str, closer: str | None) -> tuple[str, str | None]:
        text, still = strip_comments(line, closer)
        if still is None:
            self.open_comment = None
        elif closer is None or closer in line:  # the comment still open began on this line
            self.open_comment, self.comment_closer = i, still
        return text, still


def list_items(walk: BodyWalk) -> Iterator[tuple[int, str, int]]:
    """The walk with each list item's continuation lines joined onto it, and blank lines left out.

    A continuation line is a non-blank line right after an item line (or its continuation)
    that starts nothing of its own: no list item, quote, heading, code fence or thematic break.
    Its text is added after one space, without its indentation; the item keeps its first index.
    """
    held: tuple[int, list[str]] | None = None
    for i, text, level in walk:
        if held is not None:
            if level == 0 and _continues(text):
                held[1].append(text.strip())
                continue
            yield held[0], " ".join(held[1]), 0
            held = None
        if level == 0 and BULLET.match(text):
            held = (i, [text.rstrip()])
        elif level != 0 or text.strip():
            yield i, text, level
    if held is not None:
        yield held[0], " ".join(held[1]), 0


def _continues(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith(">") and not BULLET.match(text) \
        and not THEMATIC_BREAK.match(text)


@dataclass
class Body:
    log: list[LogEntry] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan_body(text: str, first_line: int, path: str, *, want_mentions: bool = False) -> Body:
    """Read the body: log entries under any ``Log`` heading, task lines, links, mentions."""
    body = Body()
    log_level: int | None = None  # heading level of the Log section we are in
    for i, line, level in BodyWalk(text.split("\n")):
        if level == 0:
            if line:
                _scan_line(body, line, first_line + i, path, in_log=log_level is not None,
                           want_mentions=want_mentions)
        elif level > 0:
            if log_level is not None and level <= log_level:
                log_level = None
            if line.casefold() == "log":
                log_level = level
    return body


def line_as_read(text: str, index: int) -> str | None:
    """Line ``index`` of a note's text as :func:`scan_body` reads it (comments cut out).

    None when that line is no text line of the body: front matter, a heading, or code.
    """
    span = front_matter_span(text)
    for i, line, level in BodyWalk(text.split("\n"), span[1] + 1 if span else 0):
        if i >= index:
            return line if i == index and level == 0 else None
    return None


COMMENT_OPEN = re.compile(r"<!--|%%")


def strip_comments(line: str, closer: str | None) -> tuple[str, str | None]:
    """The line without HTML (``<!-- -->``) and Obsidian (``%% %%``) comments.

    ``closer`` is the end marker of a comment still open from an earlier line (or None);
    the same is returned for the next line.
    """
    out: list[str] = []
    pos = 0
    while True:
        if closer is not None:
            end = line.find(closer, pos)
            if end < 0:
                return "".join(out), closer
            pos, closer = end + len(closer), None
            continue
        m = COMMENT_OPEN.search(line, pos)
        if not m:
            out.append(line[pos:])
            return "".join(out), None
        out.append(line[pos : m.start()])
        pos, closer = m.end(), ("-->" if m[0] == "<!--" else "%%")


def _scan_line(body: Body, line: str, number: int, path: str, *, in_log: bool, want_mentions: bool) -> None:
    targets = links_in(line) if "[[" in line else []
    for target in targets:
        body.links.append(Link(target, number))
    task = TASK_LINE.match(line) if "[" in line else None
    if task:
        parsed = parse_task(line, task, number, targets)
        if isinstance(parsed, Problem):
            parsed.file = path
            body.problems.append(parsed)
        else:
            body.tasks.append(parsed)
    open_task = task and TASK_STATUS.get(task[1], "open") == "open"
    if want_mentions and targets and not line.lstrip().startswith(">") and not open_task:
        body.mentions.extend(targets)
    if in_log and not task:
        _scan_log_line(body, line, number, path, targets)


def _scan_log_line(body: Body, line: str, number: int, path: str, targets: list[str]) -> None:
    stripped = line.strip()
    if not stripped or stripped.startswith(("<!--", "%%", "-->")) or line[:1] in (" ", "\t"):
        return  # blank, a comment, or an indented detail of the entry above
    m = LOG_LINE.match(line)
    if not m:
        if BULLET.match(line):
            body.problems.append(Problem(path, number, "log line is not '- YYYY-MM-DD kind: text'; it is ignored"))
        else:
            message = "text under Log that is not a '- YYYY-MM-DD kind: text' entry; it is ignored"
            body.problems.append(Problem(path, number, message))
        return
    when = parse_iso(m[1])
    if when is None:
        body.problems.append(Problem(path, number, f"log line has a bad date {m[1]!r} (use YYYY-MM-DD); it is ignored"))
        return
    kind = m[2].lower()
    text = m[3].rstrip(" \t")
    entry = LogEntry(when, kind, text, number, links=targets)
    for tag in VALUE_TAG.finditer(text):
        (entry.gave if tag[1].lower() == "gave" else entry.got).append((tag[2] or "").lower())
    if kind == "review":
        day = REVIEW_DAY.search(text)
        if not day:
            body.problems.append(Problem(path, number, "review entry has no 'day=N' (e.g. day=30); it is ignored"))
            return
        entry.review_day = int(day[1])
    body.log.append(entry)


def parse_task(line: str, m: re.Match[str], number: int, links: list[str]) -> Task | Problem:
    status = TASK_STATUS.get(m[1], "open")
    rest = (m[2] or "").rstrip(" \t")
    due = done = None
    due_m = DUE_EMOJI.search(rest) or field_search(DUE_FIELD, rest)
    if due_m:
        due = parse_iso(due_m[1].strip())
        if due is None:
            return Problem("", number, f"task has a bad due date {due_m[1].strip()!r} (use YYYY-MM-DD)")
    done_m = DONE_EMOJI.search(rest) or field_search(DONE_FIELD, rest)
    if done_m:
        done = parse_iso(done_m[1].strip())
        if done is None:
            return Problem("", number, f"task has a bad done date {done_m[1].strip()!r} (use YYYY-MM-DD)")
    return Task(
        text=task_text(rest),
        raw=line,
        status=status,
        due=due,
        done_on=done,
        waiting=bool(WAITING_TAG.search(rest)),
        line=number,
        links=links,
    )


def append_to_section(text: str, heading: str, line: str, details: Sequence[str] = ()) -> str:
    """Add ``line`` (and the ``details`` lines after it: an entry's indented lines) at the end of
    the last section titled ``heading`` (any level, any case).

    Without such a section, a ``## heading`` section holding the line is appended. Headings are
    those :class:`BodyWalk` sees, as when the note is read. NoteError when the new line would
    land in a code block or comment that is never closed.
    """
    for one in (line, *details):
        check_one_line(one)
    if details:
        line = "\n".join((line, *details))
    span = front_matter_span(text)
    lines = text.split("\n")
    walk = BodyWalk(lines, span[1] + 1 if span else 0)
    heads = [(i, level, title.casefold()) for i, title, level in walk if level > 0]
    want = heading.strip().casefold()
    matches = [n for n, (_, _, title) in enumerate(heads) if title == want]
    if not matches:
        if walk.open_fence is not None:
            raise _unclosed_fence(walk.open_fence)
        if walk.open_comment is not None:
            raise _unclosed_comment(walk)
        return _append_section(text, heading, line)
    chosen = matches[-1]  # several sections read as one: the last one ends the log
    start, level, _ = heads[chosen]
    end = next((i for i, lv, _ in heads[chosen + 1:] if lv <= level), len(lines))
    last = max(i for i in range(start, end) if lines[i].strip())
    if walk.open_fence is not None and start < walk.open_fence < end:
        raise _unclosed_fence(walk.open_fence)
    if walk.open_comment is not None and walk.open_comment <= last:
        raise _unclosed_comment(walk)
    lines.insert(last + 1, line)
    return "\n".join(lines)


def _unclosed_fence(index: int) -> NoteError:
    return NoteError(f"the code block opened on line {index + 1} is never closed; close it with ``` "
                     "and run the command again", line=index + 1)


def _unclosed_comment(walk: BodyWalk) -> NoteError:
    line = (walk.open_comment or 0) + 1
    return NoteError(f"the comment opened on line {line} is never closed; close it with {walk.comment_closer} "
                     "and run the command again", line=line)


def _append_section(text: str, heading: str, line: str) -> str:
    if text and not text.endswith("\n"):
        text += "\n"
    ends_blank = not text or not text[:-1].rsplit("\n", 1)[-1].strip()
    gap = "" if ends_blank else "\n"
    return f"{text}{gap}## {heading}\n\n{line}\n"


def replace_line(text: str, index: int, new: str) -> str:
    """Replace the line at 0-based ``index`` of the text."""
    check_one_line(new)
    lines = text.split("\n")
    if not 0 <= index < len(lines):
        raise IndexError(f"line index {index} is outside the note ({len(lines)} lines)")
    lines[index] = new
    return "\n".join(lines)

"""Reading a note's text: front matter boundaries, the Log section, task lines, wikilinks.

Pure functions over text; line numbers are 1-based file lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from relnotes.core.dates import parse_iso
from relnotes.core.links import WIKILINK, link_target
from relnotes.core.model import Link, LogEntry, Problem, Task
from relnotes.errors import NoteError
from relnotes.notes.frontmatter import check_one_line, front_matter_span

OPEN_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
BULLET = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
LOG_LINE = re.compile(r"^[ \t]*[-*+][ \t]+(\S+)[ \t]+([A-Za-z][\w/-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
TASK_LINE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[(.)\](?:[ \t]+(.*?))?[ \t]*$")
INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
VALUE_TAG = re.compile(r"(?<![\w/])#(gave|got)(?:/([\w-]+))?", re.IGNORECASE)
WAITING_TAG = re.compile(r"(?<![\w/])#waiting\b", re.IGNORECASE)
DUE_EMOJI = re.compile(r"📅\ufe0f?[ \t]*(\S+)")
DONE_EMOJI = re.compile(r"✅\ufe0f?[ \t]*(\S+)")
DUE_FIELD = re.compile(r"\[due::[ \t]*([^\]]*)\]", re.IGNORECASE)
DONE_FIELD = re.compile(r"\[completion::[ \t]*([^\]]*)\]", re.IGNORECASE)
TASK_NOISE = re.compile(
    r"(?:[📅✅➕⏳🛫❌]\ufe0f?[ \t]*\d{4}-\d{2}-\d{2})|\[[\w-]+::[^\]]*\]|(?<![\w/])#waiting\b|[🔺⏫🔼🔽⏬]\ufe0f?",
    re.IGNORECASE,
)
REVIEW_DAY = re.compile(r"\bday[ \t]*=[ \t]*(\d+)\b")
CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)")

TASK_STATUS = {" ": "open", "/": "open", "x": "done", "X": "done", "-": "cancelled"}




def find_conflict_marker(text: str) -> int | None:
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return None
    for number, line in enumerate(text.split("\n"), 1):
        if CONFLICT.match(line):
            return number
    return None


def _links_in(line: str) -> tuple[list[str], bool]:
    """Targets of the non-embed wikilinks in a line (inline code removed); and whether any embed."""
    if "[[" not in line:
        return [], False
    if "`" in line:
        line = INLINE_CODE.sub("", line)
    targets: list[str] = []
    embed = False
    for m in WIKILINK.finditer(line):
        if m[1]:
            embed = True
            continue
        target = link_target(m[2])
        if target:
            targets.append(target)
    return targets, embed


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
    fence: str | None = None
    comment: str | None = None  # the closing marker of a comment open across lines
    log_level: int | None = None  # heading level of the Log section we are in
    for number, line in enumerate(text.split("\n"), first_line):
        if not line:
            continue
        if comment is not None or "<!--" in line or "%%" in line:
            line, comment = strip_comments(line, comment)
        if fence is not None:
            if line.lstrip(" ").startswith(fence):
                fence = None
            continue
        first = line.lstrip(" ")[:1]  # the regexes below need it; most lines fail this cheap test
        m = OPEN_FENCE.match(line) if first in ("`", "~") else None
        if m:
            fence = m[1][0] * 3
            continue
        h = HEADING.match(line) if first == "#" else None
        if h:
            level = len(h[1])
            if log_level is not None and level <= log_level:
                log_level = None
            if (h[2] or "").strip().strip("#").strip().casefold() == "log":
                log_level = level
            continue
        _scan_line(body, line, number, path, in_log=log_level is not None, want_mentions=want_mentions)
    return body


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
    targets = _links_in(line)[0] if "[[" in line else []
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
    text = m[3]
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
    rest = m[2] or ""
    due = done = None
    due_m = DUE_EMOJI.search(rest) or DUE_FIELD.search(rest)
    if due_m:
        due = parse_iso(due_m[1].strip())
        if due is None:
            return Problem("", number, f"task has a bad due date {due_m[1].strip()!r} (use YYYY-MM-DD)")
    done_m = DONE_EMOJI.search(rest) or DONE_FIELD.search(rest)
    if done_m:
        done = parse_iso(done_m[1].strip())
        if done is None:
            return Problem("", number, f"task has a bad done date {done_m[1].strip()!r} (use YYYY-MM-DD)")
    text = " ".join(TASK_NOISE.sub(" ", rest).split())
    return Task(
        text=text,
        raw=line,
        status=status,
        due=due,
        done_on=done,
        waiting=bool(WAITING_TAG.search(rest)),
        line=number,
        links=links,
    )


def append_to_section(text: str, heading: str, line: str) -> str:
    """Add ``line`` at the end of the last section titled ``heading`` (any level, any case).

    Without such a section, a ``## heading`` section holding the line is appended.
    """
    check_one_line(line)
    span = front_matter_span(text)
    lines = text.split("\n")
    heads, open_fence = _headings(lines, span[1] + 1 if span else 0)
    want = heading.strip().casefold()
    matches = [n for n, (_, _, title) in enumerate(heads) if title == want]
    if not matches:
        if open_fence is not None:
            raise _unclosed(open_fence)
        return _append_section(text, heading, line)
    chosen = matches[-1]  # several sections read as one: the last one ends the log
    start, level, _ = heads[chosen]
    end = next((i for i, lv, _ in heads[chosen + 1:] if lv <= level), len(lines))
    if open_fence is not None and start < open_fence < end:
        raise _unclosed(open_fence)
    last = max(i for i in range(start, end) if lines[i].strip())
    lines.insert(last + 1, line)
    return "\n".join(lines)


def _headings(lines: list[str], first: int) -> tuple[list[tuple[int, int, str]], int | None]:
    """(index, level, casefolded title) of headings outside code fences; an unclosed fence's index."""
    heads: list[tuple[int, int, str]] = []
    fence: str | None = None
    fence_at: int | None = None
    for i in range(first, len(lines)):
        line = lines[i]
        if fence is not None:
            if line.lstrip(" ").startswith(fence):
                fence = fence_at = None
            continue
        m = OPEN_FENCE.match(line)
        if m:
            fence, fence_at = m[1][0] * 3, i
            continue
        h = HEADING.match(line)
        if h:
            heads.append((i, len(h[1]), (h[2] or "").strip().strip("#").strip().casefold()))
    return heads, fence_at


def _unclosed(index: int) -> NoteError:
    return NoteError(f"the code block opened on line {index + 1} is never closed; close it with ``` "
                     "and run the command again", line=index + 1)


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

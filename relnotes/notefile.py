"""The write path: read a note, edit its text line by line, write it back without losing a byte.

Every editing command goes through here. Reading keeps the exact bytes; the text edits are
pure functions on the ``"\\n"``-normalised text; :func:`render` turns edited text back into
bytes, restoring the BOM and each untouched line's own line ending; :func:`write_note`
replaces the file atomically and refuses when it changed on disk since it was read.
See docs/write-path.md for the promises this makes to users.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import stat
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from pathlib import Path

import yaml

from .errors import ConflictError, NoteError, RelnotesError
from .markdown import HEADING, OPEN_FENCE, split_front_matter

BOM = b"\xef\xbb\xbf"
EOL = re.compile(r"\r\n|\r|\n")  # what counts as a line ending (as when relnotes reads notes)
KEY_LINE = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"?:,\[\]{}&*!|>%@`-](?:[^:]|:(?=\S))*?)"""
    r"""[ \t]*:(?P<sep>[ \t]*)(?P<rest>.*)"""
)
BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*")
SEQ_ITEM = re.compile(r"-(?:[ \t]|$)")
ITEM_LINE = re.compile(r"(?P<prefix>[ \t]*-[ \t]+)(?P<rest>.*)")
PLAIN_KEY = re.compile(r"[A-Za-z_][\w-]*")


@dataclass
class NoteFile:
    path: Path
    raw: bytes  # exactly what was read
    size: int  # st_size at read time
    mtime_ns: int  # st_mtime_ns at read time
    bom: bool  # file started with a UTF-8 BOM
    newline: str  # "\r\n" if the file's first line ending is CRLF, else "\n"
    text: str  # decoded UTF-8, BOM stripped, all newlines normalised to "\n"


# --- reading and rendering ---------------------------------------------------------------


def read_note(path: Path) -> NoteFile:
    """Read ``path`` (through a symlink); NoteError if it cannot be read or is not UTF-8."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())  # before reading: a later change shows as a conflict
            raw = handle.read()
    except OSError as exc:
        raise NoteError(f"cannot read the note: {exc.strerror or exc}", path=str(path)) from exc
    bom = raw.startswith(BOM)
    decoded = _decode(raw, bom, path)
    first = EOL.search(decoded)
    newline = "\r\n" if first and first.group() == "\r\n" else "\n"
    return NoteFile(path, raw, st.st_size, st.st_mtime_ns, bom, newline, EOL.sub("\n", decoded))


def _decode(raw: bytes, bom: bool, path: Path) -> str:
    data = raw[len(BOM):] if bom else raw
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        offset = exc.start + (len(BOM) if bom else 0)
        raise NoteError(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {offset}); save it as UTF-8",
            path=str(path), line=line,
        ) from None


def render(note: NoteFile, text: str) -> bytes:
    """``text`` as the file's bytes: BOM back, and every untouched line keeps its own ending.

    A changed line keeps the ending of the line it replaces; a new line ends with
    ``note.newline``. The file ends with a newline exactly when ``text`` does.
    """
    if text == note.text:
        return note.raw
    if "\r" in text:
        raise ValueError("edited text must use '\\n' line endings only")
    old, endings = _split_lines(_decode(note.raw, note.bom, note.path))
    new = text.split("\n")
    carried = _carry_endings(old, endings, new, note.newline)
    body = "".join(line + end for line, end in zip(new, carried, strict=True)).encode("utf-8")
    return (BOM if note.bom else b"") + body


def _split_lines(decoded: str) -> tuple[list[str], list[str]]:
    """Line contents and their endings; the last line's ending is ``""``."""
    lines: list[str] = []
    endings: list[str] = []
    pos = 0
    for m in EOL.finditer(decoded):
        lines.append(decoded[pos:m.start()])
        endings.append(m.group())
        pos = m.end()
    lines.append(decoded[pos:])
    endings.append("")
    return lines, endings


def _carry_endings(old: list[str], endings: list[str], new: list[str], newline: str) -> list[str]:
    """For each new line, the ending of the old line it corresponds to, else ``newline``."""
    result = [newline] * len(new)
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    result[:head] = endings[:head]
    if tail:
        result[len(new) - tail:] = endings[len(old) - tail:]
    middle = SequenceMatcher(None, old[head:len(old) - tail], new[head:len(new) - tail], autojunk=False)
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        if tag in ("equal", "replace"):
            for k in range(min(i2 - i1, j2 - j1)):
                result[head + j1 + k] = endings[head + i1 + k]
    result = [end or newline for end in result]  # the old last line may no longer be last
    result[-1] = ""
    return result


# --- writing -----------------------------------------------------------------------------


def write_note(note: NoteFile, text: str) -> bool:
    """Write ``text`` over the note atomically; False (nothing written) when it is unchanged.

    ConflictError, and nothing written, when the file changed on disk since it was read.
    A symlink is kept: the file it points to is replaced.
    """
    if text == note.text:
        return False
    data = render(note, text)
    target = Path(os.path.realpath(note.path))
    try:
        mode = stat.S_IMODE(_unchanged_stat(note, target).st_mode)
        tmp = _write_temp(target, data, mode)
        try:
            _unchanged_stat(note, target)
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise NoteError(f"cannot write the note ({exc.strerror or exc}); nothing was written",
                        path=str(note.path)) from exc
    _fsync_dir(target.parent)
    return True


def replace_file(path: Path, data: bytes) -> None:
    """Atomically replace a generated file (the agenda): temp file, fsync, rename; mode kept.

    No conflict check: only for files relnotes itself owns. Raises OSError.
    """
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o644
    tmp = _write_temp(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def create_note(path: Path, text: str) -> None:
    """Create a new note atomically; RelnotesError (and nothing written) if ``path`` exists."""
    data = text.encode("utf-8")
    try:
        tmp = _write_temp(path, data, None)
        try:
            os.link(tmp, path)  # fails if anything (even a broken symlink) has the name
        except FileExistsError:
            raise _exists(path) from None
        except OSError:  # a file system without hard links: exclusive create instead
            _create_exclusive(path, data)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise NoteError(f"cannot create the note ({exc.strerror or exc}); nothing was written",
                        path=str(path)) from exc
    _fsync_dir(path.parent)


def _exists(path: Path) -> RelnotesError:
    return RelnotesError(f"{path} already exists; nothing was written — pick another name or edit that note")


def _create_exclusive(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise _exists(path) from None
    try:
        _write_fd(fd, data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _unchanged_stat(note: NoteFile, target: Path) -> os.stat_result:
    """The target's stat, or ConflictError if its size, mtime or bytes differ from the read."""
    try:
        st = os.stat(target)
        same = st.st_size == note.size and st.st_mtime_ns == note.mtime_ns
        same = same and target.read_bytes() == note.raw  # a same-size edit within one mtime tick
    except FileNotFoundError:
        same = False
    if not same:
        raise ConflictError(
            f"{note.path} changed on disk since it was read; nothing was written — run the command again"
        )
    return st


def _write_temp(target: Path, data: bytes, mode: int | None) -> Path:
    """A hidden ``.NAME.relnotes-XXXXXXXX.tmp`` beside ``target`` holding ``data``, fsynced."""
    name = target.name if len(target.name.encode()) <= 200 else "note"  # stay under NAME_MAX
    while True:
        tmp = target.parent / f".{name}.relnotes-{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if mode is not None else 0o666)
            break
        except FileExistsError:
            continue
    try:
        _write_fd(fd, data)
        if mode is not None:
            os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_fd(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # e.g. Windows cannot open a folder
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- front matter edits ------------------------------------------------------------------


@dataclass
class _Key:
    """A top-level key's lines: ``lines[start:end]`` is the key line and its continuation."""

    start: int
    end: int
    head: str  # the key as written, through the colon
    sep: str  # whitespace after the colon
    value: str  # the value on the key line, without comment or trailing whitespace
    tail: str  # what follows the value: whitespace and ``# comment``

    def with_value(self, value: str) -> str:
        if self.value:
            return f"{self.head}{self.sep}{value}{self.tail}"
        gap = self.sep + self.tail if self.tail.strip() else ""
        return f"{self.head} {value}{gap}"


def front_matter_span(text: str) -> tuple[int, int] | None:
    """(index of the first line after the opening ``---``, index of the closing line), or None.

    NoteError when a ``---`` first line is never closed.
    """
    try:
        yaml_text, _, body_line = split_front_matter(text)
    except ValueError as exc:
        raise NoteError(f"{exc}; add a closing --- line", line=1) from None
    return None if yaml_text is None else (1, body_line - 2)


def set_key(text: str, key: str, value: str) -> str:
    """Set a top-level key to ``value`` (serialised YAML scalar text), changing only its lines."""
    _one_line(value)
    lines = text.split("\n")
    span = front_matter_span(text)
    if span is None:
        return "\n".join(["---", f"{_key_text(key)}: {value}", "---", *lines])
    found = _find_keys(lines, span, key)
    if not found:
        lines.insert(span[1], f"{_key_text(key)}: {value}")
    else:
        k = found[-1]  # with duplicate keys, YAML readers use the last one
        lines[k.start:k.end] = [k.with_value(_same_quotes(k.value, value))]
    return "\n".join(lines)


def _same_quotes(old: str, new: str) -> str:
    """``new`` in the quote style of ``old``: ``"active"`` → ``"ally"``, ``'2026-01-01'`` → ``'2026-02-01'``.

    Only a string or date value is requoted (quoting ``null``, ``true`` or ``1`` would change
    its type); an unquoted old value leaves ``new`` as it is.
    """
    style = old[:1]
    if style not in ("'", '"') or len(old) < 2 or old[-1:] != style or new[:1] == style:
        return new
    try:
        parsed = yaml.safe_load(new)
    except yaml.YAMLError:
        return new
    if isinstance(parsed, (date, datetime)):
        parsed = new
    if not isinstance(parsed, str) or not parsed.isprintable():
        return new
    if style == "'":
        return "'" + parsed.replace("'", "''") + "'"
    return json.dumps(parsed, ensure_ascii=False)


def set_key_list(text: str, key: str, items: list[str]) -> str:
    """Set a top-level key to a list of serialised YAML scalars, keeping flow or block style."""
    for item in items:
        _one_line(item)
    if not items:
        return set_key(text, key, "[]")
    lines = text.split("\n")
    span = front_matter_span(text)
    found = _find_keys(lines, span, key) if span else []
    if not found:
        block = [f"{_key_text(key)}:", *(f"  - {item}" for item in items)]
        if span is None:
            return "\n".join(["---", *block, "---", *lines])
        lines[span[1]:span[1]] = block
        return "\n".join(lines)
    k = found[-1]
    if k.value:
        lines[k.start:k.end] = [k.with_value("[" + ", ".join(items) + "]")]
    else:
        lines[k.start + 1:k.end] = _block_items(lines[k.start + 1:k.end], items)
    return "\n".join(lines)


def _block_items(old: list[str], items: list[str]) -> list[str]:
    """Item lines for ``items``; an item already present keeps its line (and comment)."""
    matches = [m for m in map(ITEM_LINE.fullmatch, old) if m]
    prefix = matches[0]["prefix"] if matches else "  - "
    existing: dict[str, str] = {}
    for m in matches:
        existing.setdefault(_split_value(m["rest"])[0], m.string)
    return [existing.pop(item, f"{prefix}{item}") for item in items]


def remove_key(text: str, key: str) -> str:
    """Delete every occurrence of a top-level key with its continuation lines; no-op if absent."""
    span = front_matter_span(text)
    if span is None:
        return text
    lines = text.split("\n")
    found = _find_keys(lines, span, key)
    if not found:
        return text
    for k in reversed(found):
        del lines[k.start:k.end]
    return "\n".join(lines)


def _key_text(key: str) -> str:
    return key if PLAIN_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _unquote(key: str) -> str:
    if key[:1] == '"':
        return re.sub(r"\\(.)", r"\1", key[1:-1])
    if key[:1] == "'":
        return key[1:-1].replace("''", "'")
    return key


def _find_keys(lines: list[str], span: tuple[int, int], key: str) -> list[_Key]:
    found: list[_Key] = []
    for i in range(span[0], span[1]):
        m = KEY_LINE.fullmatch(lines[i])
        if not m or _unquote(m["key"]) != key:
            continue
        value, tail = _split_value(m["rest"])
        head = lines[i][: m.start("sep")]
        end = _block_end(lines, i, span[1], bool(BLOCK_SCALAR.fullmatch(value)))
        found.append(_Key(i, end, head, m["sep"], value, tail))
    return found


def _block_end(lines: list[str], start: int, stop: int, block_scalar: bool) -> int:
    """Index after the key's last continuation line: indented lines or ``- `` items.

    Blank and comment-only lines belong to the value only when more of it follows them.
    """
    end = start + 1
    for i in range(start + 1, stop):
        line = lines[i]
        stripped = line.strip()
        comment = stripped.startswith("#") and not (block_scalar and line[:1] in " \t")
        if not stripped or comment:
            continue
        if line[:1] in " \t" or (not block_scalar and SEQ_ITEM.match(line)):
            end = i + 1
            continue
        break
    return end


def _split_value(rest: str) -> tuple[str, str]:
    """``'"a # b"  # note'`` -> (``'"a # b"'``, ``'  # note'``): the value and what follows it."""
    cut = _comment_at(rest)
    value = rest[:cut].rstrip(" \t")
    return value, rest[len(value):]


def _comment_at(rest: str) -> int:
    """Where a ``# comment`` starts in a value (quotes and flow collections respected)."""
    depth, prev, i = 0, " ", 0
    while i < len(rest):
        ch = rest[i]
        if ch in "'\"" and (i == 0 or (depth and prev in "[{,:")):
            i = _quote_end(rest, i)
        elif ch == "#" and rest[i - 1:i] in ("", " ", "\t"):
            return i
        elif ch in "[{" and (i == 0 or depth):
            depth += 1
        elif ch in "]}" and depth:
            depth -= 1
        if not ch.isspace():
            prev = ch
        i += 1
    return len(rest)


def _quote_end(rest: str, i: int) -> int:
    """Index of the quote closing the one at ``i`` (or the end): ``\\"`` and ``''`` are escapes."""
    quote = rest[i]
    i += 1
    while i < len(rest):
        if (rest[i] == "\\" and quote == '"') or (rest.startswith("''", i) and quote == "'"):
            i += 2
        elif rest[i] == quote:
            return i
        else:
            i += 1
    return len(rest)


# --- body edits --------------------------------------------------------------------------


def append_to_section(text: str, heading: str, line: str) -> str:
    """Add ``line`` at the end of the last section titled ``heading`` (any level, any case).

    Without such a section, a ``## heading`` section holding the line is appended.
    """
    _one_line(line)
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
    _one_line(new)
    lines = text.split("\n")
    if not 0 <= index < len(lines):
        raise IndexError(f"line index {index} is outside the note ({len(lines)} lines)")
    lines[index] = new
    return "\n".join(lines)


def _one_line(value: str) -> None:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{value!r} must be a single line")

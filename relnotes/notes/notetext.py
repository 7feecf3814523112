"""A note's bytes as text and back: UTF-8 with or without a BOM, and each line's own line ending."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from relnotes.errors import NoteError

BOM = b"\xef\xbb\xbf"


EOL = re.compile(r"\r\n|\r|\n")  # what counts as a line ending (as when relnotes reads notes)


@dataclass
class NoteFile:
    path: Path
    raw: bytes  # exactly what was read
    size: int  # st_size at read time
    mtime_ns: int  # st_mtime_ns at read time
    bom: bool  # file started with a UTF-8 BOM
    newline: str  # the file's first line ending ("\r\n", "\r" or "\n"); "\n" when it has none
    text: str  # decoded UTF-8, BOM stripped, all newlines normalised to "\n"
    ino: int = field(default=0, compare=False)  # st_ino at read time (0: not known)


def first_newline(decoded: str) -> str:
    """The ending of the text's first line, which new lines get: ``"\\r\\n"``, ``"\\r"`` or ``"\\n"``."""
    first = EOL.search(decoded)
    return first.group() if first else "\n"


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


UTF8_BOM = b"\xef\xbb\xbf"


class DecodeError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def decode(data: bytes) -> str:
    """UTF-8 (BOM allowed) with newlines normalised; ValueError naming the line otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DecodeError("is UTF-16 text; save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise DecodeError("is a binary file, not a Markdown note")
    if data.startswith(UTF8_BOM):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DecodeError(f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text

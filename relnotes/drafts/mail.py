"""Mail headers and messages: safe header values, checked addresses, RFC 5322 files, mailto: links.

No Jinja and no Click here. Every header value passes through :func:`clean_header`, so text
from a note can never start a new header line; names and subjects are RFC 2047-encoded
by :mod:`email` when they are not ASCII.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from pathlib import Path
from urllib.parse import quote

LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
Recipient = tuple[str, str]  # (display name, address)


def clean_header(value: str) -> str:
    """One line: CR, LF and every other line break become a space, so no header can be injected."""
    return " ".join(LINE_BREAKS.sub(" ", value).split())


def check_address(addr: str) -> str | None:
    """None when ``addr`` can go in a header; else what is wrong with it."""
    if addr.count("@") != 1 or any(ch.isspace() for ch in addr):
        return "is not an email address"
    local, domain = addr.split("@")
    if not local.isascii():
        return "has non-ASCII characters before the @, which most mail servers refuse"
    try:
        Address(addr_spec=f"{local}@{ascii_domain(domain)}")
    except (ValueError, HeaderParseError, UnicodeError):
        return "is not an email address"
    return None


def ascii_domain(domain: str) -> str:
    """``bücher.de`` → ``xn--bcher-kva.de`` (IDNA), so the header stays ASCII."""
    return domain if domain.isascii() else domain.encode("idna").decode("ascii")


def parse_recipients(values: list[str], header: str, warnings: list[str]) -> list[Recipient]:
    """Rendered ``to``/``cc`` values as checked (name, address) pairs; bad ones become warnings.

    Each value is ONE recipient: ``Jane Doe <jane@example.com>`` (the address is what the last
    angle brackets hold, everything before them is the name) or a bare ``jane@example.com``.
    So text from a note can never add a recipient; several recipients are a YAML list.
    """
    pairs: list[Recipient] = []
    for value in (clean_header(v) for v in values):
        if not value:
            continue
        name, addr = split_address(value)
        problem = check_address(addr)
        if problem:
            hint = " (put several recipients in a YAML list)" if "," in addr else ""
            warnings.append(f"{header}: {addr or value!r} {problem}{hint}; it is left out")
            continue
        pairs.append((name, addr))
    return pairs


def split_address(value: str) -> Recipient:
    """``"Doe, Jane" <jane@example.com>`` → (``Doe, Jane``, ``jane@example.com``)."""
    m = re.fullmatch(r"(.*)<([^<>]*)>\s*", value)
    if not m:
        return "", value.strip()
    name = m[1].strip()
    if len(name) > 1 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return clean_header(name), m[2].strip()


def quote_address(name: str, addr: str) -> str:
    """``"Doe, Jane" <jane@example.com>``: the name quoted when it holds anything but words."""
    name = clean_header(name)
    if name and re.search(r"[^\w .'-]", name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{addr}>" if name else addr


def display(pairs: list[Recipient]) -> str:
    """For people: ``Zoë Müller <zoe@example.com>, sam@example.com`` (not encoded)."""
    return ", ".join(f"{name} <{addr}>" if name else addr for name, addr in pairs)


def _address(pair: Recipient) -> Address:
    name, addr = pair
    local, domain = addr.split("@")
    return Address(display_name=clean_header(name), username=local, domain=ascii_domain(domain))


def build_message(subject: str, to: list[Recipient], cc: list[Recipient], body: str,
                  sender: Recipient | None, when: datetime) -> EmailMessage:
    """A draft as an RFC 5322 message: From, To, Cc, Subject, Date, Message-ID, UTF-8 text body.

    ``X-Unsent: 1`` makes Outlook and others open the file as an editable draft.
    """
    msg = EmailMessage(policy=SMTP)
    domain = "relnotes.invalid"
    if sender is not None:
        msg["From"] = _address(sender)
        domain = ascii_domain(sender[1].split("@")[1])
    if to:
        msg["To"] = [_address(p) for p in to]
    if cc:
        msg["Cc"] = [_address(p) for p in cc]
    msg["Subject"] = clean_header(subject)
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=domain)
    msg["X-Unsent"] = "1"
    fits = all(len(line.encode("utf-8")) <= 998 for line in body.split("\n"))
    msg.set_content(body, charset="utf-8", cte="8bit" if fits else "quoted-printable")
    return msg


def mailto_url(subject: str, to: list[Recipient], cc: list[Recipient], body: str) -> str:
    """RFC 6068: ``mailto:jane@example.com?subject=…&body=…`` with CRLF line breaks."""
    addrs = ",".join(quote(p[1], safe="@") for p in to)
    params = []
    if cc:
        params.append("cc=" + ",".join(quote(p[1], safe="@") for p in cc))
    params.append("subject=" + quote(clean_header(subject), safe=""))
    params.append("body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
    return f"mailto:{addrs}?{'&'.join(params)}"


def slug(name: str) -> str:
    """``Zoë Müller`` → ``zoe-muller``; a name with no Latin letters keeps its own (``李雷``)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.casefold()).strip("-")
    if not text:
        text = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    return text[:60].strip("-") or "contact"


def save_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``folder/stem + suffix``, or ``stem-2``, ``stem-3``…: never overwrites a file.

    The bytes go to a temporary file first, which is then hard-linked to the free name
    (``os.link`` fails when the name exists, so two runs cannot race onto one name).
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        number = 1
        while True:
            target = folder / f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
            try:
                os.link(tmp, target)
                return target
            except FileExistsError:
                number += 1
            except OSError:  # no hard links on this file system: exclusive create instead
                if _create_exclusive(target, data):
                    return target
                number += 1
    finally:
        tmp.unlink(missing_ok=True)


def _create_exclusive(target: Path, data: bytes) -> bool:
    try:
        with open(target, "xb") as handle:
            handle.write(data)
        return True
    except FileExistsError:
        return False

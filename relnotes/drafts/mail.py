"""Mail headers and messages: safe header values, checked addresses, RFC 5322 files, mailto: links.

No Jinja and no Click here. Every header value passes through :func:`clean_header`, so text
from a note can never start a new header line. The header block is written here, not by
:mod:`email`'s header objects (which decode RFC 2047 encoded-words found in the text they are
given, and in Python 3.11/3.12 write a decoded CR LF out as a real line break): a value that is
not plain ASCII, or that holds ``=?``, is itself encoded (:func:`header_text`), so text that looks
like an encoded-word reaches the reader as that text; addresses are parsed and checked first.
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import datetime
from email.errors import HeaderParseError
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from urllib.parse import quote

from relnotes.errors import RelnotesError, VaultError, WriteError
from relnotes.vault.files import create_note

LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")  # not line breaks: kept out of headers too
ENCODED_WORD = "=?"  # how an RFC 2047 encoded-word starts
FOLD = 78  # header lines are folded to this length when they can be
Recipient = tuple[str, str]  # (display name, address)


def clean_header(value: str) -> str:
    """One line: CR, LF and every other line break become a space, so no header can be injected."""
    return " ".join(LINE_BREAKS.sub(" ", value).split())


def check_address(addr: str) -> str | None:
    """None when ``addr`` can go in a header; else what is wrong with it."""
    if addr.count("@") != 1 or any(ch.isspace() for ch in addr) or ENCODED_WORD in addr:
        return "is not an email address"
    local, domain = addr.split("@")
    if not local.isascii():
        return "has non-ASCII characters before the @, which most mail servers refuse"
    try:
        spec = f"{local}@{ascii_domain(domain)}"
        if Address(addr_spec=spec).addr_spec != spec:  # only what parses back to itself
            return "is not an email address"
    except (ValueError, HeaderParseError, UnicodeError, IndexError):
        return "is not an email address"
    return None


def addr_spec(addr: str) -> str:
    """A checked address as it goes in a header: parsed, with the domain in IDNA."""
    local, domain = addr.split("@")
    return Address(addr_spec=f"{local}@{ascii_domain(domain)}").addr_spec


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


def header_text(text: str, header: str) -> str:
    """Header text, folded: as it is when plain ASCII, else RFC 2047 encoded-words (UTF-8).

    Text holding ``=?`` is encoded too, so no reader can take it for an encoded-word of its own.
    """
    text = _header_line(text)
    charset = "us-ascii" if text.isascii() and ENCODED_WORD not in text else "utf-8"
    return Header(text, charset, header_name=header).encode(linesep="\r\n")


def mailbox(pair: Recipient, header: str) -> str:
    """``Jane Doe <jane@example.com>`` for a header: the name quoted, or encoded, as it needs."""
    name, spec = _header_line(pair[0]), addr_spec(pair[1])
    if not name:
        return spec
    if name.isascii() and ENCODED_WORD not in name:
        return formataddr((name, spec))
    return f"{header_text(name, header)} <{spec}>"


def _header_line(text: str) -> str:
    return clean_header(CONTROLS.sub(" ", text))


def _address_list(pairs: list[Recipient], header: str) -> str:
    boxes = [mailbox(p, header) for p in pairs]
    one_line = ", ".join(boxes)
    return one_line if len(header) + 2 + len(one_line) <= FOLD else ",\r\n ".join(boxes)


def build_message(subject: str, to: list[Recipient], cc: list[Recipient], body: str,
                  sender: Recipient | None, when: datetime) -> bytes:
    """A draft as an RFC 5322 message: From, To, Cc, Subject, Date, Message-ID, UTF-8 text body.

    ``X-Unsent: 1`` makes Outlook and others open the file as an editable draft. Only the
    body part is built by :mod:`email`; the header lines above it are written here.
    """
    headers: list[tuple[str, str]] = []
    domain = "relnotes.invalid"
    if sender is not None:
        headers.append(("From", mailbox(sender, "From")))
        domain = addr_spec(sender[1]).split("@")[1]
    if to:
        headers.append(("To", _address_list(to, "To")))
    if cc:
        headers.append(("Cc", _address_list(cc, "Cc")))
    headers += [("Subject", header_text(subject, "Subject")), ("Date", format_datetime(when)),
                ("Message-ID", make_msgid(domain=domain)), ("X-Unsent", "1")]
    part = EmailMessage(policy=SMTP)
    fits = all(len(line.encode("utf-8")) <= 998 for line in body.split("\n"))
    part.set_content(body, charset="utf-8", cte="8bit" if fits else "quoted-printable")
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return head.encode("ascii") + part.as_bytes()


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


def save_new(folder: Path, stem: str, suffix: str, text: str, shown: str, root: Path) -> Path:
    """Create ``folder/stem + suffix``, or ``stem-2``, ``stem-3``…: never overwrites a file.

    Each file is created by :func:`relnotes.vault.files.create_note` (a temporary file, then an
    exclusive link to the free name, so two runs cannot race onto one name). ``shown`` is the
    folder as messages name it. WriteError when the folder cannot be written; VaultError when it
    leads out of the vault (``root``) through a symbolic link.
    """
    number = 1
    while True:
        name = f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        target = folder / name
        if not os.path.lexists(target):  # a dangling link takes a name too
            try:
                create_note(target, text, root=root)
                return target
            except VaultError:
                raise
            except RelnotesError as exc:
                if not os.path.lexists(target):  # not a name taken meanwhile: the folder refuses
                    raise WriteError(f"cannot save the draft ({why(exc)}); nothing was written",
                                        path=f"{shown}/{name}") from None
        number += 1


def why(exc: RelnotesError) -> str:
    """Why a file could not be written: the system's words (``Permission denied``) when it gave them."""
    return getattr(exc.__cause__, "strerror", None) or exc.message

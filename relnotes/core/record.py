"""An imported contact record (one vCard, one CSV row), before it is matched to the vault. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

LINKEDIN_HOSTS = ("linkedin.com/",)
# record attribute -> front-matter key, in the order a new note writes them
SCALARS = ("company", "role", "location", "linkedin", "website", "met", "birthday", "uid")
LISTS = ("email", "phone", "tags")


@dataclass
class Record:
    number: int  # 1-based: the card's or row's place in its file
    source: str  # the file it came from, as shown
    name: str = ""
    email: list[str] = field(default_factory=list)
    phone: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None
    location: str | None = None
    linkedin: str | None = None
    website: str | None = None
    met: str | None = None  # YYYY-MM-DD
    birthday: str | None = None  # YYYY-MM-DD or --MM-DD
    uid: str | None = None
    note: str = ""  # the body of a new note

    @property
    def where(self) -> str:
        noun = "card" if self.source.lower().endswith((".vcf", ".vcard")) else "row"
        return f"{self.source} {noun} {self.number}"


def add_url(record: Record, url: str) -> None:
    """A URL becomes ``linkedin`` when it is a LinkedIn profile, else ``website`` (the first of each)."""
    url = url.strip()
    if not url:
        return
    if any(host in url.lower() for host in LINKEDIN_HOSTS):
        record.linkedin = record.linkedin or url
    else:
        record.website = record.website or url


def add_unique(values: list[str], value: str) -> None:
    """Append ``value`` (spaces folded) unless it is empty or already there (case-insensitively)."""
    value = " ".join(value.split())
    if value and value.lower() not in {v.lower() for v in values}:
        values.append(value)

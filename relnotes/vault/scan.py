"""Finding and reading the vault's notes from disk; the index is built in :mod:`index`."""

from __future__ import annotations

import os
import stat
from collections import namedtuple
from collections.abc import Callable
from operator import itemgetter

# Light on purpose (a warm ``due`` walks with this module and little else): no typing, no
# model at import time (a problem is made with the model imported then).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NamedTuple

    from relnotes.core.model import Problem
    from relnotes.core.settings import Config

Progress = Callable[[int, int], None]

if TYPE_CHECKING:
    class Entry(NamedTuple):
        """A Markdown file found in the vault (a named tuple: made once per file on every run)."""

        rel: str  # relative to the root, "/"-separated
        path: str  # as the OS names it (a str: a Path per file costs more than the stat)
        size: int
        mtime_ns: int
        ino: int  # with size and mtime, what says a file is the one read before: see identity()

    Scanned = tuple[list[Entry], list[Problem]]
else:  # the same named tuple, made without importing typing
    Entry = namedtuple("Entry", ("rel", "path", "size", "mtime_ns", "ino"))

NOTE_SUFFIX = ".md"  # in this letter case: "Jane.MD" is not a note
HIDDEN = "."


def hidden(name: str) -> bool:
    """A name starting with "." is never read, nor anything below it: ``.git``, ``.obsidian``,
    ``.trash``, ``.relnotes``, and editors' temp and lock files (``.x.md.swp``, ``.#x.md``)."""
    return name.startswith(HIDDEN)


def note_name(name: str) -> bool:
    """A file name a note can have (the walk stats only these, folders and links)."""
    return name.endswith(NOTE_SUFFIX) and not hidden(name)


class NotePaths:
    """Which vault-relative paths ("/"-separated) hold notes, decided by the path alone.

    The one rule the walk (:func:`scan`), watch's path filter and ``NoteSet.refresh`` share:
    a note is a file whose name ends in ``.md`` (in that letter case), with no hidden part in
    its path, in no folder at or below the drafts or templates folder, and not the agenda
    file. :meth:`note` and :meth:`folder` take a whole path; the walk takes the same steps one
    name at a time, in each folder it has entered (:func:`hidden`, :func:`note_name`, then the
    relative path in ``skipped_folders`` or ``skipped_files``). What only the disk can say (a
    regular file, a symbolic link that stays inside the vault) is left to the callers.
    """

    __slots__ = ("kind_folders", "skipped_files", "skipped_folders")

    def __init__(self, skipped_folders: frozenset[str], skipped_files: frozenset[str],
                 kind_folders: tuple[str, ...] = ()) -> None:
        self.skipped_folders, self.skipped_files = skipped_folders, skipped_files
        self.kind_folders = kind_folders  # the contacts and events folders: a note's kind by its place

    @classmethod
    def of(cls, config: Config) -> NotePaths:
        # the settings are clean relative paths (config._relative_place): compared as written
        return cls(frozenset({config.drafts_dir.strip("/"), config.templates_dir.strip("/")}),
                   frozenset({config.agenda_file.strip("/")}),
                   (config.contacts_dir.strip("/"), config.events_dir.strip("/")))

    def rule(self) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
        return self.skipped_folders, self.skipped_files, self.kind_folders

    def place_kind(self, rel: str) -> int | None:
        """Which of the kind folders holds ``rel`` (the contacts folder: 0), as ``folder_kind`` says."""
        return next((n for n, folder in enumerate(self.kind_folders) if rel.startswith(folder + "/")), None)

    def duplicate(self, rel: str, target: str) -> bool:
        """Whether a symbolic link at ``rel`` to the note at vault path ``target`` would read that
        note a second time: the walk finds it under its own name, and in a folder of the same
        kind (a link from the contacts folder to a note elsewhere makes a contact of it: not a
        duplicate)."""
        return target != rel and self.note(target) and self.place_kind(target) == self.place_kind(rel)

    def folder(self, rel: str) -> bool:
        """Whether the walk enters the folder at ``rel`` (and reads the notes in it); the vault
        itself (``""``) is no folder in it."""
        if not rel:
            return False
        prefix = ""
        for name in rel.split("/"):
            prefix += name
            if not name or hidden(name) or prefix in self.skipped_folders:
                return False
            prefix += "/"
        return True

    def note(self, rel: str) -> bool:
        """Whether a file at ``rel`` is a note (if it is a regular file inside the vault)."""
        folder, _, name = rel.rpartition("/")
        return note_name(name) and rel not in self.skipped_files and (not folder or self.folder(folder))


def scan(config: Config) -> Scanned:
    """Every note file, sorted by relative path; problems for broken links and loops."""
    return scan_folder(str(config.root), NotePaths.of(config))


def scan_folder(root: str, paths: NotePaths) -> Scanned:
    """:func:`scan` of the vault at ``root`` (a resolved path) with the rule ``paths``."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    seen_dirs: set[tuple[int, int]] = set()
    try:
        root_stat = os.stat(root)
    except OSError as exc:
        from relnotes.errors import VaultError

        raise VaultError(f"cannot read the vault folder {root}: {exc.strerror}") from None
    seen_dirs.add((root_stat.st_dev, root_stat.st_ino))
    real_root = os.path.realpath(root)
    linked: list[Entry] = []
    _walk(root, seen_dirs, real_root, paths, entries, problems, linked)
    if linked:
        entries = _once(entries, linked, (root, real_root), paths, problems)
    try:
        "\0".join([e.rel for e in entries]).encode("utf-8")
    except UnicodeEncodeError:
        entries = _utf8_named(entries, problems)
    entries.sort(key=itemgetter(0))  # by rel (paths are unique): strings compared, not tuples
    problems.sort(key=lambda p: p.file)
    return entries, problems


# Where the OS can, each folder is opened once and its notes are stat'ed relative to it
# (``os.stat(name, dir_fd=fd)``): the kernel then looks up one name, not the whole path, for
# every note (a fifth less time in the stats of a big vault). Windows walks by path.
# mtime_ns as the cache stores it, a 64-bit integer: beyond about the year 2262 it is clamped
MAX_NS, MIN_NS = 2**63 - 1, -(2**63)
MASK64 = 2**64 - 1


def identity(st: os.stat_result) -> int:
    """Entry.ino: the inode with the change time folded in (``st_ino ^ st_ctime_ns``). The
    kernel sets ctime on every write, permission or owner change and rename, and nobody can set
    it back, so an edit that restores the size and mtime (``touch -r``, some sync tools) or a
    ``chmod`` alone is still seen; for one file (one inode) it changes exactly when ctime does."""
    return st.st_ino ^ (st.st_ctime_ns & MASK64)
BY_FD = os.scandir in os.supports_fd and os.stat in os.supports_dir_fd and hasattr(os, "O_DIRECTORY")


def _walk(
    root: str, seen: set[tuple[int, int]], real_root: str, paths: NotePaths, entries: list[Entry],
    problems: list[Problem], linked_notes: list[Entry],
) -> None:
    """Fill ``entries`` with every note below ``root`` (a loop over a stack of folders, not
    recursion: this runs once per file on every ``due``, and a generator per level cost more).
    Which names count is :class:`NotePaths`' rule, taken a step at a time (its two name tests
    written out: a call per file costs more than the rest of the test)."""
    stat_file, is_dir_mode, is_reg_mode = os.stat, stat.S_ISDIR, stat.S_ISREG
    skipped_files, skipped_folders = paths.skipped_files, paths.skipped_folders
    add, new_entry = entries.append, tuple.__new__  # an Entry without the frame its __new__ costs
    folders = [(root, "")]
    linked: list[tuple[str, str, tuple[int, int]]] = []  # folders reached by a link: walked last
    while folders or linked:
        if not folders:
            # every real folder is known now: a link to one of them is a loop or a duplicate,
            # whichever order the file system listed them in
            path, rel, key = linked.pop(0)
            if key in seen:
                problems.append(_problem(rel, "symbolic link to a folder read already (a loop); skipped"))
                continue
            seen.add(key)
            folders.append((path, rel + "/"))
            continue
        folder, prefix = folders.pop()
        base = folder if folder.endswith(os.sep) else folder + os.sep
        fd = None
        try:
            if BY_FD:
                fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            with os.scandir(folder if fd is None else fd) as it:
                items = list(it)
        except OSError as exc:
            if fd is not None:
                os.close(fd)
            problems.append(_problem(prefix.rstrip("/") or ".", f"cannot read this folder: {exc.strerror}"))
            continue
        try:
            for item in items:
                name = item.name
                if name[0] == HIDDEN:  # hidden(name)
                    continue
                is_note = name.endswith(NOTE_SUFFIX)  # note_name(name), now that it is not hidden
                path = base + name
                try:
                    is_link = item.is_symlink()
                    if not is_link and not is_note and not item.is_dir(follow_symlinks=False):
                        continue  # an attachment or other file: not worth a stat
                    st = stat_file(path) if fd is None else stat_file(name, dir_fd=fd)  # follows links
                except OSError as exc:
                    rel = prefix + name
                    if is_link or isinstance(exc, FileNotFoundError):
                        if is_note or is_link:
                            problems.append(_problem(rel, _link_problem(exc)))
                        continue
                    problems.append(_problem(rel, f"cannot read: {exc.strerror}"))
                    continue
                if is_link and not _inside(path, real_root):
                    continue
                rel = prefix + name
                if is_note and is_reg_mode(st.st_mode):
                    if rel not in skipped_files:
                        mtime = st.st_mtime_ns
                        if not MIN_NS <= mtime <= MAX_NS:  # a clock set centuries off: kept to 64 bits
                            mtime = MAX_NS if mtime > 0 else MIN_NS
                        add(new_entry(Entry, (rel, path, st.st_size, mtime, st.st_ino ^ (st.st_ctime_ns & MASK64))))
                        if is_link:
                            linked_notes.append(entries[-1])
                elif is_dir_mode(st.st_mode):
                    if rel in skipped_folders:
                        continue
                    key = (st.st_dev, st.st_ino)
                    if is_link:
                        linked.append((path, rel, key))
                    elif key not in seen:  # (a real folder seen twice: a bind mount)
                        seen.add(key)
                        folders.append((path, rel + "/"))
        finally:
            if fd is not None:
                os.close(fd)


def _once(entries: list[Entry], linked: list[Entry], roots: tuple[str, str], paths: NotePaths,
          problems: list[Problem]) -> list[Entry]:
    """The entries without the symbolic links that would read a note twice
    (:meth:`NotePaths.duplicate`): the note is read once, under its own name, and the link is
    reported and skipped, as a link to a folder read already is."""
    dropped = set()
    for entry in linked:
        target = duplicate_of(entry.rel, entry.path, roots, paths)
        if target is not None:
            dropped.add(entry.rel)
            problems.append(_problem(entry.rel, f"symbolic link to {target}, which is read already; skipped"))
    return [entry for entry in entries if entry.rel not in dropped] if dropped else entries


MAX_LINK_HOPS = 40  # as the kernel's own limit on a chain of links


def duplicate_of(rel: str, path: str, roots: tuple[str, str], paths: NotePaths) -> str | None:
    """The note the link at ``path`` (vault path ``rel``) reads a second time, if it does
    (:meth:`NotePaths.duplicate`): the file it leads to, else any note on its way, hop by hop (a
    link to a link to a note elsewhere: the first link is the second's duplicate). ``roots``:
    the vault as walked and as resolved (a link may name either)."""
    root, real_root = roots
    real = os.path.realpath(path)
    if not _inside(real, real_root):
        return None
    final = os.path.relpath(real, real_root).replace(os.sep, "/")
    if paths.duplicate(rel, final):
        return final
    current = path
    for _ in range(MAX_LINK_HOPS):
        try:
            target = os.readlink(current)
        except OSError:
            break
        current = os.path.normpath(os.path.join(os.path.dirname(current), target))
        hop = next((h for h in (os.path.relpath(current, base).replace(os.sep, "/") for base in (root, real_root))
                    if h != ".." and not h.startswith("../")), None)
        if hop is None:
            break
        if paths.duplicate(rel, hop):
            return hop
    return None


def _utf8_named(entries: list[Entry], problems: list[Problem]) -> list[Entry]:
    """The entries whose path is UTF-8; each other one becomes a problem, named with the bytes
    that are not shown as \ufffd (a name the cache, JSON and the terminal can all hold)."""
    kept = []
    for entry in entries:
        try:
            entry.rel.encode("utf-8")
        except UnicodeEncodeError:
            shown = entry.rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            problems.append(_problem(shown, "the file name is not UTF-8; rename the file; skipped", True))
            continue
        kept.append(entry)
    return kept


def _problem(rel: str, message: str, skipped: bool = False) -> Problem:
    from relnotes.core.model import Problem

    return Problem(rel, None, message, skipped)


def _link_problem(exc: OSError) -> str:
    if exc.errno == 40:  # ELOOP
        return "symbolic link loop; skipped"
    return "broken symbolic link; skipped"


def _inside(path: str, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def folder_kind(rel: str, config: Config) -> str | None:
    if rel.startswith(config.contacts_dir.strip("/") + "/"):
        return "contact"
    if rel.startswith(config.events_dir.strip("/") + "/"):
        return "event"
    return None

"""A cache file someone else planted (.relnotes/ lies in a vault others may write to) is
never used: not a view or trigger of theirs runs, no file outside the vault is written, and
`due` answers exactly as a run without the cache, with one warning, the cache rebuilt.

Each hostile cache starts as the real one (one run of `due`), then is changed with sqlite3
or replaced on disk. Every hostility is bounded, so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import SAMPLE, SAMPLE_TODAY
from relnotes.cli.group import cli
from relnotes.vault.cache import cache_path
from relnotes.vault.cachefile import MAX_CACHE_BYTES, SCHEMA

SHOWN = ".relnotes/cache.sqlite"
LOOP = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c{limit}) SELECT x FROM c"


def run_due(runner: CliRunner, root: Path, *, cache: bool = True) -> Result:
    env = {} if cache else {"RELNOTES_NO_CACHE": "1"}
    argv = ["--vault", str(root), "--today", SAMPLE_TODAY, "due"]
    return runner.invoke(cli, argv, env=env, catch_exceptions=False)


def cache_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "cache" in line]


def rebuilt(reason: str) -> str:
    return f"warning: the cache {SHOWN} could not be read ({reason}); rebuilding it"


def schema_of(root: Path) -> list[tuple[str, str, str | None]]:
    conn = sqlite3.connect(cache_path(root))
    try:
        return sorted(conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=lambda r: r[1])
    finally:
        conn.close()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A copy of the sample vault."""
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE, root)
    return root


@pytest.fixture
def fresh(runner: CliRunner, vault: Path) -> Result:
    """The answer without a cache; the run with one builds the real cache first."""
    built = run_due(runner, vault)
    assert built.exit_code == 0 and cache_lines(built) == []
    answer = run_due(runner, vault, cache=False)
    assert answer.exit_code == 0 and built.stdout == answer.stdout
    return answer


def assert_rebuilt_once(runner: CliRunner, vault: Path, fresh: Result, warning: str) -> None:
    """The next run answers as a fresh one, warning once; the one after, silently; and the
    cache is then exactly the one relnotes makes."""
    first = run_due(runner, vault)
    assert (first.exit_code, first.stdout) == (0, fresh.stdout)
    assert cache_lines(first) == [warning]
    assert first.stderr == warning + "\n" + fresh.stderr
    second = run_due(runner, vault)
    assert (second.exit_code, second.stdout, second.stderr) == (0, fresh.stdout, fresh.stderr)
    assert cache_path(vault).is_file() and not cache_path(vault).is_symlink()
    assert cache_path(vault).stat().st_nlink == 1
    conn = sqlite3.connect(cache_path(vault))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA
    conn.close()


def tamper(root: Path, script: str, *, version: int = SCHEMA, stale: bool = True) -> None:
    """Run ``script`` on the vault's cache; ``stale`` makes the next run read notes and write."""
    conn = sqlite3.connect(cache_path(root), isolation_level=None)
    try:
        if stale:
            conn.execute("UPDATE meta SET value = '' WHERE key IN ('state', 'notes_key')")
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {version}")
    finally:
        conn.close()


# --- objects in the file relnotes did not make ----------------------------------------------

VIEW_META = f"DROP TABLE meta; CREATE VIEW meta(key, value) AS SELECT 'k' || x, 'v' FROM ({LOOP.format(limit=' LIMIT 50000')});"
CLEAN_NAMES = ["deps", "facts", "items", "items_owner", "meta", "names", "notes", "owners", "problems", "refs",
               "sqlite_autoindex_meta_1", "sqlite_autoindex_notes_1", "walk"]
FAKE_ITEM = ("'9999-12-31', 'c:contacts/Mallory.md', '0contacts/Mallory.md', 999999, '2026-11-01', NULL, 'Mallory Planted', 'contacts/Mallory.md', 'follow-up',"
             " 'planted', 'ally', NULL, 'planted', '', 0, 'mallory planted', 'planted', NULL")
HOSTILE = {
    # a recursive view where a table should be: every lookup of meta walks it
    "view named like a table": (VIEW_META, SCHEMA, "it has a view 'meta' relnotes did not make"),
    "the same under another version": (VIEW_META, SCHEMA - 1, "it has a view 'meta' relnotes did not make"),
    # a trigger that writes on every write: a fake item, and rows enough to fill the WAL
    "trigger on insert": (
        "CREATE TRIGGER fill AFTER INSERT ON meta BEGIN"
        f" INSERT OR IGNORE INTO items VALUES ({FAKE_ITEM});"
        f" INSERT INTO problems SELECT 'planted.md', x, 'planted', 0, '' FROM ({LOOP.format(limit=' LIMIT 2000')});"
        " END;",
        SCHEMA, "it has a trigger 'fill' relnotes did not make"),
    "extra table": ("CREATE TABLE extra (x BLOB);", SCHEMA, "it has a table 'extra' relnotes did not make"),
    "extra index": ("CREATE INDEX by_size ON notes (size);", SCHEMA, "it has an index 'by_size' relnotes did not make"),
    "wrong column type": (
        "DROP TABLE notes; CREATE TABLE notes (path TEXT PRIMARY KEY, size TEXT NOT NULL, mtime_ns INTEGER NOT NULL,"
        " ino INTEGER NOT NULL, data BLOB NOT NULL);",
        SCHEMA, "its table 'notes' is not the one relnotes makes"),
    "extra column": ("ALTER TABLE notes ADD COLUMN extra TEXT DEFAULT 'x';", SCHEMA,
                     "its table 'notes' is not the one relnotes makes"),
    "missing table": ("DROP TABLE problems;", SCHEMA, "its table 'problems' is missing"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_cache_with_a_schema_of_someone_elses_is_rebuilt(runner, vault, fresh, case):
    script, version, reason = HOSTILE[case]
    clean = schema_of(vault)
    assert [name for _, name, _ in clean] == CLEAN_NAMES
    tamper(vault, script, version=version)
    assert schema_of(vault) != clean
    assert_rebuilt_once(runner, vault, fresh, rebuilt(reason))
    assert schema_of(vault) == clean


def test_an_endless_view_does_not_hang_the_command(vault, fresh):
    """A real process, an unbounded recursive view: it ends (the timeout is what a hang hits)."""
    tamper(vault, f"DROP TABLE meta; CREATE VIEW meta(key, value) AS SELECT 'k' || x, 'v' FROM ({LOOP.format(limit='')});")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELNOTES")}
    exe = Path(sys.executable).with_name("relnotes")
    command = [str(exe) if exe.exists() else "relnotes", "--vault", str(vault), "--today", SAMPLE_TODAY, "due"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stdout) == (0, fresh.stdout)
    assert done.stderr == rebuilt("it has a view 'meta' relnotes did not make") + "\n" + fresh.stderr


# --- a cache that is not a plain file of its own --------------------------------------------

def replace_cache(root: Path) -> Path:
    path = cache_path(root)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def test_a_file_that_is_not_sqlite(runner, vault, fresh):
    replace_cache(vault).write_bytes(b"not a database at all " * 500)
    assert_rebuilt_once(runner, vault, fresh, rebuilt("file is not a database"))


@pytest.fixture
def outside(tmp_path: Path, runner: CliRunner) -> Path:
    """A real relnotes cache outside the vault (another vault's): what a link would point at."""
    other = tmp_path / "other"
    shutil.copytree(SAMPLE, other)
    (other / "contacts" / "Ben Okafor.md").unlink()
    assert run_due(runner, other).exit_code == 0
    target = tmp_path / "elsewhere.sqlite"
    shutil.copyfile(cache_path(other), target)
    return target


def test_a_link_to_a_database_outside_the_vault_is_not_written(runner, vault, fresh, outside):
    before = outside.read_bytes()
    replace_cache(vault).symlink_to(outside)
    assert_rebuilt_once(runner, vault, fresh, rebuilt("it is a symbolic link, not a file"))
    assert outside.read_bytes() == before
    assert not Path(f"{outside}-wal").exists() and not Path(f"{outside}-journal").exists()


def test_a_dangling_link_creates_nothing_outside(runner, vault, fresh, tmp_path):
    target = tmp_path / "nowhere.sqlite"
    replace_cache(vault).symlink_to(target)
    assert_rebuilt_once(runner, vault, fresh, rebuilt("it is a symbolic link, not a file"))
    assert not target.exists()


def test_a_hard_link_to_another_file_is_not_written(runner, vault, fresh, outside):
    before = outside.read_bytes()
    os.link(outside, replace_cache(vault))
    assert_rebuilt_once(runner, vault, fresh, rebuilt(
        "it has other names (hard links): writing it would change another file"))
    assert outside.read_bytes() == before


def test_a_linked_write_ahead_log_is_not_written(runner, vault, fresh, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"someone's file\n")
    path = cache_path(vault)
    tamper(vault, "")
    Path(f"{path}-wal").symlink_to(victim)
    assert_rebuilt_once(runner, vault, fresh, rebuilt("its -wal file is a symbolic link, not a file"))
    assert victim.read_bytes() == b"someone's file\n"


def test_a_named_pipe_is_never_opened(runner, vault, fresh):
    """A FIFO can block open() or read() for ever: it is seen with lstat and removed unopened."""
    path = replace_cache(vault)
    os.mkfifo(path)
    assert_rebuilt_once(runner, vault, fresh, rebuilt("it is a named pipe, not a file"))


def test_a_cache_folder_that_links_outside_the_vault(runner, vault, fresh, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(cache_path(vault).parent), elsewhere)
    (vault / ".relnotes").symlink_to(elsewhere, target_is_directory=True)
    conn = sqlite3.connect(elsewhere / "cache.sqlite")  # stale: the next run would write it
    conn.execute("UPDATE meta SET value = '' WHERE key = 'state'")
    conn.commit()
    conn.close()
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    assert_rebuilt_once(runner, vault, fresh, rebuilt(".relnotes is a symbolic link, not a folder"))
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before
    assert (vault / ".relnotes").is_dir() and not (vault / ".relnotes").is_symlink()


def test_a_huge_cache_is_not_read(runner, vault, fresh):
    """A real cache made larger than any vault's (sparse: no disk is used)."""
    tamper(vault, "")
    os.truncate(cache_path(vault), MAX_CACHE_BYTES + 1)
    assert_rebuilt_once(runner, vault, fresh, rebuilt(
        f"it is larger than {MAX_CACHE_BYTES // 1024**3} GiB, far more than any vault's cache"))
    assert cache_path(vault).stat().st_size < 10**6


def test_a_folder_where_the_cache_should_be_is_left_alone(runner, vault, fresh):
    """relnotes removes only files it can replace; a folder is reported on every run, not deleted."""
    path = replace_cache(vault)
    path.mkdir()
    (path / "keep.txt").write_text("mine\n", encoding="utf-8")
    warning = f"warning: cannot use the cache {SHOWN} (it is a folder, not a file); reading the vault without it"
    for _ in range(2):
        result = run_due(runner, vault)
        assert (result.exit_code, result.stdout) == (0, fresh.stdout)
        assert result.stderr == warning + "\n" + fresh.stderr
    assert (path / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_file_where_the_cache_folder_should_be_is_left_alone(runner, vault, fresh):
    shutil.rmtree(vault / ".relnotes")
    (vault / ".relnotes").write_text("mine\n", encoding="utf-8")
    warning = (f"warning: cannot use the cache {SHOWN} (.relnotes is a file, not a folder); "
               "reading the vault without it")
    result = run_due(runner, vault)
    assert (result.exit_code, result.stdout, result.stderr) == (0, fresh.stdout, warning + "\n" + fresh.stderr)
    assert (vault / ".relnotes").read_text(encoding="utf-8") == "mine\n"


def test_an_old_cache_with_a_strange_table_name_is_replaced(runner, vault, fresh):
    """Another version's file is emptied table by table: a name with quotes in it is only a name."""
    tamper(vault, 'CREATE TABLE "odd"" name" (x);', version=SCHEMA + 1)
    result = run_due(runner, vault)
    assert (result.exit_code, result.stdout, result.stderr) == (0, fresh.stdout, fresh.stderr)
    assert [name for _, name, _ in schema_of(vault)] == CLEAN_NAMES

#!/usr/bin/env python3
"""Time `relnotes due` side by side with the floors it is measured against.

    python benchmarks/run.py --sizes 10000 [50000 ...] [--profiles backlog kept-up]
                             [--repeat 5] [--relnotes PATH] [--python PATH] [--seed 1]
                             [--measures NAME ...] [--regenerate] [--json [FILE]]

For each size N and profile a vault of N contacts + N events is generated (or reused) under
benchmarks/vaults/ (git-ignored) by generate_vault.py. Every measure is a fresh subprocess,
run once untimed and then --repeat times; the table gives the median wall time and the
peak RSS of the child (ru_maxrss from os.wait4). Children run with RELNOTES_TODAY=2026-11-23,
the generator's anchor date. See benchmarks/README.md and docs/performance.md.

Standard library only; the `naive` measure needs python-frontmatter in the floor interpreter
(it is a relnotes dependency, so the interpreter relnotes runs under has it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import marshal
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate_vault  # noqa: E402

TODAY = generate_vault.ANCHOR.isoformat()

# A walk shared by the floors: every *.md file below the root, hidden entries skipped,
# symlinks not followed (the generated vault has none).
WALK = r"""
import os, sys
def walk(d):
    with os.scandir(d) as it:
        for e in it:
            if e.name.startswith('.'):
                continue
            if e.is_dir(follow_symlinks=False):
                yield from walk(e.path)
            elif e.name.endswith('.md'):
                yield e
root = sys.argv[1]
"""

FLOOR_START_STAT = WALK + r"""
n = 0
for e in walk(root):
    os.stat(e.path)
    n += 1
print(n)
"""

FLOOR_READ_SPLIT = WALK + r"""
n = 0
for e in walk(root):
    with open(e.path, encoding='utf-8') as f:
        text = f.read()
    if text.startswith('---\n'):
        end = text.find('\n---', 3)
        if end >= 0:
            front = text[4:end]
            nl = text.find('\n', end + 4)
            body = text[nl + 1:] if nl >= 0 else ''
            n += 1
print(n)
"""

NAIVE = WALK + r"""
import datetime, json
import frontmatter
today = datetime.date.fromisoformat(os.environ.get('RELNOTES_TODAY', '2026-11-23'))
contacts_dir = os.path.join(root, 'contacts') + os.sep
due = []
for e in walk(root):
    try:
        post = frontmatter.load(e.path)
    except Exception:
        continue
    meta = post.metadata
    kind = meta.get('type')
    if kind != 'contact' and not (kind is None and e.path.startswith(contacts_dir)):
        continue
    fu = meta.get('follow_up')
    if isinstance(fu, datetime.datetime):
        fu = fu.date()
    elif isinstance(fu, str):
        try:
            fu = datetime.date.fromisoformat(fu)
        except ValueError:
            fu = None
    if isinstance(fu, datetime.date) and fu < today:
        due.append({'contact': meta.get('name') or os.path.basename(e.path)[:-3],
                    'due': fu.isoformat()})
due.sort(key=lambda d: (d['due'], d['contact'].casefold()))
print(json.dumps(due))
"""

# (ratio name, numerator, denominator, comparison, target, profiles it applies to or None
# for all): the targets of issue #17
RATIOS = [
    ("warm / floor_start_stat", "relnotes_warm", "floor_start_stat", "<=", 2.0, ("backlog",)),
    ("warm / floor_start_stat", "relnotes_warm", "floor_start_stat", "<=", 1.5, ("kept-up",)),
    ("one_changed / warm", "relnotes_one_changed", "relnotes_warm", "<=", 1.5, None),
    ("hundred_changed / warm", "relnotes_hundred_changed", "relnotes_warm", "<=", 3.0, None),
    ("cold / floor_read_split", "relnotes_cold", "floor_read_split", "<=", 6.0, None),
    ("naive / cold", "naive", "relnotes_cold", ">=", 1.0, None),
    ("help / python_start", "relnotes_help", "python_start", "<=", 2.0, None),
    ("version / python_start", "relnotes_version", "python_start", "<=", 2.0, None),
]

# (measure, what, limit): absolute limits, from the issues that set the targets (#17 sets the
# RSS ones for 50k + 50k; they are checked at every size)
LIMITS = [
    ("relnotes_warm", "peak RSS MB", 150.0),
    ("relnotes_one_changed", "peak RSS MB", 150.0),
    ("relnotes_cold", "peak RSS MB", 250.0),
    ("watch_one_edit", "median ms", 50.0),
    ("watch_one_edit", "peak RSS MB", 250.0),
]

HUNDRED = 100  # notes touched before each hundred_changed run, like a `git pull`


@dataclass
class Result:
    size: int
    measure: str
    command: str
    profile: str = "backlog"
    runs_ms: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    error: str | None = None
    note: str = ""

    @property
    def median_ms(self) -> float | None:
        return statistics.median(self.runs_ms) if self.runs_ms and not self.error else None

    @property
    def peak_rss_mb(self) -> float | None:
        return max(self.rss_mb) if self.rss_mb and not self.error else None

    def as_dict(self) -> dict:
        return {
            "size": self.size,
            "profile": self.profile,
            "measure": self.measure,
            "command": self.command,
            "runs_ms": [round(x, 3) for x in self.runs_ms],
            "rss_mb": [round(x, 2) for x in self.rss_mb],
            "median_ms": None if self.median_ms is None else round(self.median_ms, 3),
            "peak_rss_mb": None if self.peak_rss_mb is None else round(self.peak_rss_mb, 2),
            "error": self.error,
            "note": self.note,
        }


class ChildFailed(Exception):
    pass


def rss_to_mb(maxrss: int) -> float:
    # Linux reports KiB, macOS bytes
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def reset_peak_rss() -> None:
    """Lower this process's RSS high-water mark to its current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


# Why a spawner: Linux keeps a process's peak RSS across execve, and a child started by
# vfork/posix_spawn/fork begins with (at least) its parent's current RSS. A child of this
# script would report >= ~19 MB even for `true`, more than `python -c pass` really uses
# (~13 MB). So children are started by a tiny helper, `python -S` with only builtin
# modules (~8 MB), which resets its own high-water mark, posix_spawns the child, and
# reaps it with os.wait4. `--direct` starts them from this process with subprocess.Popen
# + os.wait4 instead. Either way the report says what a do-nothing child reports
# (launcher_rss_mb), the floor under every RSS figure.
SPAWNER = r"""
import os, time, marshal
def readn(n):
    b = b''
    while len(b) < n:
        c = os.read(0, n - len(b))
        if not c:
            return None
        b += c
    return b
while True:
    h = readn(4)
    if h is None:
        break
    argv, env, cwd, out, err = marshal.loads(readn(int.from_bytes(h, 'little')))
    acts = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
            (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    try:
        os.chdir(cwd)
        try:
            fd = os.open('/proc/self/clear_refs', os.O_WRONLY)
            os.write(fd, b'5')
            os.close(fd)
        except OSError:
            pass
        t0 = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, env, file_actions=acts)
        _, st, ru = os.wait4(pid, 0)
        reply = ((time.perf_counter() - t0) * 1000.0, ru.ru_maxrss,
                 os.waitstatus_to_exitcode(st), '')
    except OSError as e:
        reply = (0.0, 0, -1, type(e).__name__ + ': ' + str(e))
    b = marshal.dumps(reply)
    os.write(1, len(b).to_bytes(4, 'little') + b)
"""


class Launcher:
    """Runs one child at a time and reports its wall time and peak RSS."""

    def __init__(self, direct: bool = False) -> None:
        self.proc: subprocess.Popen | None = None
        if not direct and hasattr(os, "posix_spawnp"):
            self.proc = subprocess.Popen([sys.executable, "-S", "-E", "-c", SPAWNER],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.kind = "spawner" if self.proc else "direct"

    def close(self) -> None:
        if self.proc:
            self.proc.stdin.close()
            self.proc.wait()
            self.proc = None

    def run(self, argv: list[str], env: dict, cwd: str) -> tuple[float, float, bytes]:
        """Run argv once; return (wall ms, peak RSS MB, stdout). Raises ChildFailed."""
        fd_out, out_path = tempfile.mkstemp(prefix="relnotes-bench-")
        fd_err, err_path = tempfile.mkstemp(prefix="relnotes-bench-")
        os.close(fd_out)
        os.close(fd_err)
        try:
            if self.proc:
                ms, maxrss, code, oserr = self._spawn(argv, env, cwd, out_path, err_path)
            else:
                ms, maxrss, code, oserr = self._direct(argv, env, cwd, out_path, err_path)
            if oserr:
                raise ChildFailed(oserr)
            if code != 0:
                with open(err_path, "rb") as f:
                    msg = first_line(f.read().decode("utf-8", "replace"))
                raise ChildFailed(msg or f"exit status {code}")
            with open(out_path, "rb") as f:
                return ms, rss_to_mb(maxrss), f.read()
        finally:
            os.unlink(out_path)
            os.unlink(err_path)

    def _spawn(self, argv, env, cwd, out_path, err_path):
        req = marshal.dumps((list(argv), dict(env), cwd, out_path, err_path))
        self.proc.stdin.write(len(req).to_bytes(4, "little") + req)
        self.proc.stdin.flush()
        head = self.proc.stdout.read(4)
        if len(head) < 4:
            raise SystemExit("run.py: the spawner process died")
        return marshal.loads(self.proc.stdout.read(int.from_bytes(head, "little")))

    @staticmethod
    def _direct(argv, env, cwd, out_path, err_path):
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            reset_peak_rss()
            t0 = time.perf_counter()
            try:
                proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                        env=env, cwd=cwd)
            except OSError as e:
                return 0.0, 0, -1, f"{type(e).__name__}: {e}"
            _, status, usage = os.wait4(proc.pid, 0)
            ms = (time.perf_counter() - t0) * 1000.0
            proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
            return ms, usage.ru_maxrss, proc.returncode, ""


LAUNCHER: Launcher | None = None


def run_child(argv: list[str], env: dict, cwd: str) -> tuple[float, float, bytes]:
    assert LAUNCHER is not None
    return LAUNCHER.run(argv, env, cwd)


@dataclass
class Measure:
    name: str
    argv: list[str] | None  # None: not available (error says why)
    setup: Callable[[int], None] | None = None  # before every run, untimed; gets the run index
    check: Callable[[bytes], str] | None = None  # stdout -> note, raise ChildFailed if wrong
    unavailable: str = ""


def measure(m: Measure, size: int, repeat: int, env: dict, cwd: str) -> Result:
    shown = " ".join(_short(a) for a in m.argv) if m.argv else ""
    res = Result(size, m.name, shown)
    if m.argv is None:
        res.error = m.unavailable
        return res
    try:
        for i in range(repeat + 1):  # run 0 is the untimed warm-up
            if m.setup:
                m.setup(i)
            ms, rss, out = run_child(m.argv, env, cwd)
            if m.check:
                res.note = m.check(out)
            if i:
                res.runs_ms.append(ms)
                res.rss_mb.append(rss)
    except ChildFailed as e:
        res.error = str(e)
    return res


def _short(arg: str) -> str:
    if "\n" in arg:
        return "'<script>'"
    return arg if re.fullmatch(r"[\w./=:+-]+", arg) else repr(arg)


# -- setup helpers ------------------------------------------------------------------------

def drop_cache(vault: str) -> Callable[[int], None]:
    def setup(_i: int) -> None:
        shutil.rmtree(os.path.join(vault, ".relnotes"), ignore_errors=True)
    return setup


LOG_HEADING = re.compile(r"^(#{1,6})\s+log\s*$", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s")


def pick_contacts(vault: str, count: int = 1) -> list[str]:
    """count contact notes with a Log, spread evenly over the sorted folder (deterministic)."""
    cdir = os.path.join(vault, "contacts")
    names = sorted(os.listdir(cdir))
    step = max(1, len(names) // count)
    picked: list[str] = []
    for start in range(0, len(names), step):
        for name in names[start:start + step]:
            path = os.path.join(cdir, name)
            with open(path, encoding="utf-8") as f:
                if any(LOG_HEADING.match(line) for line in f):
                    picked.append(path)
                    break
        if len(picked) == count:
            break
    return picked


def pick_contact(vault: str) -> str | None:
    found = pick_contacts(vault, 1)
    return found[0] if found else None


def append_to_logs(originals: dict[str, str]) -> Callable[[int], None]:
    """Before run i, every note is its original text plus i log lines at the end of its Log."""
    setups = [append_to_log(path, text) for path, text in originals.items()]

    def setup(i: int) -> None:
        for one in setups:
            one(i)
    return setup


def append_to_log(path: str, original: str) -> Callable[[int], None]:
    """Before run i, the note is its original text plus i log lines at the end of its Log."""
    lines = original.split("\n")
    h = next(k for k, line in enumerate(lines) if LOG_HEADING.match(line))
    level = len(LOG_HEADING.match(lines[h]).group(1))
    end = len(lines)
    for k in range(h + 1, len(lines)):
        m = HEADING.match(lines[k])
        if m and len(m.group(1)) <= level:
            end = k
            break
    while end > h + 1 and not lines[end - 1].strip():
        end -= 1

    def setup(i: int) -> None:
        if i == 0:
            return  # the warm-up run builds the cache from the unchanged vault
        added = [f"- {TODAY} note: benchmark edit {k}" for k in range(1, i + 1)]
        text = "\n".join(lines[:end] + added + lines[end:])
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return setup


def due_check(out: bytes) -> str:
    try:
        items = json.loads(out)
    except ValueError:
        raise ChildFailed("stdout is not JSON") from None
    return f"{len(items)} items" if isinstance(items, list) else "JSON, not a list"


def count_check(out: bytes) -> str:
    return f"{out.decode().strip()} files"


def naive_check(out: bytes) -> str:
    return f"{len(json.loads(out))} overdue follow_up"


# -- environment ---------------------------------------------------------------------------

def find_relnotes(arg: str | None) -> str | None:
    if arg:
        return arg
    found = shutil.which("relnotes")
    if found:
        return found
    beside = os.path.join(os.path.dirname(sys.executable), "relnotes")
    return beside if os.path.exists(beside) else None


def interpreter_of(script: str | None) -> str | None:
    """The Python a console script runs under, read from its #! line."""
    if not script:
        return None
    try:
        with open(script, "rb") as f:
            head = f.readline(400).decode("utf-8", "replace")
    except OSError:
        return None
    if not head.startswith("#!"):
        return None
    parts = head[2:].split()
    if not parts:
        return None
    if os.path.basename(parts[0]) == "env" and len(parts) > 1:
        return shutil.which(parts[-1])
    if os.path.basename(parts[0]).startswith("python") and os.path.exists(parts[0]):
        return parts[0]
    return None


def machine_info(python: str) -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        cpu = platform.processor()
    mem_gb = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    try:
        nproc_avail = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc_avail = os.cpu_count()
    try:
        pyver = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"],
                               capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pyver = "?"
    return {
        "nproc": nproc_avail,
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu or "unknown",
        "mem_total_gb": mem_gb,
        "platform": platform.platform(),
        "python": python,
        "python_version": pyver,
        "runner_python_version": platform.python_version(),
    }


def launcher_rss_mb(env: dict) -> float | None:
    """Peak RSS reported for a do-nothing child: the floor under every RSS figure."""
    true = shutil.which("true")
    if not true:
        return None
    try:
        return round(run_child([true], env, os.getcwd())[1], 1)
    except ChildFailed:
        return None


def relnotes_version(relnotes: str | None, env: dict) -> str:
    if not relnotes:
        return "not found"
    try:
        r = subprocess.run([relnotes, "--version"], capture_output=True, text=True, env=env,
                           timeout=120)
    except (OSError, subprocess.SubprocessError) as e:
        return f"n/a ({first_line(str(e))})"
    if r.returncode:
        return f"n/a ({first_line(r.stderr) or f'exit status {r.returncode}'})"
    return first_line(r.stdout)


# -- one size ------------------------------------------------------------------------------

def prepare_vault(root: str, size: int, seed: int, regenerate: bool,
                  profile: str = "backlog") -> tuple[str, dict]:
    suffix = "" if profile == "backlog" else f"-{profile}"
    vault = os.path.join(root, f"c{size}-e{size}-s{seed}{suffix}")
    info: dict = {"path": vault, "profile": profile}
    if not regenerate and generate_vault.is_generated(vault, size, size, seed, profile):
        info["generated"] = False
    else:
        if os.path.isdir(vault) and not os.path.exists(os.path.join(vault, generate_vault.MARKER)):
            sys.exit(f"run.py: {vault} exists but generate_vault.py did not write it; move it away")
        print(f"generating {size} contacts + {size} events ({profile}) in {vault} ...",
              file=sys.stderr)
        # in a child process, so that this one stays small
        t0 = time.perf_counter()
        subprocess.run([sys.executable, os.path.join(HERE, "generate_vault.py"), vault,
                        "--contacts", str(size), "--events", str(size), "--seed", str(seed),
                        "--profile", profile, "--force"], check=True)
        info.update(generated=True, seconds=round(time.perf_counter() - t0, 2))
    files = total = 0
    for dirpath, dirnames, filenames in os.walk(vault):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".md"):
                files += 1
                total += os.path.getsize(os.path.join(dirpath, name))
    info.update(md_files=files, md_bytes=total)
    return vault, info


def bench_size(size: int, args, relnotes: str | None, python: str, env: dict,
               profile: str = "backlog") -> tuple[list, dict]:
    vault, info = prepare_vault(args.vaults, size, args.seed, args.regenerate, profile)
    py = [python, "-c"]
    no_relnotes = "relnotes executable not found (pass --relnotes PATH)"
    rel = (lambda *a: [relnotes, *a]) if relnotes else (lambda *a: None)
    due = rel("--vault", vault, "due", "--json")

    contact = pick_contact(vault)
    original = None
    if contact:
        with open(contact, encoding="utf-8", newline="") as f:
            original = f.read()
    hundred: dict[str, str] = {}
    for path in pick_contacts(vault, HUNDRED):
        with open(path, encoding="utf-8", newline="") as f:
            hundred[path] = f.read()

    measures = [
        Measure("python_start", [python, "-c", "pass"]),
        Measure("floor_start_stat", [*py, FLOOR_START_STAT, vault], check=count_check),
        Measure("floor_read_split", [*py, FLOOR_READ_SPLIT, vault], check=count_check),
        Measure("naive", [*py, NAIVE, vault], check=naive_check),
        Measure("relnotes_help", rel("--help"), unavailable=no_relnotes),
        Measure("relnotes_version", rel("--version"), unavailable=no_relnotes),
        Measure("relnotes_cold", due, setup=drop_cache(vault), check=due_check,
                unavailable=no_relnotes),
        Measure("relnotes_warm", due, check=due_check, unavailable=no_relnotes),
    ]
    if contact and original is not None:
        measures.append(Measure("relnotes_one_changed", due, setup=append_to_log(contact, original),
                                check=due_check, unavailable=no_relnotes))
    else:
        measures.append(Measure("relnotes_one_changed", None,
                                unavailable="no contact note with a Log"))
    if len(hundred) == HUNDRED:
        measures.append(Measure("relnotes_hundred_changed", due, setup=append_to_logs(hundred),
                                check=due_check, unavailable=no_relnotes))
    else:
        measures.append(Measure("relnotes_hundred_changed", None,
                                unavailable=f"fewer than {HUNDRED} contact notes with a Log"))
    wanted = set(args.measures or [])

    def chosen(name: str) -> bool:
        return not wanted or name in wanted

    results = []
    try:
        for m in measures:
            if not chosen(m.name):
                continue
            print(f"  [{size} {profile}] {m.name} ...", file=sys.stderr, flush=True)
            res = measure(m, size, args.repeat, env, vault)
            res.profile = profile
            results.append(res)
        if chosen("watch_start") or chosen("watch_one_edit"):
            print(f"  [{size} {profile}] watch ...", file=sys.stderr, flush=True)
            for r in measure_watch(relnotes, vault, contact, original, args.repeat, env):
                r.size = size
                r.profile = profile
                results.append(r)
    finally:
        if contact and original is not None:
            with open(contact, "w", encoding="utf-8", newline="") as f:
                f.write(original)
        for path, text in hundred.items():
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
    if contact:
        info["one_changed_file"] = os.path.relpath(contact, vault)
    return results, info


def measure_watch(relnotes: str | None, vault: str, contact: str | None, original: str | None, repeat: int,
                  env: dict) -> list[Result]:
    """`relnotes watch --timings`: its start, then one log line appended to one contact `repeat`
    times; each regeneration's own processing time is read from its log line, the peak RSS
    from /proc (Linux) just before it is stopped."""
    start = Result(0, "watch_start", "relnotes --vault V watch --timings")
    edit = Result(0, "watch_one_edit", "append a log line to one contact note, wait for the regeneration")
    if not relnotes or contact is None or original is None:
        start.error = edit.error = "relnotes or a contact note with a Log not found"
        return [start, edit]
    proc = subprocess.Popen([relnotes, "--vault", vault, "watch", "--timings"], stderr=subprocess.PIPE, text=True,
                            env=env)
    took = re.compile(r"\((.*?); (\d+) ms\)$")

    def next_regeneration(timeout: float = 600) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stderr], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            line = proc.stderr.readline()
            if not line:
                raise ChildFailed(f"watch stopped (exit {proc.poll()})")
            m = took.search(line.strip())
            if m:
                return float(m.group(2))
        raise ChildFailed("no regeneration within the time allowed")

    try:
        start.runs_ms.append(next_regeneration())
        for i in range(repeat + 1):
            with open(contact, "a", encoding="utf-8") as f:
                f.write(f"\n- {TODAY} call: benchmark edit {i}\n")
            ms = next_regeneration(60)
            if i:  # the first is the untimed warm-up, as for every other measure
                edit.runs_ms.append(ms)
            time.sleep(0.5)  # past the debounce, so each edit is a batch of its own
        try:
            with open(f"/proc/{proc.pid}/status", encoding="ascii") as f:
                hwm = next(line for line in f if line.startswith("VmHWM:"))
            rss = int(hwm.split()[1]) / 1024
            start.rss_mb.append(rss)
            edit.rss_mb.append(rss)
        except (OSError, StopIteration):
            edit.note = "peak RSS: no /proc here"
    except ChildFailed as exc:
        start.error = start.error or (None if start.runs_ms else str(exc))
        edit.error = str(exc)
    finally:
        proc.terminate()
        proc.wait(30)
        with open(contact, "w", encoding="utf-8", newline="") as f:
            f.write(original)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(os.path.join(vault, "AGENDA.md"))
    return [start, edit]


def limits(results: list[Result]) -> list[dict]:
    by = {r.measure: r for r in results}
    out = []
    for measure, what, limit in LIMITS:
        r = by.get(measure)
        value = None
        if r is not None and not r.error:
            value = r.median_ms if what == "median ms" else (max(r.rss_mb) if r.rss_mb else None)
        if r is None:
            continue
        out.append({"size": r.size, "profile": r.profile, "measure": measure, "what": what,
                    "value": None if value is None else round(value, 1), "limit": limit,
                    "pass": None if value is None else value <= limit})
    return out


def ratios(results: list[Result]) -> list[dict]:
    by = {r.measure: r for r in results}
    out = []
    profile = results[0].profile if results else "backlog"
    for label, num, den, op, target, profiles in RATIOS:
        a, b = by.get(num), by.get(den)
        if (profiles is not None and profile not in profiles) or a is None or b is None:
            continue
        row = {"size": results[0].size, "profile": profile, "ratio": label,
               "target": f"{op} {target:g}", "value": None, "pass": None}
        if a and b and a.median_ms is not None and b.median_ms:
            v = a.median_ms / b.median_ms
            row["value"] = round(v, 3)
            row["pass"] = v <= target if op == "<=" else v >= target
        else:
            missing = [r.measure for r in (a, b) if r is not None and r.median_ms is None]
            row["note"] = "n/a: " + ", ".join(missing) if missing else "n/a"
        out.append(row)
    return out


# -- output --------------------------------------------------------------------------------

def fmt(x: float | None, digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [
        "## relnotes benchmark",
        "",
        f"- machine: {m['nproc']} CPUs available ({m['cpu_count']} total), {m['cpu_model']}, "
        f"{m['mem_total_gb']} GB RAM, {m['platform']}",
        f"- Python {m['python_version']} ({m['python']}) for the floors and `naive`",
        f"- relnotes: {report['relnotes_path'] or 'not found'} ({report['relnotes_version']})",
        f"- {report['repeat']} timed runs per measure after one untimed run; median wall time; "
        f"peak RSS = largest ru_maxrss of the timed runs (children started by the "
        f"{report['launcher']} launcher; a do-nothing child reports "
        f"{fmt(report['launcher_rss_mb'])} MB: the floor under every RSS figure); "
        f"RELNOTES_TODAY={TODAY}",
    ]
    for v in report["vaults"]:
        gen = f"generated in {v['seconds']} s" if v.get("generated") else "reused"
        lines.append(f"- size {v['size']} {v['profile']}: {v['md_files']} notes, {v['md_bytes'] / 1e6:.1f} MB, "
                     f"seed {report['seed']}, {gen} ({v['path']})")
    lines += ["", "| size | profile | measure | median ms | peak RSS MB | note |",
              "|---:|---|---|---:|---:|---|"]
    for r in report["results"]:
        note = f"n/a: {r['error']}" if r["error"] else r["note"]
        note = note.replace("|", "\\|")
        lines.append(f"| {r['size']} | {r['profile']} | {r['measure']} | {fmt(r['median_ms'])} | "
                     f"{fmt(r['peak_rss_mb'])} | {note} |")
    lines += ["", "| size | profile | ratio | value | target | result |", "|---:|---|---|---:|---|---|"]
    for q in report["ratios"]:
        mark = "n/a" if q["pass"] is None else ("✅ pass" if q["pass"] else "❌ fail")
        val = fmt(q["value"], 2) if q["value"] is not None else q.get("note", "n/a")
        lines.append(f"| {q['size']} | {q['profile']} | {q['ratio']} | {val} | {q['target']} | {mark} |")
    lines += ["", "| size | profile | measure | what | value | limit | result |",
              "|---:|---|---|---|---:|---:|---|"]
    for q in report["limits"]:
        mark = "n/a" if q["pass"] is None else ("✅ pass" if q["pass"] else "❌ fail")
        lines.append(f"| {q['size']} | {q['profile']} | {q['measure']} | {q['what']} | {fmt(q['value'])} | "
                     f"{q['limit']:g} | {mark} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000],
                    help="contacts (and events) per vault; default 10000")
    ap.add_argument("--profiles", nargs="+", choices=generate_vault.PROFILES, default=["backlog"],
                    help="vault profiles: backlog (default) and/or kept-up")
    ap.add_argument("--measures", nargs="+", metavar="NAME",
                    help="run only these measures (default: all)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per measure (default 5)")
    ap.add_argument("--relnotes",
                    help="relnotes executable (default: on PATH, or beside sys.executable)")
    ap.add_argument("--python", help="interpreter for the floors and naive "
                    "(default: the one relnotes runs under, else this one)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--vaults", default=os.path.join(HERE, "vaults"),
                    help="where generated vaults are kept (default benchmarks/vaults)")
    ap.add_argument("--regenerate", action="store_true", help="write the vaults afresh")
    ap.add_argument("--json", nargs="?", const="-", metavar="FILE",
                    help="dump raw numbers as JSON to FILE, or to stdout instead of the table")
    ap.add_argument("--direct", action="store_true",
                    help="start children from this process (subprocess.Popen + os.wait4) instead "
                    "of the small spawner; RSS figures then include this script's ~19 MB")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    relnotes = find_relnotes(args.relnotes)
    if relnotes and os.sep in relnotes:
        relnotes = os.path.abspath(relnotes)
    python = args.python or interpreter_of(relnotes) or sys.executable
    env = dict(os.environ, RELNOTES_TODAY=TODAY)
    env.pop("RELNOTES_VAULT", None)
    os.makedirs(args.vaults, exist_ok=True)

    report: dict = {
        "machine": machine_info(python),
        "relnotes_path": relnotes,
        "relnotes_version": relnotes_version(relnotes, env),
        "launcher_rss_mb": None,
        "repeat": args.repeat,
        "seed": args.seed,
        "today": TODAY,
        "vaults": [],
        "results": [],
        "ratios": [],
        "limits": [],
    }
    global LAUNCHER
    LAUNCHER = Launcher(direct=args.direct)
    report["launcher"] = LAUNCHER.kind
    try:
        report["launcher_rss_mb"] = launcher_rss_mb(env)
        for size in args.sizes:
            for profile in args.profiles:
                results, info = bench_size(size, args, relnotes, python, env, profile)
                report["vaults"].append(dict(info, size=size))
                report["results"] += [r.as_dict() for r in results]
                report["ratios"] += ratios(results)
                report["limits"] += limits(results)
    finally:
        LAUNCHER.close()

    dumped = json.dumps(report, indent=2, ensure_ascii=False)
    if args.json == "-":
        print(dumped)
    else:
        if args.json:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(dumped + "\n")
        print(markdown(report), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())

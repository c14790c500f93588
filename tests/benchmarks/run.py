"""`make bench`: load-test the public pages under gunicorn and PostgreSQL, and check them against targets.

    .venv/bin/python -m tests.benchmarks.run [--sweep | --config gthread:2x4] [--duration 15] ...

1. Prepares its own PostgreSQL database (creative_minds_bench): migrate, seed 400 partners and
   20,000 activities once (reused while the row counts match), collectstatic.
2. Counts each page's queries in-process (probe.py).
3. Starts gunicorn with DEFAULT_CONFIG, or --config, or with --sweep first tries each of SWEEP
   on the search mix and keeps the best.
4. Runs wrk against the neutral bare Django project (neutral/) under the same gunicorn
   configuration; then the bare view, the search mix (also while publish.py publishes an
   activity every 5 s), home, activity, partner and Open Referral UK pages with the page cache
   off, then the bare view, home, activity and search pages with it on (Redis). The neutral
   project keeps running, and is measured again for 5 s before each page and after the last
   (NeutralBeside): each page's ratio is to the neutral runs on either side of it.
5. Prints a Markdown table (ratios to the neutral view and to /healthz/) and the issue-16
   targets (PASS/MISS), also written to results/latest.md.

Everything listens on 127.0.0.1 only. gunicorn is stopped at the end, on error and on Ctrl-C.
See README.md in this folder for how to read the output.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import redis
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.benchmarks import pages

HERE = Path(__file__).resolve().parent
BASE_DIR = HERE.parents[1]
RESULTS_DIR = HERE / "results"
LUA_SCRIPT = HERE / "cycle.lua"
PYTHON = sys.executable
# The bare Django project every page is compared with (neutral/), served by the same gunicorn.
NEUTRAL_APP = "tests.benchmarks.neutral.wsgi:application"
# gunicorn's settings: the site's own (preloaded, workers sharing memory), and the neutral project's,
# which preloads the same way so that the two differ only in what they serve.
SITE_CONFIG = str(BASE_DIR / "gunicorn.conf.py")
NEUTRAL_CONFIG = str(HERE / "neutral" / "gunicorn.conf.py")

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/creative_minds_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
SEED_LOCK_ID = 7_301_846  # pg_advisory_lock key: one seeder at a time
SEED_HELPER_INDEX = "bench_seed_title_norm_pending"  # exists only while seeding
SEED_CODE = [
    "home/management/commands/seed_demo.py",
    "activities/factories.py",
    "activities/referrals/factories.py",
    "activities/referrals/demo.py",
    "activities/stories/factories.py",
    "activities/stories/demo.py",
    "partners/factories.py",
]

# gunicorn workers for a 2-core machine; README.md explains the choice (from `--sweep` runs).
DEFAULT_CONFIG = "sync:2"
# Configurations `--sweep` tries on the search mix.
SWEEP = ["sync:2", "sync:3", "sync:4", "gthread:2x4", "gthread:3x2"]
# Near-ties in throughput (within this fraction) go to the lower p99, then to fewer processes.
TIE_MARGIN = 0.05

# Above this share of the CPU taken by other processes, a run's numbers are not to be trusted.
BUSY_OTHER_CPU = 0.10
# The neutral view's runs beside each page (NeutralBeside): its warm-up, in seconds.
NEUTRAL_BESIDE_WARMUP = 1
BUSY_WARNING = " (**other work competed for the CPU: numbers are low and noisy; rerun on a quiet machine**)"

# Targets (issue 16; README.md). Ratios are to the neutral bare Django view in the same run.
HEALTHZ_MIN = 0.8
CACHED_ACTIVITY_MIN = 0.55
SEARCH_MIN = 0.05
SEARCH_P99_MS = 80
PAGE_MIN = 0.045  # activity and partner pages, uncached
FRESHNESS_MAX_MS = 500  # no search request slower than this while an editor publishes
WORKER_PSS_MIB = 120
MAX_QUERIES = 10


class BenchError(RuntimeError):
    """A problem that stops the benchmark, with a message saying what to do."""


# -- configuration ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ServerConfig:
    worker_class: str  # "sync" or "gthread"
    workers: int
    threads: int = 1

    @classmethod
    def parse(cls, text: str) -> ServerConfig:
        """ "sync:3" or "gthread:2x4" (workers x threads)."""
        match = re.fullmatch(r"(sync|gthread):(\d+)(?:x(\d+))?", text.strip())
        if not match:
            raise argparse.ArgumentTypeError(f"{text!r}: use sync:WORKERS or gthread:WORKERSxTHREADS")
        kind, workers, threads = match[1], int(match[2]), int(match[3] or 1)
        if kind == "sync" and threads != 1:
            raise argparse.ArgumentTypeError("sync workers have one thread each; use gthread:WxT")
        return cls(kind, workers, threads)

    @property
    def name(self) -> str:
        return (
            f"sync:{self.workers}"
            if self.worker_class == "sync"
            else f"gthread:{self.workers}x{self.threads}"
        )

    @property
    def label(self) -> str:
        if self.worker_class == "sync":
            return f"{self.workers} sync workers"
        return f"{self.workers} gthread workers x {self.threads} threads"

    def gunicorn_args(self) -> list[str]:
        return [
            "--worker-class",
            self.worker_class,
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
        ]


def default_database_url(partners: int, activities: int) -> str:
    """The full-size bench database, or one named after a smaller size, so neither reseeds the other."""
    if (partners, activities) == (pages.EXPECTED_PARTNERS, pages.EXPECTED_ACTIVITIES):
        return DEFAULT_DATABASE_URL
    return make_conninfo(DEFAULT_DATABASE_URL, dbname=f"creative_minds_bench_{partners}p_{activities}a")


def django_env(args, *, page_cache: bool) -> dict[str, str]:
    """The production settings, pointed at the bench database and a Redis database of its own."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="creative_minds.settings.production",
        # Production settings refuse a weak key; this one lives only as long as the run.
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE="on" if page_cache else "off",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def neutral_env() -> dict[str, str]:
    """The neutral project's environment: its own settings, nothing of the site's."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.benchmarks.neutral.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(args, *command: str, page_cache: bool = False, quiet: bool = True) -> None:
    """Run a manage.py command with the bench settings; its output is shown only if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *command],
        cwd=BASE_DIR,
        env=django_env(args, page_cache=page_cache),
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stdout or "")[-2000:] + (result.stderr or "")[-4000:] if quiet else ""
        raise BenchError(f"manage.py {' '.join(command)} failed (exit {result.returncode})\n{detail}")


# -- database, seed data, static files -------------------------------------------------------


def prepare_database(args) -> dict:
    """Create, migrate and seed the bench database; reuse the seed data when it is complete."""

    dbname = conninfo_to_dict(args.database_url).get("dbname")
    if not dbname:
        raise BenchError(f"BENCH_DATABASE_URL has no database name: {args.database_url}")
    admin_dsn = make_conninfo(args.database_url, dbname="postgres")
    try:
        with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
            if exists and args.reseed:
                print(f"Dropping {dbname} (--reseed)")
                conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(dbname)))
                exists = None
            if not exists:
                print(f"Creating PostgreSQL database {dbname}")
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    except psycopg.OperationalError as error:
        raise BenchError(f"cannot reach PostgreSQL for {args.database_url}: {error}") from error

    started = time.monotonic()
    manage(args, "migrate", "--no-input", "-v0")
    migrate_seconds = time.monotonic() - started

    seed_record = RESULTS_DIR / "seed.json"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        # Hold the lock while seeding so two benchmark runs never seed the same database at once.
        if not conn.execute("SELECT pg_try_advisory_lock(%s)", [SEED_LOCK_ID]).fetchone()[0]:
            raise BenchError(f"another process is seeding {dbname}; wait for it to finish")
        conn.execute(f"DROP INDEX IF EXISTS {SEED_HELPER_INDEX}")  # left by an interrupted seeding
        before = _row_counts(conn)
        wanted = (args.partners, args.activities)
        if before == wanted:
            previous = json.loads(seed_record.read_text()) if seed_record.exists() else {}
            if previous.get("code") != seed_code_fingerprint():
                print(
                    "Note: seed_demo or the factories changed since the bench database was seeded (or "
                    "that is unknown), so its data may differ from what they make now; --reseed refreshes it."
                )
            return {
                "reused": True,
                "counts": before,
                "migrate_seconds": migrate_seconds,
                "previous": previous,
            }
        if before[0] > args.partners or before[1] > args.activities:
            raise BenchError(
                f"{dbname} holds {before[0]:,} partners and {before[1]:,} activities, more than the "
                f"{args.partners:,} and {args.activities:,} benchmarked; rerun with --reseed"
            )
        print(
            f"Seeding {dbname}: {args.partners:,} partners, {args.activities:,} activities "
            f"(has {before[0]:,} and {before[1]:,}). Once: 20,000 activities take a minute or two "
            "(with a progress line each 1,000); later runs reuse them.",
            flush=True,
        )
        # Each page saved re-normalises the search index rows whose title_norm is still 1.0,
        # a full scan of the index table per save; a partial index makes that update cheap.
        # It changes no data and is dropped again, so the benchmarked schema is the real one.
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {SEED_HELPER_INDEX} ON wagtailsearch_indexentry (id) "
            "WHERE title_norm = 1.0"
        )
        started = time.monotonic()
        try:
            manage(
                args,
                "seed_demo",
                "--partners",
                str(args.partners),
                "--activities",
                str(args.activities),
                quiet=False,
            )
        finally:
            conn.execute(f"DROP INDEX IF EXISTS {SEED_HELPER_INDEX}")
        seconds = time.monotonic() - started
        conn.execute("VACUUM (ANALYZE)")  # fresh statistics, so query plans are the settled ones
        counts = _row_counts(conn)
    if counts != wanted:
        raise BenchError(f"seed_demo left {counts}, expected {wanted}")
    record = {
        "seconds": round(seconds, 1),
        "from": list(before),
        "partners": args.partners,
        "activities": args.activities,
        "at": datetime.datetime.now().isoformat(timespec="seconds"),
        "code": seed_code_fingerprint(),
    }
    seed_record.write_text(json.dumps(record, indent=2))
    return {"reused": False, "counts": counts, "migrate_seconds": migrate_seconds, "seconds": seconds}


def seed_code_fingerprint() -> str:
    """A hash of the code that makes the demo data, to notice when the bench data is out of date."""
    digest = hashlib.sha256()
    for name in SEED_CODE:
        digest.update((BASE_DIR / name).read_bytes())
    return digest.hexdigest()[:16]


def _database_name(url: str) -> str:
    return conninfo_to_dict(url).get("dbname") or ""


def _row_counts(conn) -> tuple[int, int]:
    partners = conn.execute("SELECT count(*) FROM partners_partnerpage").fetchone()[0]
    activities = conn.execute("SELECT count(*) FROM activities_activitypage").fetchone()[0]
    return partners, activities


def collect_static(args) -> float:
    if not (BASE_DIR / "creative_minds" / "static" / "css" / "main.css").exists():
        raise BenchError("the CSS is not built: run `make assets` (npm run build) first")
    started = time.monotonic()
    manage(args, "collectstatic", "--noinput", "-v0")
    return time.monotonic() - started


def probe(args) -> dict:
    """URLs of the sample pages and the queries each page runs (probe.py, page cache off)."""
    command = [
        PYTHON,
        "-m",
        "tests.benchmarks.probe",
        f"--partners={args.partners}",
        f"--activities={args.activities}",
    ] + (["--sql"] if args.sql else [])
    result = subprocess.run(
        command,
        cwd=BASE_DIR,
        env=django_env(args, page_cache=False),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"probe.py failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    for name, rows in data["counts"].items():
        bad = [row for row in rows if row["status"] != 200]
        if bad:
            raise BenchError(f"{name}: {bad[0]['path']} answered {bad[0]['status']} in-process")
    for name in ("activity", "partner"):
        if not data["paths"][name]:
            raise BenchError(f"no {name} pages found; is the bench database seeded?")
    return data


# -- gunicorn ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class Gunicorn:
    """gunicorn in its own session on 127.0.0.1:<free port>; `with` stops it whatever happens."""

    def __init__(self, args, config: ServerConfig, *, page_cache: bool, log_name: str, neutral: bool = False):
        self.args = args
        self.config = config
        self.page_cache = page_cache
        self.neutral = neutral  # the bare project in neutral/ instead of the site
        self.log_path = RESULTS_DIR / f"gunicorn-{log_name}.log"
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        return self.process.pid if self.process else 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Gunicorn:
        self.port = free_port()
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            NEUTRAL_APP if self.neutral else "creative_minds.wsgi:application",
            "--config",
            NEUTRAL_CONFIG if self.neutral else SITE_CONFIG,
            "--bind",
            f"127.0.0.1:{self.port}",
            *self.config.gunicorn_args(),
            "--timeout",
            "60",
            "--graceful-timeout",
            "10",
            "--worker-tmp-dir",
            "/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir(),
            "--log-level",
            "warning",
            "--error-logfile",
            "-",
        ]
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=BASE_DIR,
                env=neutral_env() if self.neutral else django_env(self.args, page_cache=self.page_cache),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: Ctrl-C reaches us, we stop it
            )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_until_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                status, _, body = fetch(self.port, pages.BARE_PATH, timeout=5)
                if status == 200 and body == b"ok":
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(
            f"gunicorn did not answer {pages.BARE_PATH} within {timeout:.0f}s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """SIGTERM to the master (graceful), then SIGKILL to its process group if it lingers."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return "(no log)"


def check_pages(server: Gunicorn, paths: list[str]) -> None:
    """Every URL must answer 200 itself (no redirect, no error) before it is load-tested."""
    for path in paths:
        status, headers, _ = fetch(server.port, path)
        if status != 200:
            where = f" -> {headers.get('location')}" if "location" in headers else ""
            raise BenchError(f"{path} answered {status}{where}\n{server.log_tail()}")


# -- memory ------------------------------------------------------------------------------------


# Besides gunicorn, these serve the benchmark (PostgreSQL only for the bench database, and its
# background processes); any other process's CPU time competes with it.
SERVING_COMMANDS = {"wrk", "redis-server"}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _scan_processes() -> dict[int, tuple[int, str, int]]:
    """pid -> (parent pid, command name, CPU time used so far in clock ticks), for every process."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces; the other fields follow it.
        fields = stat[stat.rfind(")") + 2 :].split()
        found[int(entry)] = (
            int(fields[1]),
            stat[stat.find("(") + 1 : stat.rfind(")")],
            int(fields[11]) + int(fields[12]),
        )
    return found


def _process_tree(processes: dict[int, tuple[int, str, int]], root: int) -> list[int]:
    """`root` and its descendants among `processes`; none when root has gone (gunicorn stopped)."""
    if root not in processes:
        return []
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _serves_database(pid: int, dbname: str) -> bool:
    """A PostgreSQL process working for `dbname`, or one of the server's own background processes."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            title = handle.read().decode(errors="replace")
    except OSError:
        return False
    is_client_backend = "(" in title or "[local]" in title  # "... user db 127.0.0.1(port) ..."
    return not is_client_backend or f" {dbname} " in title


def _busy_ticks() -> int:
    """CPU time spent on anything but idling, summed over all CPUs, from /proc/stat."""
    with open("/proc/stat") as handle:
        values = [int(value) for value in handle.readline().split()[1:8]]
    return sum(values) - values[3] - values[4]  # less idle and iowait


def idle_share(seconds: float = 1.0) -> float:
    """How idle the whole machine is over the next `seconds` (0 to 1)."""
    before = _busy_ticks()
    time.sleep(seconds)
    used = (_busy_ticks() - before) / CLOCK_TICKS / seconds / (os.cpu_count() or 1)
    return max(0.0, 1.0 - used)


def _status_kb(path: str, key: str) -> int:
    try:
        with open(path) as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def worker_pss_kb(root: int) -> list[int]:
    """Each gunicorn worker's PSS now (kB), read once: what a worker holds after a run."""
    processes = _scan_processes()
    workers = [pid for pid in _process_tree(processes, root) if pid != root]
    return [_status_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in workers]


class MemorySampler(threading.Thread):
    """Every 0.2 s: the total RSS (and PSS) of the gunicorn master and workers being watched, and
    how much CPU other processes (not gunicorn, wrk, PostgreSQL or Redis) took meanwhile."""

    def __init__(self, dbname: str, interval: float = 0.2):
        super().__init__(daemon=True, name="memory-sampler")
        self.dbname = dbname
        self.interval = interval
        self.root = 0
        self.label = ""
        self.peaks: dict[str, dict] = {}
        self.cpu: dict[str, dict] = {}
        self._previous: tuple[float, dict, int] | None = None
        self._halt = threading.Event()
        self._lock = threading.Lock()

    def watch(self, pid: int, label: str) -> None:
        with self._lock:
            self.root, self.label = pid, label

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            with self._lock:
                root, label = self.root, self.label
            if not root:
                self._previous = None
                continue
            now, processes, busy = time.monotonic(), _scan_processes(), _busy_ticks()
            # Processes come and go between the scan and the reads (gunicorn stopping, a worker
            # restarting): one that has gone is simply not counted, here and below.
            pids = _process_tree(processes, root)
            rss = sum(_status_kb(f"/proc/{pid}/status", "VmRSS:") for pid in pids)
            workers_pss = [_status_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids if pid != root]
            pss = _status_kb(f"/proc/{root}/smaps_rollup", "Pss:") + sum(workers_pss)
            peak = self.peaks.setdefault(
                label, {"rss_kb": 0, "pss_kb": 0, "processes": 0, "worker_pss_kb": 0}
            )
            if rss > peak["rss_kb"]:
                peak.update(rss_kb=rss, processes=len(pids))
            peak["pss_kb"] = max(peak["pss_kb"], pss)
            peak["worker_pss_kb"] = max([peak["worker_pss_kb"], *workers_pss])
            if self._previous:
                then, before, busy_before = self._previous
                serving = set(pids) | {
                    pid
                    for pid, (_, name, _) in processes.items()
                    if name in SERVING_COMMANDS or (name == "postgres" and _serves_database(pid, self.dbname))
                }
                ours = sum(processes[p][2] - before[p][2] for p in serving if p in before and p in processes)
                used = self.cpu.setdefault(label, {"other_ticks": 0, "seconds": 0.0})
                used["other_ticks"] += max(0, busy - busy_before - ours)
                used["seconds"] += now - then
            self._previous = (now, processes, busy)

    def stop(self) -> None:
        self._halt.set()

    def peak(self, label_prefix: str = "") -> dict:
        chosen = [p for label, p in self.peaks.items() if label.startswith(label_prefix)]
        if not chosen:
            return {"rss_kb": 0, "pss_kb": 0, "processes": 0, "worker_pss_kb": 0}
        return max(chosen, key=lambda p: p["rss_kb"])

    def other_cpu(self, label: str) -> float:
        """The share of the machine's CPU that other processes used during the run (0 to 1)."""
        used = self.cpu.get(label)
        if not used or not used["seconds"]:
            return 0.0
        return used["other_ticks"] / CLOCK_TICKS / used["seconds"] / (os.cpu_count() or 1)


# -- wrk ---------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int] = field(default_factory=dict)
    other_cpu: float = 0.0  # share of the CPU other processes took meanwhile
    started: float = 0.0  # unix time wrk was started and ended (to match the publishes to the run)
    ended: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def run_wrk(args, server: Gunicorn, paths: list[str], *, duration: float, save_as: str = "") -> WrkResult:
    with tempfile.NamedTemporaryFile("w", prefix="bench-paths-", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
    command = [
        args.wrk,
        f"-t{args.wrk_threads}",
        f"-c{args.connections}",
        f"-d{duration:g}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA_SCRIPT),
        server.base_url,
        "--",
        handle.name,
    ]
    started = time.time()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=False)
    finally:
        os.unlink(handle.name)
    ended = time.time()
    if save_as:
        (RESULTS_DIR / f"wrk-{save_as}.txt").write_text(
            " ".join(command) + "\n\n" + result.stdout + result.stderr
        )
    match = re.search(r"^BENCH (.*)$", result.stdout, re.MULTILINE)
    if result.returncode != 0 or not match:
        raise BenchError(f"wrk failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    values = {key: float(value) for key, value in (item.split("=") for item in match[1].split())}
    return WrkResult(
        requests=int(values["requests"]),
        seconds=values["duration_us"] / 1e6,
        p50_ms=values["p50_us"] / 1000,
        p90_ms=values["p90_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        max_ms=values["max_us"] / 1000,
        errors={
            key.removesuffix("_errors"): int(values[key])
            for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
            if values[key]
        },
        started=started,
        ended=ended,
    )


def measure(args, server, sampler, label: str, paths: list[str], *, duration=None, warmup=None) -> WrkResult:
    warmup = args.warmup if warmup is None else warmup
    if warmup > 0:
        sampler.watch(server.pid, f"{label} (warm-up)")
        run_wrk(args, server, paths, duration=warmup)
    sampler.watch(server.pid, label)
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    result = run_wrk(args, server, paths, duration=duration or args.duration, save_as=slug)
    result.other_cpu = sampler.other_cpu(label)
    errors = f"  ERRORS {result.errors}" if result.errors else ""
    busy = f"  (other processes: {result.other_cpu:.0%} CPU)" if result.other_cpu > BUSY_OTHER_CPU else ""
    print(
        f"  {label:<42} {result.rps:8.1f} req/s  p50 {result.p50_ms:6.1f} ms  "
        f"p99 {result.p99_ms:6.1f} ms{errors}{busy}",
        flush=True,
    )
    return result


# -- the runs ----------------------------------------------------------------------------------


def sweep(args, sampler, search_paths: list[str]) -> tuple[ServerConfig, list[dict]]:
    """A short run of the search mix under each configuration; the best throughput wins."""
    print(f"\nTrying gunicorn configurations on the search mix ({args.sweep_duration:g}s each):")
    trials = []
    for name in SWEEP:
        config = ServerConfig.parse(name)
        with Gunicorn(args, config, page_cache=False, log_name=f"sweep-{name.replace(':', '-')}") as server:
            check_pages(server, search_paths[:1])
            result = measure(
                args,
                server,
                sampler,
                f"sweep {config.name}",
                search_paths,
                duration=args.sweep_duration,
                warmup=2,
            )
        trials.append({"config": config, "result": result, "memory": sampler.peak(f"sweep {config.name}")})
    best_rps = max(t["result"].rps for t in trials)
    contenders = [t for t in trials if t["result"].rps >= best_rps * (1 - TIE_MARGIN)]
    chosen = min(
        contenders,
        key=lambda t: (
            round(t["result"].p99_ms),
            t["config"].workers * t["config"].threads,
            t["config"].workers,
        ),
    )
    return chosen["config"], trials


def clear_page_cache(args) -> int:
    """Delete the page cache's entries (and only those) from the benchmark's Redis database."""
    client = redis.Redis.from_url(args.redis_url)
    keys = list(client.scan_iter(match="cm:*:page-cache:*", count=1000))
    if keys:
        client.delete(*keys)
    return len(keys)


def cached_page_count(args) -> int:
    client = redis.Redis.from_url(args.redis_url)
    return sum(1 for _ in client.scan_iter(match="cm:*:page-cache:page:*", count=1000))


class Publisher:
    """publish.py in its own process: an editor publishing an activity every `every` seconds."""

    def __init__(self, args, every: float):
        self.args = args
        self.every = every
        self.log_path = RESULTS_DIR / "publisher.log"
        self.process: subprocess.Popen | None = None
        self.lines: list[str] = []
        self._log = None

    def __enter__(self) -> Publisher:
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop(), with the process
        self.process = subprocess.Popen(
            [PYTHON, "-m", "tests.benchmarks.publish", "--every", f"{self.every:g}"],
            cwd=BASE_DIR,
            env=django_env(self.args, page_cache=False),
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            start_new_session=True,
        )
        first = self.process.stdout.readline().strip()  # Django set up, about to start
        if first != "ready":
            self.stop()
            raise BenchError(f"publish.py did not start: {first!r}\n{self.log_path.read_text()[-3000:]}")
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # it finishes the publish under way, then stops
        out, _ = process.communicate(timeout=60)
        self.lines += out.splitlines()
        self._log.close()

    def publishes(self, result: WrkResult) -> list[float]:
        """How long each publish made during the measured run took (seconds)."""
        found = []
        for line in self.lines:
            parts = line.split()
            if parts[:1] == ["published"] and result.started <= float(parts[1]) <= result.ended:
                found.append(float(parts[2]))
        return found


def measure_status(server: Gunicorn, paths: list[str]) -> int:
    """The first status other than 200 among `paths`, or 200 when every one answers."""
    for path in paths:
        status, _, _ = fetch(server.port, path)
        if status != 200:
            return status
    return 200


class NeutralBeside:
    """The neutral view measured again, in a shorter run, right before each page of the site and
    once after the last, its gunicorn kept running alongside the site's (idle meanwhile).

    This machine's speed drifts within a run: in one run the neutral view gave 2,236 req/s at the
    start and the site's /healthz/, unchanged, 3,456 at the end. A page's ratio is to the mean of
    the neutral runs just before and just after it (`rate_around`), so the drift moves the page
    and its neutral together and not the ratio."""

    def __init__(self, args, server: Gunicorn, sampler, paths: list[str]):
        self.args, self.server, self.sampler, self.paths = args, server, sampler, paths
        self.runs: list[WrkResult] = []

    def take(self, label: str) -> None:
        self.runs.append(
            measure(
                self.args,
                self.server,
                self.sampler,
                f"neutral, beside {label}",
                self.paths,
                duration=self.args.neutral_duration,
                warmup=NEUTRAL_BESIDE_WARMUP,
            )
        )

    def rate_around(self, result: WrkResult) -> float:
        before = [run for run in self.runs if run.ended <= result.started]
        after = [run for run in self.runs if run.started >= result.ended]
        nearest = [*before[-1:], *after[:1]]
        return sum(run.rps for run in nearest) / len(nearest) if nearest else 0.0


def run_all(args, sampler, probed: dict) -> dict:
    paths = probed["paths"]
    bare, search, home = paths["bare"], paths["search"], paths["home"]
    activity, partner, impact = paths["activity"], paths["partner"], paths["impact"]
    stories, everyday = paths["stories"], paths["everyday"]

    if args.sweep:
        config, trials = sweep(args, sampler, search)
    else:
        config, trials = args.config, []
    print(f"\nConfiguration: {config.label} ({config.name})")

    results: dict[str, WrkResult] = {}
    memory: dict[str, list[int]] = {}
    print(f"\nNeutral bare Django project (tests/benchmarks/neutral/), {args.duration:g}s after a warm-up:")
    with Gunicorn(args, config, page_cache=False, log_name="neutral", neutral=True) as neutral_server:
        check_pages(neutral_server, bare)
        results["neutral"] = measure(args, neutral_server, sampler, "neutral bare Django view", bare)
        beside = NeutralBeside(args, neutral_server, sampler, bare)

        def page(key: str, server: Gunicorn, label: str, page_paths: list[str]) -> None:
            beside.take(label)
            results[key] = measure(args, server, sampler, label, page_paths)

        print(
            f"\nPage cache OFF ({args.duration:g}s each after a {args.warmup:g}s warm-up; the neutral "
            f"view for {args.neutral_duration:g}s before each):"
        )
        oruk_status = {}
        with Gunicorn(args, config, page_cache=False, log_name="uncached") as server:
            check_pages(server, bare + search + everyday + home + activity + partner + impact + stories)
            page("bare_uncached", server, "uncached bare view", bare)
            page("search", server, "uncached search mix", search)
            memory["after search mix"] = worker_pss_kb(server.pid)
            label = f"uncached search mix, publishing every {args.publish_every:g}s"
            beside.take(label)  # before the publishing starts: the master rebuilds after each one
            with Publisher(args, every=args.publish_every) as publisher:
                results["freshness"] = measure(args, server, sampler, label, search)
            publishes = publisher.publishes(results["freshness"])
            took = ", ".join(f"{p:.2f}s" for p in publishes)
            print(f"  {len(publishes)} publishes during the measured run: {took}")
            memory["after the freshness run"] = worker_pss_kb(server.pid)
            page("everyday", server, "uncached everyday-words search mix", everyday)
            page("home", server, "uncached home", home)
            page("activity", server, "uncached activity", activity)
            page("partner", server, "uncached partner", partner)
            page("impact", server, "uncached impact", impact)
            page("stories", server, "uncached stories", stories)
            for number, path in enumerate(pages.ORUK_PATHS):
                oruk_status[path] = status = measure_status(server, [path])
                if status == 200:
                    page(f"oruk{number}", server, f"uncached {path}", [path])
                else:
                    print(f"  {path} answered {status}: not measured (is the ORUK feed built here?)")

        print("\nPage cache ON (Redis), anonymous visitors:")
        clear_page_cache(args)
        with Gunicorn(args, config, page_cache=True, log_name="cached") as server:
            cacheable = home + activity + search + stories
            check_pages(server, bare + cacheable)  # the first request of each page fills the cache
            stored = cached_page_count(args)
            if stored < len(cacheable):
                raise BenchError(
                    f"only {stored} pages were stored in the page cache after requesting "
                    f"{len(cacheable)}; the cached runs would not measure cached pages"
                )
            page("bare_cached", server, "cached bare view", bare)
            page("home_cached", server, "cached home", home)
            page("activity_cached", server, "cached activity", activity)
            page("search_cached", server, "cached search mix", search)
            page("stories_cached", server, "cached stories", stories)
        beside.take("nothing (after the last page)")
    neutral_around = {key: beside.rate_around(result) for key, result in results.items() if key != "neutral"}
    neutral_around["neutral"] = results["neutral"].rps
    return {
        "config": config,
        "trials": trials,
        "results": results,
        "neutral_around": neutral_around,
        "neutral_runs": [run.rps for run in beside.runs],
        "cached_pages": stored,
        "publishes": publishes,
        "worker_pss_kb": memory,
        "oruk_status": oruk_status,
    }


# -- report ------------------------------------------------------------------------------------


def _queries(rows: list[dict]) -> str:
    counts = [row["queries"] for row in rows]
    return str(counts[0]) if min(counts) == max(counts) else f"{min(counts)}-{max(counts)}"


def build_report(args, setup: dict, probed: dict, run: dict, sampler: MemorySampler, elapsed: float) -> str:
    results, counts = run["results"], probed["counts"]
    paths = probed["paths"]

    def ratio(key: str, base: str) -> float:
        """To /healthz/: the one measured in the same server. To the neutral view: the mean of the
        neutral runs just before and just after the page (NeutralBeside)."""
        if base == "neutral":
            around = run["neutral_around"][key]
            return results[key].rps / around if around else 0.0
        return results[key].rps / results[base].rps if results[base].rps else 0.0

    def row(page: str, key: str, base: str, queries: str) -> tuple:
        result = results[key]
        return (
            page,
            f"{result.rps:,.0f}",
            f"{result.p50_ms:.1f}",
            f"{result.p99_ms:.1f}",
            f"{result.max_ms:,.0f}",
            f"{run['neutral_around'][key]:,.0f}",
            f"{ratio(key, 'neutral'):.3f}",
            f"{ratio(key, base):.3f}",
            queries,
        )

    table = [
        (
            "page",
            "req/s",
            "p50 ms",
            "p99 ms",
            "max ms",
            "neutral beside, req/s",
            "ratio to neutral",
            "ratio to /healthz/",
            "queries",
        ),
        row("neutral bare Django view (tests/benchmarks/neutral/)", "neutral", "bare_uncached", "0"),
        row("bare view /healthz/ (cache off)", "bare_uncached", "bare_uncached", _queries(counts["bare"])),
        row(
            f"search, {len(paths['search'])}-URL mix (uncached)",
            "search",
            "bare_uncached",
            _queries(counts["search"]),
        ),
        row(
            f"search, {len(paths['search'])}-URL mix (uncached), an activity published every "
            f"{args.publish_every:g}s ({len(run['publishes'])} publishes)",
            "freshness",
            "bare_uncached",
            _queries(counts["search"]),
        ),
        row(
            f"search, {len(paths['everyday'])}-URL mix of place names and everyday words (uncached)",
            "everyday",
            "bare_uncached",
            _queries(counts["everyday"]),
        ),
        row("home / (uncached)", "home", "bare_uncached", _queries(counts["home"])),
        row(
            f"activity, {len(paths['activity'])} pages (uncached)",
            "activity",
            "bare_uncached",
            _queries(counts["activity"]),
        ),
        row(
            f"partner, {len(paths['partner'])} pages (uncached)",
            "partner",
            "bare_uncached",
            _queries(counts["partner"]),
        ),
        row(
            "impact /impact/ (figures cached, page uncached)",
            "impact",
            "bare_uncached",
            _queries(counts["impact"]),
        ),
        row("stories /stories/ (uncached)", "stories", "bare_uncached", _queries(counts["stories"])),
    ]
    for number, path in enumerate(pages.ORUK_PATHS):
        if f"oruk{number}" in results:
            table.append(row(f"`{path}` (uncached)", f"oruk{number}", "bare_uncached", "-"))
        else:
            status = run["oruk_status"][path]
            table.append((f"`{path}`", f"answered {status}: not measured", "", "", "", "", "", "", ""))
    table += [
        row("bare view /healthz/ (cache on)", "bare_cached", "bare_cached", _queries(counts["bare"])),
        row("home / (cached, anonymous)", "home_cached", "bare_cached", "0 (hit)"),
        row(
            f"activity, {len(paths['activity'])} pages (cached, anonymous)",
            "activity_cached",
            "bare_cached",
            "0 (hit)",
        ),
        row(
            f"search, {len(paths['search'])}-URL mix (cached, anonymous)",
            "search_cached",
            "bare_cached",
            "0 (hit)",
        ),
        row("stories /stories/ (cached, anonymous)", "stories_cached", "bare_cached", "0 (hit)"),
    ]
    lines = [_markdown_row(cells) for cells in table]
    lines.insert(1, "|---|--:|--:|--:|--:|--:|--:|--:|--:|")

    search, freshness = results["search"], results["freshness"]
    after_search = run["worker_pss_kb"]["after search mix"]
    worker_mib = ", ".join(f"{kb / 1024:,.0f}" for kb in after_search) or "none read"
    checks = [
        (
            f"/healthz/ >= {HEALTHZ_MIN:g} of the neutral view",
            ratio("bare_uncached", "neutral") >= HEALTHZ_MIN,
            f"{ratio('bare_uncached', 'neutral'):.3f}",
        ),
        (
            f"cached anonymous activity page >= {CACHED_ACTIVITY_MIN:g} of the neutral view",
            ratio("activity_cached", "neutral") >= CACHED_ACTIVITY_MIN,
            f"{ratio('activity_cached', 'neutral'):.3f}",
        ),
        (
            f"search mix uncached >= {SEARCH_MIN:g} of the neutral view",
            ratio("search", "neutral") >= SEARCH_MIN,
            f"{ratio('search', 'neutral'):.3f}",
        ),
        (f"search mix p99 <= {SEARCH_P99_MS} ms", search.p99_ms <= SEARCH_P99_MS, f"{search.p99_ms:.1f} ms"),
        (
            f"activity pages uncached >= {PAGE_MIN:g} of the neutral view",
            ratio("activity", "neutral") >= PAGE_MIN,
            f"{ratio('activity', 'neutral'):.3f}",
        ),
        (
            f"partner pages uncached >= {PAGE_MIN:g} of the neutral view",
            ratio("partner", "neutral") >= PAGE_MIN,
            f"{ratio('partner', 'neutral'):.3f}",
        ),
        (
            "publishing: search mix p99 <= 2x the run without publishes",
            bool(run["publishes"]) and freshness.p99_ms <= 2 * search.p99_ms,
            f"{freshness.p99_ms:.1f} ms against {search.p99_ms:.1f} ms, {len(run['publishes'])} publishes",
        ),
        (
            f"publishing: no search request over {FRESHNESS_MAX_MS} ms",
            bool(run["publishes"]) and freshness.max_ms <= FRESHNESS_MAX_MS,
            f"max {freshness.max_ms:,.0f} ms",
        ),
        (
            f"each worker <= {WORKER_PSS_MIB} MiB PSS after the search mix",
            bool(after_search) and max(after_search) <= WORKER_PSS_MIB * 1024,
            f"{worker_mib} MiB",
        ),
        (
            f"activity and partner pages <= {MAX_QUERIES} queries",
            max(r["queries"] for r in counts["activity"] + counts["partner"]) <= MAX_QUERIES,
            f"{_queries(counts['activity'])} and {_queries(counts['partner'])} queries",
        ),
    ]
    checks += [
        (f"`{path}` answers 200 (measured above)", status == 200, f"answered {status}")
        for path, status in run["oruk_status"].items()
    ]
    target_lines = [f"- **{'PASS' if ok else 'MISS'}** {what}: {value}" for what, ok, value in checks]
    pss_lines = [
        f"- each worker's PSS {when}: " + (", ".join(f"{kb / 1024:,.0f} MiB" for kb in kbs) or "none read")
        for when, kbs in run["worker_pss_kb"].items()
    ]

    errors = {key: r.errors for key, r in results.items() if r.errors}
    memory = sampler.peak()
    memory_runs = {label: p for label, p in sampler.peaks.items() if not label.startswith("sweep")}
    run_peak = max(memory_runs.values(), key=lambda p: p["rss_kb"]) if memory_runs else memory
    config = run["config"]

    if setup["seed"]["reused"]:
        previous = setup["seed"].get("previous") or {}
        seeded = "reused the seeded bench database"
        if previous.get("seconds"):
            seeded += f" (seeded in {previous['seconds']:,.0f}s on {previous.get('at', '?')})"
    else:
        seeded = f"seeded in {setup['seed']['seconds']:,.0f}s"

    partners, activities = setup["seed"]["counts"]
    busiest = max(results.values(), key=lambda r: r.other_cpu)
    out = [
        f"# Benchmark {datetime.datetime.now().isoformat(timespec='seconds')}",
        "",
        f"- commit {_git_revision()}; {os.cpu_count()} CPUs; PostgreSQL {setup['postgres']}",
        f"- data: {partners:,} partners, {activities:,} activities ({seeded})",
        f"- gunicorn: **{config.label}** (`{config.name}`), production settings, DEBUG off, 127.0.0.1",
        f"- wrk: -t{args.wrk_threads} -c{args.connections} -d{args.duration:g}s "
        f"after a {args.warmup:g}s warm-up; ratios are to the neutral bare Django view (same gunicorn "
        f"configuration, measured for {args.neutral_duration:g}s just before and just after each page: "
        "the mean of the two is the 'neutral beside' column) and to /healthz/ measured in the same "
        "server session",
        "- the neutral view's runs, in order (req/s): "
        + ", ".join(f"{rps:,.0f}" for rps in run["neutral_runs"]),
        f"- CPU taken by other processes during the measured runs: {busiest.other_cpu:.0%} at most "
        f"(idle before starting: {args.idle_at_start:.0%})"
        + (BUSY_WARNING if busiest.other_cpu > BUSY_OTHER_CPU else ""),
        f"- peak gunicorn memory (master + {run_peak['processes'] - 1} workers, main runs): "
        f"RSS {run_peak['rss_kb'] / 1024:,.0f} MiB, PSS {run_peak['pss_kb'] / 1024:,.0f} MiB; "
        f"largest worker PSS seen {sampler.peak()['worker_pss_kb'] / 1024:,.0f} MiB",
        *pss_lines,
        "",
        *lines,
        "",
        "## Targets (issue 16)",
        "",
        *(
            [f"Other processes took up to {busiest.other_cpu:.0%} of the CPU: the verdicts do not count.", ""]
            if busiest.other_cpu > BUSY_OTHER_CPU
            else []
        ),
        *target_lines,
    ]
    if errors:
        out += ["", f"**wrk reported errors (results not valid):** {errors}"]
    if run["trials"]:
        out += [
            "",
            "## gunicorn configurations tried (search mix, page cache off)",
            "",
            "| configuration | req/s | p50 ms | p99 ms | peak RSS MiB |",
            "|---|--:|--:|--:|--:|",
        ]
        for trial in run["trials"]:
            r = trial["result"]
            mark = " (chosen)" if trial["config"] == config else ""
            out.append(
                _markdown_row(
                    (
                        f"{trial['config'].label}{mark}",
                        f"{r.rps:,.0f}",
                        f"{r.p50_ms:.1f}",
                        f"{r.p99_ms:.1f}",
                        f"{trial['memory']['rss_kb'] / 1024:,.0f}",
                    )
                )
            )
    out += [
        "",
        "## Search mix, one request at a time in-process (probe.py, page cache off)",
        "",
        "| URL | queries | ms | of which SQL ms |",
        "|---|--:|--:|--:|",
    ]
    for item in counts["search"]:
        out.append(
            _markdown_row((f"`{item['path']}`", item["queries"], f"{item['ms']:.0f}", f"{item['db_ms']:.0f}"))
        )
    for name in ("home", "activity", "partner", "impact", "stories"):
        rows = counts[name]
        out.append(
            _markdown_row(
                (
                    f"{name} ({len(rows)} pages, mean)",
                    _queries(rows),
                    f"{sum(r['ms'] for r in rows) / len(rows):.0f}",
                    f"{sum(r['db_ms'] for r in rows) / len(rows):.0f}",
                )
            )
        )
    out += [
        "",
        f"Setup: migrate {setup['seed']['migrate_seconds']:.0f}s, "
        f"collectstatic {setup['collectstatic']:.0f}s; whole run {elapsed / 60:.1f} min.",
        "Publishes during the freshness run (seconds each, commit included): "
        + (", ".join(f"{p:.2f}" for p in run["publishes"]) or "none"),
        "Raw wrk output and gunicorn logs: tests/benchmarks/results/.",
    ]
    return "\n".join(out) + "\n"


def _markdown_row(cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def _git_revision() -> str:
    try:
        revision = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return revision + (" (with uncommitted changes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _postgres_version(args) -> str:

    with psycopg.connect(args.database_url, connect_timeout=5) as conn:
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


# -- main --------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.run", description=__doc__.split("\n")[0]
    )
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--config",
        type=ServerConfig.parse,
        default=ServerConfig.parse(DEFAULT_CONFIG),
        help=f"gunicorn workers, e.g. sync:3 or gthread:2x4 (default {DEFAULT_CONFIG})",
    )
    choice.add_argument(
        "--sweep",
        action="store_true",
        help=f"first try {', '.join(SWEEP)} on the search mix and use the best",
    )
    parser.add_argument("--duration", type=float, default=15, help="seconds per measured run (15)")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up before each run (3)")
    parser.add_argument(
        "--neutral-duration",
        type=float,
        default=5,
        help="seconds of each run of the neutral view measured beside a page (5)",
    )
    parser.add_argument("--sweep-duration", type=float, default=6, help="seconds per configuration tried (6)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument(
        "--partners",
        type=int,
        default=pages.EXPECTED_PARTNERS,
        help=f"partners in the bench database ({pages.EXPECTED_PARTNERS}); another size, another database",
    )
    parser.add_argument(
        "--activities",
        type=int,
        default=pages.EXPECTED_ACTIVITIES,
        help=f"activities in the bench database ({pages.EXPECTED_ACTIVITIES}), e.g. 2000 to try the harness",
    )
    parser.add_argument(
        "--publish-every",
        type=float,
        default=5,
        help="seconds between an editor's publishes during the freshness run (5)",
    )
    parser.add_argument("--reseed", action="store_true", help="drop and re-create the bench database first")
    parser.add_argument(
        "--sql", action="store_true", help="also save every counted query's SQL to results/queries.json"
    )
    args = parser.parse_args(argv)
    default_url = default_database_url(args.partners, args.activities)
    args.database_url = os.environ.get("BENCH_DATABASE_URL") or default_url
    args.redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    args.wrk = shutil.which("wrk")
    return args


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the `with Gunicorn(...)` blocks


def main(argv=None) -> int:
    args = parse_args(argv)
    args.idle_at_start = idle_share()
    if not args.wrk:
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    sampler = MemorySampler(dbname=_database_name(args.database_url))
    try:
        print(f"Bench database: {args.database_url}; Redis: {args.redis_url}")
        if args.idle_at_start < 1 - BUSY_OTHER_CPU:
            print(f"Warning: the CPU is only {args.idle_at_start:.0%} idle before starting")
        setup = {"seed": prepare_database(args), "postgres": _postgres_version(args)}
        seed = setup["seed"]
        print(
            "Seed data: "
            + ("reused" if seed["reused"] else f"seeded in {seed['seconds']:.0f}s")
            + f" ({seed['counts'][0]:,} partners, {seed['counts'][1]:,} activities)"
        )
        setup["collectstatic"] = collect_static(args)
        print(f"collectstatic: {setup['collectstatic']:.1f}s")
        probed = probe(args)
        if args.sql:
            (RESULTS_DIR / "queries.json").write_text(json.dumps(probed["counts"], indent=2))
        print(
            "Queries per page (in-process, warm): "
            + ", ".join(f"{k} {_queries(v)}" for k, v in probed["counts"].items())
        )
        sampler.start()
        run = run_all(args, sampler, probed)
    except BenchError as error:
        print(f"\nBenchmark stopped: {error}", file=sys.stderr)
        return 1
    finally:
        sampler.stop()

    report = build_report(args, setup, probed, run, sampler, time.monotonic() - started)
    (RESULTS_DIR / "latest.md").write_text(report)
    print("\n" + report)
    print(f"(also written to {RESULTS_DIR.relative_to(BASE_DIR) / 'latest.md'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

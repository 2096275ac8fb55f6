"""Throwaway database, Redis channel-layer database and the real ASGI server for the live benchmark.

Nothing here imports Django: the database URL must be known before
`django.setup()`, and the servers are separate processes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_HOST, PG_PORT = "127.0.0.1", 5432
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout):
        return True
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop_group(process: subprocess.Popen[bytes] | None, *, grace: float) -> None:
    """SIGTERM to a process started in its own session (and its children), SIGKILL after `grace` seconds."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def log_tail(path: Path, lines: int = 20) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


@dataclass
class TempDatabase:
    """A PostgreSQL database created for this run (dropped at the end), else a temporary SQLite file."""

    url: str
    engine: str
    name: str
    _tmpdir: str = ""

    @classmethod
    def create(cls, *, prefer_postgres: bool = True) -> TempDatabase:
        if prefer_postgres and port_open(PG_HOST, PG_PORT):
            try:
                import psycopg

                name = f"trama_bench_live_{os.getpid()}"
                with psycopg.connect(f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    conn.execute(f'CREATE DATABASE "{name}"')
                return cls(url=f"postgres://postgres@{PG_HOST}:{PG_PORT}/{name}", engine="postgresql", name=name)
            except Exception as exc:
                print(f"# PostgreSQL not usable ({exc}); falling back to SQLite", flush=True)
        tmpdir = tempfile.mkdtemp(prefix="trama-bench-live-")
        path = Path(tmpdir) / "live.sqlite3"
        return cls(url=f"sqlite:///{path}", engine="sqlite", name=str(path), _tmpdir=tmpdir)

    def drop(self) -> None:
        if self.engine == "postgresql":
            import psycopg

            with psycopg.connect(f"postgresql://postgres@{PG_HOST}:{PG_PORT}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        elif self._tmpdir:
            import shutil

            shutil.rmtree(self._tmpdir, ignore_errors=True)


def redis_db_pick() -> tuple[str, int] | None:
    """An empty Redis database (15 down to 8) for the channel layer, or None when Redis does not answer."""
    if not port_open(REDIS_HOST, REDIS_PORT):
        return None
    try:
        import redis
    except ImportError:
        return None
    try:
        for db in range(15, 7, -1):
            client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_timeout=1)
            if client.dbsize() == 0:
                client.close()
                return f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}", db
            client.close()
    except Exception:
        return None
    return None


def redis_db_flush(db: int) -> None:
    import redis

    with contextlib.suppress(Exception):
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_timeout=1).flushdb()


def children_of(pid: int) -> list[int]:
    """Direct children of a process, from /proc (Linux)."""
    kids: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    with contextlib.suppress(OSError):
        for task in task_dir.iterdir():
            with contextlib.suppress(OSError):
                kids += [int(p) for p in (task / "children").read_text().split()]
    return kids


def cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


def http_ok(url: str, timeout: float = 2.0) -> bool:
    with contextlib.suppress(Exception), urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
        return bool(response.status == 200)
    return False


@dataclass
class Server:
    """`uvicorn trama.asgi:application --workers N` on a loopback port, in its own process group."""

    env: dict[str, str]
    workers: int = 2
    port: int = field(default_factory=free_port)
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="trama-live-uvicorn-", suffix=".log")[1])
    )
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> float:
        """Start the server and wait until every worker answers /salute/; returns the start-up seconds."""
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "trama.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--lifespan",
            "off",
            "--no-access-log",
            "--log-level",
            "info",
            "--timeout-graceful-shutdown",
            "3",
        ]
        started = time.perf_counter()
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_ready(timeout=timeout)
        return time.perf_counter() - started

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        if self.workers == 1:
            return [self.process.pid]
        return [pid for pid in children_of(self.process.pid) if "spawn_main" in cmdline(pid)]

    def wait_ready(self, *, timeout: float, exclude: set[int] | None = None) -> list[int]:
        """Until `workers` worker processes exist (none of `exclude`) and /salute/ answers on fresh connections."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {self.process.returncode}; log: {self.log_tail()}")
            pids = self.worker_pids()
            fresh = len(pids) == self.workers and not (exclude and exclude & set(pids))
            # The kernel spreads fresh connections over the workers: several must all succeed.
            if (
                fresh
                and self.serving(pids)
                and all(http_ok(f"{self.base_url}/salute/", timeout=1) for _ in range(4 * self.workers))
            ):
                return pids
            time.sleep(0.1)
        raise RuntimeError(f"server not ready within {timeout:.0f} s; log: {self.log_tail()}")

    def serving(self, pids: list[int]) -> bool:
        """Each worker has imported the application and logged "Started server process [pid]"."""
        with contextlib.suppress(OSError):
            log = self.log_path.read_text(errors="replace")
            return all(f"Started server process [{pid}]" in log for pid in pids)
        return False

    def kill_worker(self) -> tuple[int, float]:
        """SIGKILL one worker; returns its pid and the seconds until the supervisor's replacement serves."""
        pids = self.worker_pids()
        victim = pids[0]
        started = time.perf_counter()
        os.kill(victim, signal.SIGKILL)
        if self.workers == 1:
            # No supervisor with a single worker: restart the whole server.
            assert self.process is not None
            self.process.wait(timeout=10)
            self.start()
        else:
            self.wait_ready(timeout=60, exclude={victim})
        return victim, time.perf_counter() - started

    def stop(self) -> None:
        stop_group(self.process, grace=15)

    def log_tail(self, lines: int = 20) -> str:
        return log_tail(self.log_path, lines)


@dataclass
class TaskWorker:
    """`manage.py db_worker` (django-tasks-db) beside the servers, in its own process group: with
    `TASKS_BACKEND=database` the servers only queue their background tasks (the ideas' hand-off to the
    analysis engine and the engine's own analysis) and this process runs them, as on a live day."""

    env: dict[str, str]
    nice: int = 19
    log_path: Path = field(
        default_factory=lambda: Path(tempfile.mkstemp(prefix="trama-live-db-worker-", suffix=".log")[1])
    )
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            "0.5",
            "--no-reload",
            "--no-startup-delay",
        ]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=self._lower_priority if self.nice else None,
        )

    def _lower_priority(self) -> None:
        """In the child, before exec: the lowest priority there is (as `chrt --idle 0 nice -n 19`): Linux's
        SCHED_IDLE runs the worker only on CPU time nobody else wants, so the analysis never delays a socket."""
        os.nice(self.nice)
        if hasattr(os, "SCHED_IDLE"):
            with contextlib.suppress(OSError):
                os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        """SIGTERM (the worker finishes its current task), SIGKILL after 10 s."""
        stop_group(self.process, grace=10)

    def log_tail(self, lines: int = 20) -> str:
        return log_tail(self.log_path, lines)

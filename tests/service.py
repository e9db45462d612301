"""Real services for the batch tests: a private Redis server and Celery worker processes."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """A redis-server of the test's own (so it can be killed and restarted), nothing kept on disk."""

    def __init__(self, folder: Path):
        self.port, self.folder = free_port(), folder
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", str(self.folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self._up, 10, "redis did not start")

    def _up(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def wait_until(predicate: Callable[[], bool], timeout: float, message: str, step: float = 0.2) -> None:
    """Poll until the predicate holds; fail with the message after the timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step)
    raise AssertionError(message)


def start_worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    """A Celery worker on every queue (thread pool), in its own process group."""
    cmd = [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "crawl,evidence,score",
           "--pool", "threads", "-c", "4", "-n", f"{name}@%h", "--loglevel", "INFO",
           "--without-gossip", "--without-mingle", "--without-heartbeat"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def kill_worker(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    """Kill the worker and its threads at once (SIGKILL: no warm shutdown, nothing acknowledged)."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        proc.wait(timeout=30)


def audit_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the audit command line in a child process with the test's environment."""
    return subprocess.run([sys.executable, "-m", "audit.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)

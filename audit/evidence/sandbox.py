"""Run one function in a fresh child process under a memory cap (RLIMIT_AS) and a wall-clock limit.

The parent starts `python -c ...` (a fresh interpreter: no inherited threads or state) in its own
process group, sends the call pickled on stdin and reads the pickled outcome from a private pipe;
on timeout it kills the whole group (Tesseract included). Run as a module, this file is the child.
"""
from __future__ import annotations

import importlib
import logging
import os
import pickle
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
_BOOT = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from audit.evidence.sandbox import main; main()"
MEMORY_ERROR = "memory"


@dataclass(frozen=True)
class Limits:
    """Time (seconds, wall clock) and memory (MiB of address space) for one child."""
    timeout: float
    memory_mb: int


class SandboxError(Exception):
    """The child did not return a result; `reason` is Vietnamese, for the user."""

    def __init__(self, reason: str, kind: str):
        super().__init__(reason)
        self.reason, self.kind = reason, kind


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space (inherited by the processes it starts)."""
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _call(module: str, name: str, args: tuple[Any, ...], memory_mb: int) -> tuple[str, Any]:
    """Import the target, cap memory, call it; the outcome as (kind, value)."""
    target = getattr(importlib.import_module(module), name)
    _limit_memory(memory_mb)
    try:
        return "ok", target(*args)
    except MemoryError as exc:
        return MEMORY_ERROR, str(exc)
    except Exception as exc:  # noqa: BLE001 - any failure is reported to the parent as data
        return "error", f"{type(exc).__name__}: {exc}"


def main() -> None:
    """Child entry: read (module, name, args, memory_mb, result fd) from stdin, write the outcome."""
    module, name, args, memory_mb = pickle.load(sys.stdin.buffer)
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())   # stray prints must not corrupt the result
    outcome = _call(module, name, args, memory_mb)
    try:
        out.write(pickle.dumps(outcome))
    except MemoryError:
        out.write(pickle.dumps((MEMORY_ERROR, "")))
    out.close()


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the child's process group (the child and anything it started)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _outcome(process: subprocess.Popen[bytes], stdout: bytes, stderr: bytes, limits: Limits) -> Any:
    """The child's result, or SandboxError for a crash, a memory failure or an error."""
    if not stdout:
        log.warning("sandbox child exited %s: %s", process.returncode, stderr[-500:])
        if process.returncode in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS):
            raise SandboxError(f"vượt giới hạn bộ nhớ ({limits.memory_mb} MB) hoặc lỗi nghiêm trọng", MEMORY_ERROR)
        raise SandboxError(f"tiến trình đọc tệp dừng bất thường (mã {process.returncode})", "crash")
    kind, value = pickle.loads(stdout)
    if kind == "ok":
        return value
    if kind == MEMORY_ERROR:
        raise SandboxError(f"vượt giới hạn bộ nhớ ({limits.memory_mb} MB)", MEMORY_ERROR)
    log.warning("sandbox child failed: %s", value)
    raise SandboxError(f"lỗi khi đọc tệp: {value}", "error")


def run_limited(target: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> Any:
    """Call `target(*args)` in a child under `limits`; its return value, or SandboxError."""
    request = pickle.dumps((target.__module__, target.__name__, args, limits.memory_mb))
    # One OpenMP thread per Tesseract: files are read side by side, one per core (faster than
    # two multi-threaded Tesseracts contending for two cores).
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    process = subprocess.Popen([sys.executable, "-c", _BOOT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True, env=env)
    try:
        stdout, stderr = process.communicate(request, timeout=limits.timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)   # the child and the Tesseract it may be running
        process.communicate()
        raise SandboxError(f"quá thời gian xử lý ({limits.timeout:g} s)", "timeout") from None
    except BaseException:
        _kill_group(process)
        process.communicate()
        raise
    return _outcome(process, stdout, stderr, limits)


if __name__ == "__main__":
    main()

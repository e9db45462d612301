"""Run one function in a forked child process under a memory cap (RLIMIT_AS) and a wall-clock limit.

Children fork from a zygote: a single-threaded interpreter started once per calling process, which has
already imported the readers, so a file pays for a fork instead of a fresh interpreter's imports and still
inherits no thread, lock or state of the caller. (multiprocessing's forkserver would re-run the caller's
main script in every child, so it is not used.) The caller passes the write end of a private pipe with each
request over a Unix socket; the child leads its own process group, caps its address space, makes the call
and writes the pickled outcome to the pipe. On timeout the caller kills the whole group (Tesseract
included). Run as a module, this file is the zygote.
"""
from __future__ import annotations

import importlib
import logging
import os
import pickle
import resource
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
_BOOT = "import sys; sys.path.insert(0, {root!r}); from audit.evidence.sandbox import serve; serve({fd})"
# Imported once by the zygote, so that no child pays for them.
PRELOAD = ("audit.evidence.parse", "audit.evidence.formats.reader", "audit.selfscore.readers", "openpyxl", "docx")
MEMORY_ERROR = "memory"
_HEADER = struct.Struct("!I")
_PID = struct.Struct("!i")
_REPLY_TIMEOUT = 30.0


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


# --- the zygote (child side) ---------------------------------------------------------------------

def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    """Exactly `size` bytes from the socket; EOFError when it closes first."""
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _run_child(request: bytes, result_fd: int) -> None:
    """In the forked child: make the call and write the pickled outcome to the result pipe."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)   # Tesseract's exit status must be collectable
    module, name, args, memory_mb, environment = pickle.loads(request)
    os.environ.clear()
    os.environ.update(environment)   # the caller's, as of this call (PATH, TESSDATA_PREFIX...)
    outcome = _call(module, name, args, memory_mb)
    with os.fdopen(result_fd, "wb") as out:
        try:
            out.write(pickle.dumps(outcome))
        except MemoryError:
            out.write(pickle.dumps((MEMORY_ERROR, "")))
        except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result: the parent must still hear
            out.write(pickle.dumps(("error", f"{type(exc).__name__}: {exc}")))


def _fork_one(control: socket.socket, request: bytes, result_fd: int) -> int:
    """Fork a child for one request; its pid (the leader of its own process group)."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            control.close()
            os.setpgid(0, 0)
            _run_child(request, result_fd)
        except BaseException:  # noqa: BLE001 - the parent sees a missing result
            code = 1
        finally:
            os._exit(code)
    try:
        os.setpgid(pid, pid)   # also here, so the group exists before the caller learns the pid
    except OSError:
        pass
    os.close(result_fd)
    return pid


def serve(fd: int) -> None:
    """Zygote entry: preload the readers, then fork one child per request until the caller goes away."""
    for module in PRELOAD:
        importlib.import_module(module)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # children are reaped by the kernel
    control = socket.socket(fileno=fd)
    while True:
        try:
            header, fds, _flags, _address = socket.recv_fds(control, _HEADER.size, 1)
            if not header:
                return
            header += _receive_exactly(control, _HEADER.size - len(header))
            request = _receive_exactly(control, _HEADER.unpack(header)[0])
        except (EOFError, OSError):
            return
        if len(fds) != 1:
            control.sendall(_PID.pack(-1))
            continue
        control.sendall(_PID.pack(_fork_one(control, request, fds[0])))


# --- the caller's side ---------------------------------------------------------------------------

class _Zygote:
    """The calling process's zygote, started on first use and again after a fork or its death."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.owner = 0
        self.control: socket.socket | None = None
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> socket.socket:
        """Start the zygote; the caller's end of its control socket."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        boot = _BOOT.format(root=str(ROOT), fd=theirs.fileno())
        self.process = subprocess.Popen([sys.executable, "-c", boot], pass_fds=(theirs.fileno(),),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        start_new_session=True)
        theirs.close()
        mine.settimeout(_REPLY_TIMEOUT)
        self.control, self.owner = mine, os.getpid()
        return mine

    def _drop(self) -> None:
        """Forget a zygote that failed (it exits when its control socket closes)."""
        if self.control is not None:
            self.control.close()
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.control = self.process = None

    def fork(self, request: bytes, result_fd: int) -> int:
        """Have the zygote fork a child for `request`, writing to `result_fd`; the child's pid."""
        with self.lock:
            for attempt in (1, 2):
                control = self.control if self.control is not None and self.owner == os.getpid() else self._start()
                try:
                    socket.send_fds(control, [_HEADER.pack(len(request))], [result_fd])
                    control.sendall(request)
                    pid: int = _PID.unpack(_receive_exactly(control, _PID.size))[0]
                    return pid
                except (OSError, EOFError) as exc:
                    log.warning("sandbox zygote failed (%s), attempt %d", exc, attempt)
                    self._drop()
        raise SandboxError("không khởi động được tiến trình đọc tệp", "crash")

    def after_fork(self) -> None:
        """In a forked caller: the parent's zygote is not ours."""
        self.lock = threading.Lock()
        self.control = self.process = None
        self.owner = 0


_ZYGOTE = _Zygote()
os.register_at_fork(after_in_child=_ZYGOTE.after_fork)


def _read_until_eof(fd: int, timeout: float) -> bytes | None:
    """Everything written to the pipe until its writer closes it; None when `timeout` passes first."""
    deadline = time.monotonic() + timeout
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill_group(pid: int) -> None:
    """Kill the child's process group (the child and anything it started)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _outcome(data: bytes, limits: Limits) -> Any:
    """The child's result, or SandboxError for a crash, a memory failure or an error."""
    if not data:
        log.warning("sandbox child ended without a result")
        raise SandboxError(f"vượt giới hạn bộ nhớ ({limits.memory_mb} MB) hoặc lỗi nghiêm trọng", MEMORY_ERROR)
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == MEMORY_ERROR:
        raise SandboxError(f"vượt giới hạn bộ nhớ ({limits.memory_mb} MB)", MEMORY_ERROR)
    log.warning("sandbox child failed: %s", value)
    raise SandboxError(f"lỗi khi đọc tệp: {value}", "error")


def run_limited(target: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> Any:
    """Call `target(*args)` in a child under `limits`; its return value, or SandboxError."""
    # One OpenMP thread per Tesseract: files are read side by side, one per core (faster than
    # two multi-threaded Tesseracts contending for two cores).
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    request = pickle.dumps((target.__module__, target.__name__, args, limits.memory_mb, environment))
    reader, writer = os.pipe()
    try:
        try:
            pid = _ZYGOTE.fork(request, writer)
        finally:
            os.close(writer)
        try:
            data = _read_until_eof(reader, limits.timeout)
        except BaseException:
            _kill_group(pid)
            raise
        if data is None:
            _kill_group(pid)   # the child and the Tesseract it may be running
            raise SandboxError(f"quá thời gian xử lý ({limits.timeout:g} s)", "timeout")
    finally:
        os.close(reader)
    return _outcome(data, limits)

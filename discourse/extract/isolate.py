"""Run one file's extraction in a child process with a timeout and a memory cap.

A hostile or broken PDF can hang PDFium, eat memory or crash the interpreter.
Files are therefore processed in a child process, forked from the calling
process after the extraction code and its caches (sentence segmenter,
dehyphenation vocabulary) are loaded, so a child starts in milliseconds and
imports nothing. The child is kept and serves one file after another (forking
and tearing down a copy of a large parent for every file cost 10-20 ms); it is
replaced by a fresh one whenever a file goes wrong. For each file the parent:

- waits at most ``timeout`` seconds, then kills the child -> ``timeout``;
- watches the memory the child uses beyond what it had when the file started
  and kills it above ``memory_mb`` -> ``too_large`` (the child also runs under
  an address-space limit of its current size plus ``memory_mb``, reset for
  each file, so a runaway allocation fails inside it rather than taking the
  machine down). Measuring growth, not the whole resident set, keeps the cap
  about the file: a parent that has loaded topic models or a notebook's data
  does not push every child over it;
- turns a child that dies without a result (segfault, abort) into ``crashed``.

The same children run tagging chunks on a local cluster (:mod:`discourse.tag.tagging`):
forked after the driver has built and compiled the tagging pipeline, they
use it without loading anything.

A child that was killed, died, ran out of memory or raised anything but a
:class:`~discourse.errors.DocumentError` is not reused, and neither is one
whose resident memory has grown by more than half the cap since it was forked;
the next file gets a fresh child. Threads of the parent that extract at the same
time each get a child of their own.

Why ``fork``: a forkserver or spawned child re-imports the caller's
``__main__`` (a notebook, a script, the console script), which is slow and
fails for code typed at a prompt. The forked child only runs PDFium and pure
Python on its own data and leaves with ``os._exit``; it never touches the
parent's other threads' state (DuckDB, Dask), which is what makes forking a
threaded process unsafe.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
import warnings
from multiprocessing.reduction import ForkingPickler
from typing import Callable, Iterator

import psutil

from discourse.errors import DocumentError

__all__ = ["children_of_batch", "release_children", "run_isolated"]

_CTX = None
_POLL = 0.05
_IDLE: list["_Child"] = []   # children waiting for their next file
_IDLE_LOCK = threading.Lock()
_IDLE_PID = os.getpid()       # the process the idle children belong to


def _context():
    global _CTX
    if _CTX is None:
        import discourse.extract._preload  # noqa: F401 - warm the caches children inherit

        _CTX = mp.get_context("fork")
    return _CTX


def _limit_memory(me: psutil.Process, extra_bytes: int) -> None:
    """Cap this process's address space at its current size plus ``extra_bytes``."""
    try:
        vms = me.memory_info().vms
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = vms + extra_bytes
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):  # pragma: no cover - platform without RLIMIT_AS
        pass


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _start_peak() -> int:
    """Reset this process's peak RSS to its current RSS (Linux); return the current RSS in kB.

    The child's high-water mark is inherited from its parent and kept from its
    earlier files; without the reset its peak would say nothing about this file.
    """
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    return _status_kb("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _peak_growth_mb(start_kb: int) -> float:
    peak_kb = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(0, peak_kb - start_kb) / 1024


def _run_one(fn: Callable, args: tuple, memory_bytes: int, me: psutil.Process) -> bytes:
    """Run one request in the child; return the pickled ``(kind, payload, peak_mb)`` reply."""
    start_kb = _start_peak()
    _limit_memory(me, memory_bytes)
    try:
        result = fn(*args)
        return ForkingPickler.dumps(("ok", result, _peak_growth_mb(start_kb)))
    except MemoryError:
        return ForkingPickler.dumps(("memory", None, None))
    except DocumentError as e:
        return ForkingPickler.dumps(("document", e, None))
    except BaseException as e:  # noqa: BLE001 - everything must reach the parent as a status
        return ForkingPickler.dumps(("error", f"{type(e).__name__}: {e}", None))


def _serve(conn, parent_end) -> None:
    """The child's loop: read ``(fn, args, memory_bytes)``, reply, until the parent closes the pipe."""
    parent_end.close()  # so the parent's exit closes the pipe and ends this loop
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what a Ctrl-C means
    faulthandler.disable()  # a crash is reported by the parent as a status, not as a dump
    me = psutil.Process()
    while True:
        try:
            fn, args, memory_bytes = conn.recv()
        except (EOFError, OSError):
            return
        reply = _run_one(fn, args, memory_bytes, me)
        try:
            conn.send_bytes(reply)
        except OSError:
            return


class _Child:
    """A forked child serving files one at a time, and the parent's handle on it."""

    def __init__(self):
        ctx = _context()
        self.conn, child_end = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_serve, args=(child_end, self.conn), daemon=True)
        with warnings.catch_warnings():
            # Python >= 3.12 warns about forking a threaded process; see the module docstring.
            warnings.simplefilter("ignore", DeprecationWarning)
            self.proc.start()
        child_end.close()
        self.watched = psutil.Process(self.proc.pid)
        self.start_rss = self.rss()

    def rss(self) -> int:
        try:
            return self.watched.memory_info().rss
        except psutil.NoSuchProcess:
            return 0

    def stop(self) -> None:
        self.conn.close()
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.proc.close()


def _idle() -> list[_Child]:
    """This process's idle children (call with ``_IDLE_LOCK`` held).

    A process forked from the one that owns the list inherits a copy of it, but
    those children are not its own: it starts an empty list.
    """
    global _IDLE, _IDLE_PID
    if _IDLE_PID != os.getpid():
        _IDLE, _IDLE_PID = [], os.getpid()
    return _IDLE


def _take() -> _Child:
    with _IDLE_LOCK:
        idle = _idle()
        while idle:
            child = idle.pop()
            if child.proc.is_alive():
                return child
            child.stop()
    return _Child()


def _give_back(child: _Child, memory_mb: int) -> None:
    if child.rss() - child.start_rss > memory_mb * 2**20 / 2:  # memory it kept from earlier files
        child.stop()
        return
    with _IDLE_LOCK:
        _idle().append(child)


def release_children() -> None:
    """Stop this process's idle children; the next file forks a fresh one.

    A batch calls this when it ends, so a notebook or script that extracted
    once is not left with a child process (and its copy of the parent's memory).
    """
    with _IDLE_LOCK:
        idle = _idle()
        children, idle[:] = list(idle), []
    for child in children:
        child.stop()


@contextlib.contextmanager
def children_of_batch(fresh: bool = False) -> Iterator[None]:
    """Release this process's idle children when a batch ends, so none is left behind.

    With ``fresh``, also before it starts: the batch's children are then forked
    from the process as it is now (after a pipeline was built, say), not reused
    from an earlier batch.
    """
    if fresh:
        release_children()
    try:
        yield
    finally:
        release_children()


def run_isolated(fn: Callable, args: tuple, *, timeout: float, memory_mb: int, label: str):
    """Call ``fn(*args)`` in a child process and return ``(result, peak_mb)``.

    ``fn`` and ``args`` are pickled to the child, so ``fn`` must be a
    module-level function. ``peak_mb`` is the child's peak resident memory
    beyond what it had when the call started: the memory the file itself needed.

    Raises
    ------
    DocumentError
        ``timeout``, ``too_large`` (memory), or ``crashed``, with a message naming ``label``.
    """
    child = _take()
    reusable = False
    try:
        baseline = child.rss()
        try:
            child.conn.send((fn, args, memory_mb * 2**20))
        except OSError:  # the child died while it waited for this file
            _died(child.proc, label, 0, memory_mb * 2**20)
        kind, payload, peak_mb, peak = _wait(child, timeout, memory_mb, label, baseline)
        reusable = kind in ("ok", "document")
    finally:
        if reusable:
            _give_back(child, memory_mb)
        else:
            child.stop()
    if kind == "ok":
        return payload, max(peak_mb or 0.0, peak / 2**20)
    if kind == "memory":
        raise DocumentError("too_large", f"{label}: ran out of memory within the {memory_mb} MB cap "
                                         "(--memory-mb to allow more).")
    if kind == "document":
        raise payload
    raise DocumentError("crashed", f"{label}: extraction failed: {payload}")


def _wait(child: _Child, timeout: float, memory_mb: int, label: str, baseline: int):
    """Wait for the child's reply to one call; return ``(kind, payload, peak_mb, polled_peak_bytes)``."""
    proc, conn = child.proc, child.conn
    deadline = time.monotonic() + timeout
    cap = memory_mb * 1024 * 1024
    peak = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            proc.kill()
            raise DocumentError("timeout", f"{label}: extraction took longer than {timeout:g} s and was "
                                           "stopped (--timeout to allow more).")
        if conn.poll(min(_POLL, remaining)):
            try:
                kind, payload, peak_mb = conn.recv()
            except (EOFError, OSError):
                _died(proc, label, peak, cap)
            return kind, payload, peak_mb, peak
        rss = max(0, child.rss() - baseline)
        peak = max(peak, rss)
        if rss > cap:
            proc.kill()
            raise DocumentError("too_large", f"{label}: extraction used more than {memory_mb} MB of memory "
                                             "and was stopped (--memory-mb to allow more).")
        if not proc.is_alive() and not conn.poll(0):
            _died(proc, label, peak, cap)


def _died(proc, label: str, peak: int, cap: int):
    proc.join(1)
    code = proc.exitcode
    if peak > 0.9 * cap:
        raise DocumentError("too_large", f"{label}: worker died near its memory cap ({peak / 2**20:.0f} MB).")
    how = f"signal {-code} ({signal.Signals(-code).name})" if code and code < 0 else f"exit code {code}"
    raise DocumentError("crashed", f"{label}: the worker reading this file died ({how}).")

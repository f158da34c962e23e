"""Run one file's extraction in a child process with a timeout and a memory cap.

A hostile or broken PDF can hang PDFium, eat memory or crash the interpreter.
Each file is therefore processed in its own short-lived child process, forked
from the calling process after the extraction code and its caches (sentence
segmenter, dehyphenation vocabulary) are loaded, so a child starts in
milliseconds and imports nothing. The parent:

- waits at most ``timeout`` seconds, then kills the child -> ``timeout``;
- watches the memory the child uses beyond what it inherited at the fork
  (its resident set minus the parent's at fork time) and kills it above
  ``memory_mb`` -> ``too_large`` (the child also runs under an address-space
  limit, so a runaway allocation fails inside it rather than taking the
  machine down). Measuring growth, not the whole resident set, keeps the cap
  about the file: a parent that has loaded topic models or a notebook's data
  does not push every child over it;
- turns a child that dies without a result (segfault, abort) into ``crashed``.

Why ``fork``: a forkserver or spawned child re-imports the caller's
``__main__`` (a notebook, a script, the console script), which is slow and
fails for code typed at a prompt. The forked child only runs PDFium and pure
Python on its own data and leaves with ``os._exit``; it never touches the
parent's other threads' state (DuckDB, Dask), which is what makes forking a
threaded process unsafe.

Whatever happens, the caller gets a :class:`~discourse.extract.document.DocumentResult`.
"""

from __future__ import annotations

import faulthandler
import multiprocessing as mp
import os
import resource
import signal
import time
import warnings
from typing import Callable

import psutil

from discourse.errors import DocumentError

__all__ = ["run_isolated"]

_CTX = None
_POLL = 0.05


def _context():
    global _CTX
    if _CTX is None:
        import discourse.extract._preload  # noqa: F401 - warm the caches children inherit

        _CTX = mp.get_context("fork")
    return _CTX


def _limit_memory(extra_bytes: int) -> None:
    """Cap this process's address space at its current size plus ``extra_bytes``."""
    try:
        vms = psutil.Process().memory_info().vms
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

    A forked child inherits its parent's high-water mark, so without the reset
    its peak would say nothing about the file it reads.
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


def _child(conn, fn: Callable, args: tuple, memory_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what a Ctrl-C means
    faulthandler.disable()  # a crash is reported by the parent as a status, not as a dump
    start_kb = _start_peak()
    _limit_memory(memory_bytes)
    try:
        result = fn(*args)
        conn.send(("ok", result, _peak_growth_mb(start_kb)))
    except MemoryError:
        conn.send(("memory", None, None))
    except DocumentError as e:
        conn.send(("document", e, None))
    except BaseException as e:  # noqa: BLE001 - everything must reach the parent as a status
        conn.send(("error", f"{type(e).__name__}: {e}", None))
    finally:
        conn.close()


def run_isolated(fn: Callable, args: tuple, *, timeout: float, memory_mb: int, label: str):
    """Call ``fn(*args)`` in a child process and return ``(result, peak_mb)``.

    ``peak_mb`` is the child's peak resident memory beyond what it inherited from
    this process at the fork: the memory the file itself needed.

    Raises
    ------
    DocumentError
        ``timeout``, ``too_large`` (memory), or ``crashed``, with a message naming ``label``.
    """
    ctx = _context()
    recv_conn, send_conn = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send_conn, fn, args, memory_mb * 1024 * 1024), daemon=True)
    baseline = psutil.Process().memory_info().rss  # what the child starts with (shared copy-on-write pages)
    with warnings.catch_warnings():
        # Python >= 3.12 warns about forking a threaded process; see the module docstring.
        warnings.simplefilter("ignore", DeprecationWarning)
        proc.start()
    send_conn.close()
    try:
        return _wait(proc, recv_conn, timeout, memory_mb, label, baseline)
    finally:
        recv_conn.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        proc.close()


def _wait(proc, conn, timeout: float, memory_mb: int, label: str, baseline: int = 0):
    deadline = time.monotonic() + timeout
    cap = memory_mb * 1024 * 1024
    try:
        watched = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        watched = None
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
                return _died(proc, label, peak, cap)
            break
        if watched is not None:
            try:
                rss = max(0, watched.memory_info().rss - baseline)
            except psutil.NoSuchProcess:
                rss = 0
            peak = max(peak, rss)
            if rss > cap:
                proc.kill()
                raise DocumentError("too_large", f"{label}: extraction used more than {memory_mb} MB of memory "
                                                 "and was stopped (--memory-mb to allow more).")
        if not proc.is_alive() and not conn.poll(0):
            return _died(proc, label, peak, cap)
    if kind == "ok":
        return payload, max(peak_mb or 0.0, peak / 2**20)
    if kind == "memory":
        raise DocumentError("too_large", f"{label}: ran out of memory within the {memory_mb} MB cap "
                                         "(--memory-mb to allow more).")
    if kind == "document":
        raise payload
    raise DocumentError("crashed", f"{label}: extraction failed: {payload}")


def _died(proc, label: str, peak: int, cap: int):
    proc.join(1)
    code = proc.exitcode
    if peak > 0.9 * cap:
        raise DocumentError("too_large", f"{label}: worker died near its memory cap ({peak / 2**20:.0f} MB).")
    how = f"signal {-code} ({signal.Signals(-code).name})" if code and code < 0 else f"exit code {code}"
    raise DocumentError("crashed", f"{label}: the worker reading this file died ({how}).")

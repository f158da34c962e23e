import os
import time

import psutil
import pytest

from discourse.errors import DocumentError
from discourse.extract.isolate import release_children, run_isolated


def _ok(x):
    return x * 2


def _sleep(seconds):
    time.sleep(seconds)
    return "woke"


def _hog(mb):
    blocks = [bytearray(1024 * 1024) for _ in range(mb)]  # touched pages: resident memory
    for b in blocks:
        b[::4096] = b"x" * len(b[::4096])
    return len(blocks)


def _crash():
    os.abort()


def _fail():
    raise ValueError("bad thing")


def test_result_and_peak_memory_come_back():
    result, peak_mb = run_isolated(_ok, (21,), timeout=30, memory_mb=512, label="t")
    assert result == 42 and peak_mb >= 0


def test_peak_memory_is_what_the_child_needed_beyond_the_fork():
    inherited = bytearray(300 * 1024 * 1024)  # the parent holds 300 MB: the child inherits it
    inherited[::4096] = b"x" * len(inherited[::4096])
    n, peak_mb = run_isolated(_hog, (60,), timeout=30, memory_mb=200, label="t")
    assert n == 60 and 30 <= peak_mb < 150, peak_mb  # about the 60 MB it allocated, not the 300 MB it inherited
    del inherited


def test_timeout_kills_the_child():
    started = time.monotonic()
    with pytest.raises(DocumentError) as e:
        run_isolated(_sleep, (30,), timeout=1, memory_mb=512, label="slow.pdf")
    assert e.value.status == "timeout" and "slow.pdf" in e.value.message
    assert time.monotonic() - started < 10


def test_memory_cap():
    with pytest.raises(DocumentError) as e:
        run_isolated(_hog, (2048,), timeout=60, memory_mb=300, label="big.pdf")
    assert e.value.status == "too_large" and "big.pdf" in e.value.message


def test_crash_is_reported():
    with pytest.raises(DocumentError) as e:
        run_isolated(_crash, (), timeout=30, memory_mb=512, label="evil.pdf")
    assert e.value.status == "crashed" and "SIGABRT" in e.value.message


def test_exception_is_reported():
    with pytest.raises(DocumentError) as e:
        run_isolated(_fail, (), timeout=30, memory_mb=512, label="odd.pdf")
    assert e.value.status == "crashed" and "ValueError: bad thing" in e.value.message


_KEPT = []


def _pid():
    return os.getpid()


def _keep(mb):
    """Allocate ``mb`` MB and keep it after returning (a leak that outlives the file)."""
    block = bytearray(mb * 1024 * 1024)
    block[::4096] = b"x" * len(block[::4096])
    _KEPT.append(block)
    return os.getpid()


def test_one_child_serves_file_after_file():
    pids = {run_isolated(_pid, (), timeout=30, memory_mb=512, label="t")[0] for _ in range(5)}
    assert len(pids) == 1 and os.getpid() not in pids


@pytest.mark.parametrize("fault, args, status", [
    (_crash, (), "crashed"), (_fail, (), "crashed"), (_sleep, (30,), "timeout"), (_hog, (2048,), "too_large"),
])
def test_after_a_failed_file_the_next_one_gets_a_fresh_child(fault, args, status):
    before, _ = run_isolated(_pid, (), timeout=30, memory_mb=512, label="t")
    with pytest.raises(DocumentError) as e:
        run_isolated(fault, args, timeout=1, memory_mb=300, label="bad.pdf")
    assert e.value.status == status and "bad.pdf" in e.value.message
    after, _ = run_isolated(_pid, (), timeout=30, memory_mb=512, label="next.pdf")
    assert after != before


def test_memory_kept_from_earlier_files_neither_counts_against_the_next_nor_accumulates():
    first, _ = run_isolated(_keep, (100,), timeout=30, memory_mb=250, label="a.pdf")  # keeps 100 MB
    second, peak_mb = run_isolated(_keep, (100,), timeout=30, memory_mb=250, label="b.pdf")
    assert second == first and 50 <= peak_mb < 140, peak_mb  # the cap is about this file's growth
    third, _ = run_isolated(_pid, (), timeout=30, memory_mb=250, label="c.pdf")
    assert third != first  # 200 MB kept is over half the 250 MB cap: the child was replaced


def test_release_children_stops_the_idle_child():
    child_pid, _ = run_isolated(_pid, (), timeout=30, memory_mb=512, label="t")
    assert child_pid in {p.pid for p in psutil.Process().children()}
    release_children()
    assert child_pid not in {p.pid for p in psutil.Process().children()}
    again, _ = run_isolated(_pid, (), timeout=30, memory_mb=512, label="t")
    assert again != child_pid

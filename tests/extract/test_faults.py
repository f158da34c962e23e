"""Faults during a batch: Ctrl-C, a dead Dask worker, a full disk. Nothing is lost; a re-run finishes."""

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading

import psutil
import pytest

import pdfgen
from discourse.extract import ExtractSettings, extract
from discourse.store import open_store
from snapshots import assert_same_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("many")
    for i in range(120):
        pdfgen.simple(d / f"doc{i:03d}.pdf", f"Document {i}.\nThe council will fund {i} new posts in 2014.\n"
                      "We want communities to take control.", title=f"Doc {i}")
    return d


@pytest.fixture(scope="module")
def reference(folder, tmp_path_factory):
    path = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    with open_store(path) as store:
        extract([str(folder)], store)
    return path


def _cli(folder, store, **kw):
    return [sys.executable, "-m", "discourse", "-v", "extract", str(folder), "--store", str(store)]


def test_ctrl_c_marks_the_rest_and_a_rerun_finishes(folder, reference, tmp_path):
    store = tmp_path / "s.duckdb"
    proc = subprocess.Popen(_cli(folder, store), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    committed = 0
    for line in proc.stderr:
        committed += "committed" in line
        if committed == 3:
            proc.send_signal(signal.SIGINT)
            break
    rest = proc.stderr.read()
    proc.wait(60)
    assert proc.returncode == 130 and "interrupted" in rest, rest[-3000:]
    with open_store(store, read_only=True) as s:
        statuses = s.documents().status.value_counts().to_dict()
        assert sum(statuses.values()) == 120, "every file has a row even after Ctrl-C"
        assert statuses.get("interrupted", 0) >= 1
        assert s.runs().status.tolist() == ["interrupted"]
    subprocess.run(_cli(folder, store), check=True, capture_output=True)
    assert_same_store(store, reference)


class _Killer(logging.Handler):
    """SIGKILL one worker process at the first committed group of documents.

    With isolated files (the default) a local cluster's workers are threads of
    this process, each waiting on a forked extraction child: the child is
    killed. Without isolation the workers are spawned processes: one is killed.
    """

    def __init__(self, spawned: bool):
        super().__init__()
        self.spawned = spawned
        self.killed = None

    def emit(self, record):
        if "committed" not in record.getMessage() or self.killed is not None:
            return
        children = psutil.Process().children()
        if self.spawned:
            children = [p for p in children if "spawn_main" in " ".join(p.cmdline())]
        if children:
            self.killed = children[0].pid
            os.kill(self.killed, signal.SIGKILL)


@pytest.mark.parametrize("isolate", [True, False], ids=["forked-child", "worker-process"])
def test_a_killed_worker_process_loses_nothing(tmp_path, isolate):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(80):
        pdfgen.simple(folder / f"r{i:02d}.pdf", f"Report {i}.\nThe council will fund {i} posts.\n" * 20)
    reference = tmp_path / "ref.duckdb"
    with open_store(reference) as s:
        extract([str(folder)], s)
    store = tmp_path / "s.duckdb"
    killer = _Killer(spawned=not isolate)
    logger = logging.getLogger("discourse.extract.batch")
    logger.addHandler(killer)
    logger.setLevel(logging.INFO)
    try:
        with open_store(store) as s:
            summary = extract([str(folder)], s, settings=ExtractSettings(isolate=isolate), workers=2)
    finally:
        logger.removeHandler(killer)
    assert killer.killed is not None, "a worker process was killed mid-run"
    assert summary["documents"] == 80
    assert set(summary["status"]) <= {"ok", "crashed"}
    with open_store(store) as s:
        extract([str(folder)], s)  # retries anything marked crashed
    assert_same_store(store, reference)


def _mount_tmpfs(path, size_kb):
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_full_disk_stops_cleanly_and_a_rerun_finishes(tmp_path):
    folder = tmp_path / "wordy"
    folder.mkdir()
    for i in range(30):
        pdfgen.simple(folder / f"w{i:02d}.pdf", "\n".join(
            f"Paragraph {i}.{k}: the council will fund {k} new posts for community libraries." for k in range(45)))
    reference = tmp_path / "ref.duckdb"
    with open_store(reference) as s:
        extract([str(folder)], s)
    empty = tmp_path / "empty.duckdb"
    open_store(empty).close()
    used_kb = int(subprocess.run(["du", "-k", str(empty)], capture_output=True, text=True).stdout.split()[0])
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount_tmpfs(disk, used_kb + 64):  # the empty store fits; the documents will not
        pytest.skip("cannot mount a small tmpfs here (needs root) to simulate a full disk")
    try:
        store = disk / "s.duckdb"
        shutil.copy(empty, store)
        proc = subprocess.run(_cli(folder, store), capture_output=True, text=True)
        assert proc.returncode == 1, proc.stderr[-2000:]
        assert "Is the disk full?" in proc.stderr and "re-run the same command" in proc.stderr
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)  # space is freed
        subprocess.run(_cli(folder, store), check=True, capture_output=True)
        assert_same_store(store, reference)
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)

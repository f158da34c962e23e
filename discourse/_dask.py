"""Dask distributed plumbing shared by the per-document stages (extract, tag).

``--workers N`` starts a :class:`distributed.LocalCluster` of N single-threaded
workers. Extraction and tagging run each file or chunk in a child forked from
the driver, so their workers are threads of the driver that wait on a child:
the cluster starts without launching and importing N interpreters, and the
children inherit what the driver loaded. Work that runs in the worker itself
(extraction without isolation) gets worker processes. ``--scheduler ADDRESS``
connects to an existing cluster (for example one started by dask-jobqueue on
SLURM or PBS), whose workers are processes. Work is streamed: at most
``2 * workers`` tasks are in flight, so memory on the driver stays flat however
large the corpus, and results come back as they finish for the driver to commit
to the store (the single source of truth).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar

T = TypeVar("T")

__all__ = ["dask_client", "n_slots", "stream"]

_CONFIG = {
    "distributed.worker.daemon": False,
    "distributed.logging.distributed": "error",
    # A local cluster's workers are threads of the driver: Dask's statistical profiler (every worker
    # thread's stack, every 10 ms) and its system monitor's disk counters and 0.5 s polling cost the
    # driver 0.6 of its 2.2 CPU seconds on the Kent extraction with 2 workers (median of 4 runs).
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.system-monitor.interval": "1s",
}


def _local_cluster(workers: int, processes: bool = True) -> Any:
    """A LocalCluster of ``workers`` single-threaded workers: non-daemonic processes (so they may
    fork), or threads of this process."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                        dashboard_address=":0", memory_limit=0, silence_logs=logging.ERROR)


@contextlib.contextmanager
def dask_client(workers: int, scheduler: str | None = None, *, processes: bool = True) -> Iterator[Any]:
    """A ``distributed.Client`` on a fresh LocalCluster of ``workers`` processes (threads when
    ``processes`` is False), or on ``scheduler``."""
    import dask
    from distributed import Client

    with dask.config.set(_CONFIG), _quiet():
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = _local_cluster(workers, processes)
            client = Client(cluster)
        try:
            yield client
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Keep distributed's own log lines below ERROR off stderr while a cluster runs and closes (an
    in-process cluster's closing comms log tracebacks at INFO that say nothing about the work)."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def n_slots(client: Any, workers: int, local: bool) -> int:
    """Tasks kept in flight: two per worker (the cluster's own count for an external scheduler)."""
    n = workers if local else len(client.scheduler_info()["workers"]) or 1
    return max(2, 2 * n)


def stream(client: Any, fn: Callable[..., Any], items: Sequence[T], args: Sequence[Any] = (),
           slots: int = 4) -> Iterator[tuple[T, Any, BaseException | None]]:
    """Run ``fn(item, *args)`` for each item on the cluster, ``slots`` at a time.

    Yields ``(item, result, None)`` as tasks finish, or ``(item, None, error)``
    when a task failed or its worker died (``KilledWorker``, a lost connection):
    the caller decides what a failure means for that item.
    """
    from distributed import as_completed

    pending = as_completed()
    item_of: dict[str, T] = {}

    def submit(item: T) -> None:
        future = client.submit(fn, item, *args, pure=False)
        item_of[future.key] = item
        pending.add(future)

    queue: Iterable[T] = iter(items)
    for _, item in zip(range(slots), queue):
        submit(item)
    for future in pending:
        item = item_of.pop(future.key)
        try:
            result, error = future.result(), None
        except Exception as e:  # noqa: BLE001 - any task or worker failure is reported to the caller
            result, error = None, e
        future.release()
        yield item, result, error
        nxt = next(queue, None)
        if nxt is not None:
            submit(nxt)

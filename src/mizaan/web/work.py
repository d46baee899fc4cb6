"""Heavy work off the event loop: importing, vetting, planning and PDFs run in a bounded pool of worker
threads, so that a large upload or a burst of plans never keeps the server from answering anyone else.

The pool is bounded (``threads``, one per processor and at least two by default): past it, work waits its
turn instead of every request starting its own. The heavy libraries (DuckDB, pyarrow, NumPy/SciPy, Chromium) do most of
their work outside Python's interpreter lock; for more processors, ``mizaan serve --workers N`` runs N
processes, each with its own pool, sharing the data folder.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Request

T = TypeVar("T")


def default_threads() -> int:
    return max(2, os.cpu_count() or 1)


def make_limiter(threads: int | None = None) -> anyio.CapacityLimiter:
    return anyio.CapacityLimiter(threads or default_threads())


async def heavy(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in the app's worker pool, awaited without blocking the event loop."""
    limiter: anyio.CapacityLimiter = request.app.state.limiter
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=limiter)


async def slow(request: Request, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Like ``heavy``, for work a user asked for on purpose and waits for (what would change a plan): one
    at a time per process, then in the worker pool, so a burst of it leaves room for plan pages."""
    lane: anyio.CapacityLimiter = request.app.state.__dict__.setdefault("slow_lane", anyio.CapacityLimiter(1))
    async with lane:
        return await heavy(request, fn, *args, **kwargs)


__all__ = ["default_threads", "heavy", "make_limiter", "slow"]

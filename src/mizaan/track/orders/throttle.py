"""Rate limits of the tracking API and webhooks: a token bucket per caller (an API token's workspace, or
a webhook's workspace and source), refilled continuously. A caller past its rate is answered 429 with
``Retry-After`` and nothing is done for it; other callers are not slowed.

The buckets live in the process (one server process, as ``mizaan serve`` and ``mizaan track serve`` run);
their number is bounded, the longest-idle dropped first, so that many callers cannot grow memory."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    per_second: float = 20.0
    burst: int = 40


class Throttle:
    """``take(key)`` -> 0 when the request may go on, else the whole seconds to wait."""

    def __init__(self, rate: Rate, keys: int = 10_000) -> None:
        self.rate = rate
        self.keys = keys
        self._clock = time.monotonic
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: str) -> int:
        now = self._clock()
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.rate.burst), now))
            tokens = min(float(self.rate.burst), tokens + (now - then) * self.rate.per_second)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                wait = 0
            else:
                self._buckets[key] = (tokens, now)
                wait = max(1, math.ceil((1.0 - tokens) / self.rate.per_second))
            while len(self._buckets) > self.keys:
                self._buckets.popitem(last=False)
        return wait

"""Per-reader token buckets, keyed by the session hash (never by the IP itself).

Each event costs a token; a bucket holds `burst` tokens and refills at `rate` a second. The
table keeps the most recently seen readers only (least recently seen dropped first), so memory
stays bounded whatever the traffic; a reader dropped from it starts again with a full bucket.
Durations come from `time.monotonic()`: they are intervals, not "now".
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict

MAX_READERS = 200_000


class TokenBuckets:
    def __init__(self, rate: float, burst: float, max_readers: int = MAX_READERS) -> None:
        self.rate = rate
        self.burst = burst
        self.max_readers = max_readers
        self.buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str, tokens: int, at: float | None = None) -> float:
        """Take `tokens` from the reader's bucket: 0.0 when granted, else the seconds until
        there would be enough (nothing is taken then)."""
        at = time.monotonic() if at is None else at
        level, since = self.buckets.pop(key, (self.burst, at))
        level = min(self.burst, level + (at - since) * self.rate)
        wait = 0.0
        if tokens <= level:
            level -= tokens
        else:
            wait = (min(tokens, self.burst) - level) / self.rate
        self.buckets[key] = (level, at)
        if len(self.buckets) > self.max_readers:
            self.buckets.popitem(last=False)
        return wait if tokens <= self.burst else math.inf

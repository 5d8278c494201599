"""Group commit: requests hand over their lines and wait; one writer thread writes everything
waiting as one batch, fsyncs it, and wakes them. A request is answered 202 only after its batch's
fsync. A batch starts as soon as the previous one is done, so a request waits for at most one
fsync in progress and its own, well under 100 ms on any disk that deserves the name; an idle
open file is rotated after `rotate_seconds` by the same loop's tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from newsdash import clock
from newsdash.etl.collect.spool import Spool

log = logging.getLogger("newsdash.collect")
TICK_SECONDS = 0.1  # how often an idle writer looks at rotation (and the state file)


class Overloaded(Exception):
    """More events wait for their fsync than the queue may hold."""


class WriteFailed(Exception):
    """The batch could not be written or fsync'd: nothing of it counts as accepted."""


class GroupCommit:
    def __init__(
        self, spool: Spool, max_queue_events: int, on_tick: Callable[[], None] = lambda: None
    ) -> None:
        self.spool = spool
        self.max_queue_events = max_queue_events
        self.on_tick = on_tick
        self.pending: list[tuple[bytes, int, asyncio.Future]] = []
        self.queued_events = 0  # waiting or being written
        self.last_write = None
        self.stopping = False
        self.wake = asyncio.Event()
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="collect-writer")
        self.task: asyncio.Task | None = None

    @property
    def files_written(self) -> int:
        return self.spool.files_written

    @property
    def current_file(self) -> Path | None:
        return self.spool.path

    def start(self) -> None:
        self.task = asyncio.get_running_loop().create_task(self.run(), name="collect-writer")

    async def write(self, data: bytes, events: int) -> None:
        """Return once `data` (whole lines) is on disk; Overloaded or WriteFailed otherwise."""
        if self.queued_events + events > self.max_queue_events:
            raise Overloaded(f"{self.queued_events:,} events already wait for the disk")
        done = asyncio.get_running_loop().create_future()
        self.pending.append((data, events, done))
        self.queued_events += events
        self.wake.set()
        await done

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while not (self.stopping and not self.pending):
            if not self.pending:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.wake.wait(), TICK_SECONDS)
            self.wake.clear()
            batch, self.pending = self.pending, []
            if batch:
                await self.commit(loop, batch)
            if self.spool.due():
                await self.rotate(loop)
            self.on_tick()

    async def rotate(self, loop: asyncio.AbstractEventLoop) -> None:
        """Rename the open file into place. A failure is logged and the next write opens a new
        file; the lines stay in that `.part`, which the next start finishes (spool.recover)."""
        try:
            await loop.run_in_executor(self.thread, self.spool.rotate)
        except OSError as exc:
            log.error("could not rotate %s: %s", self.spool.path, exc)

    async def commit(self, loop: asyncio.AbstractEventLoop, batch: list) -> None:
        data = b"".join(item[0] for item in batch)
        events = sum(item[1] for item in batch)
        now = clock.now()
        try:
            await loop.run_in_executor(self.thread, self.spool.append, data, events, now)
        except Exception as exc:  # OSError above all; anything else must not hang the requests
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            failure = WriteFailed(f"the inbox could not be written: {reason}")
            for _, _, done in batch:
                if not done.done():
                    done.set_exception(failure)
        else:
            self.last_write = now
            for _, _, done in batch:
                if not done.done():
                    done.set_result(None)
        finally:
            self.queued_events -= events

    async def stop(self) -> None:
        """Write what waits, then close and rename the open file (a clean shutdown)."""
        self.stopping = True
        self.wake.set()
        if self.task is not None:
            await self.task
        await self.rotate(asyncio.get_running_loop())
        self.thread.shutdown(wait=True)

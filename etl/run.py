"""One ETL run: lock, load every new file, record the run, publish the result."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from etl.config import Settings
from etl.inbox import InboxError, InputFile, content_hash, discover
from etl.load import FileResult, load_file
from etl.publish import exclusive_run, prepare_working_copy, publish
from sql import store

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL = 0, 1, 3


@dataclass
class RunResult:
    run_id: int | None
    status: str  # ok | partial | failed
    files: list[FileResult] = field(default_factory=list)
    message: str | None = None

    @property
    def exit_code(self) -> int:
        return {"ok": EXIT_OK, "partial": EXIT_PARTIAL}.get(self.status, EXIT_FAILED)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.files if f.status == "loaded")

    def rejected_by_reason(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for f in self.files:
            counts.update(f.rejected_by_reason)
        return dict(sorted(counts.items()))


def open_writer(settings: Settings, work: Path) -> store.Connection:
    con = store.connect(
        work, read_only=False, timezone=settings.site_tz, memory_limit=settings.memory_limit
    )
    store.migrate(con)
    return con


def process_files(
    con: store.Connection,
    sources: list[InputFile],
    run_id: int,
    on_file: Callable[[FileResult], None] | None,
) -> list[FileResult]:
    loaded_at = datetime.now(UTC)
    results = []
    for source in sources:
        sha256 = content_hash(source.path)
        known = store.rows(con, "etl/file_by_content", sha256=sha256)
        if known:
            _, name, status, _ = known[0]
            why = f"same content as {name}, already {status}"
            result = FileResult(source.path.name, source.kind, "skipped", reason=why)
        else:
            result = load_file(con, source, run_id, sha256, loaded_at)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def finish(con: store.Connection, result: RunResult) -> None:
    processed = [f for f in result.files if f.status != "skipped"]
    store.execute(
        con,
        "etl/finish_run",
        run_id=result.run_id,
        status=result.status,
        files=len(processed),
        failed_files=sum(f.status == "failed" for f in processed),
        skipped_files=sum(f.status == "skipped" for f in result.files),
        records_read=result.total("records_read"),
        loaded=result.total("loaded"),
        duplicates=result.total("duplicates"),
        rejected=result.total("rejected"),
        bots=result.total("bots"),
        message=result.message,
    )


def run_status(files: list[FileResult]) -> str:
    return "partial" if any(f.status == "failed" for f in files) else "ok"


def run_etl(
    settings: Settings,
    sources: list[InputFile] | None = None,
    on_file: Callable[[FileResult], None] | None = None,
) -> RunResult:
    """Load the given files (default: the inbox) and publish. Raises LockHeld if one runs."""
    with exclusive_run(settings.db):
        work = prepare_working_copy(settings.db)
        con = open_writer(settings, work)
        try:
            store.execute(con, "etl/abandon_stale_runs")
            result = RunResult(store.scalar(con, "etl/start_run"), "running")
            try:
                todo = sources if sources is not None else discover(settings.inbox)
                result.files = process_files(con, todo, result.run_id, on_file)
                result.status = run_status(result.files)
            except InboxError as exc:
                result.status, result.message = "failed", str(exc)
            finish(con, result)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        publish(settings.db)
    return result

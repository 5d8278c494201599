"""Which engine settles a landed batch (dedupe, bots, rollups): `[etl] engine`, or
`newsdash etl --engine` (docs/scale.md). Landing, the ledger and the lake commit are the same
for both; only the settle step is the engine's.

- `duckdb` (default): etl/land.py's `settle`, all in the run's DuckDB connection.
- `spark`: etl/spark_engine.py, the heavy part on Apache Spark. pyspark (and sqlglot) are
  imported only when it is chosen: the default install has no JVM.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable

from newsdash.etl.land import Settle, settle
from newsdash.settings import ConfigError, Settings


def on_duckdb(settings: Settings) -> Settle:
    return settle


def on_spark(settings: Settings) -> Settle:
    if importlib.util.find_spec("pyspark") is None or shutil.which("java") is None:
        raise ConfigError(
            '[etl] engine = "spark" needs pyspark and a Java 17+ runtime on PATH: '
            "pip install 'newsdash[spark]' and a JRE, or use the duckdb engine"
        )
    from newsdash.etl.spark_engine import settle_on_spark

    return settle_on_spark(settings)


ENGINES: dict[str, Callable[[Settings], Settle]] = {"duckdb": on_duckdb, "spark": on_spark}


def settle_for(settings: Settings) -> Settle:
    """The settle step of the engine the settings name."""
    return ENGINES[settings.engine](settings)

"""For the tests that run Apache Spark (issue 16): why they cannot run here, and one local
session per test module.

Locally a machine without Java or without the `spark` extra skips them with a one-line reason.
CI sets `NEWSDASH_REQUIRE_SPARK=1` (.ci/run installs the JRE and the extra): there a missing
piece fails the test instead, so the equivalence of the engines is never silently unchecked.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

REQUIRE = "NEWSDASH_REQUIRE_SPARK"


def spark_missing() -> str | None:
    """Why Spark cannot run here (one line), or None when it can."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install -e '.[spark]')"
    if shutil.which("java") is None:
        return "no java on PATH (Debian: apt-get install openjdk-17-jre-headless)"
    return None


def skip_module_without_spark() -> None:
    """At the top of a Spark test module: skip it, saying why, where Spark cannot run, unless
    the environment requires Spark (CI): then `fail_without_spark` fails each of its tests."""
    reason = spark_missing()
    if reason is not None and os.environ.get(REQUIRE) != "1":
        pytest.skip(reason, allow_module_level=True)


def fail_without_spark() -> None:
    """In the fixture that starts Spark: where Spark is required and cannot run, fail."""
    if reason := spark_missing():
        pytest.fail(f"{REQUIRE}=1 but {reason}", pytrace=False)

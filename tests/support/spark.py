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


def require_spark() -> None:
    """At the top of a Spark test module: skip it, saying why, where Spark cannot run, or fail
    it where the environment requires Spark (CI)."""
    reason = spark_missing()
    if reason is None:
        return
    if os.environ.get(REQUIRE) == "1":
        pytest.fail(f"{REQUIRE}=1 but {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)

"""Fixtures shared by the tests, and the suite's clock. Helpers live in tests/support/ (a
package, imported as `tests.support.*`): small hand-built inputs (`inputs`), the sample warehouse
(`sample`), operations (`ops`), the browser harness (`browser`) and the hostile warehouse
(`hostile`).

No test reads the wall clock: `pytest_configure` fixes `NEWSDASH_NOW` (the product's one clock,
`newsdash.clock`) for this process and every process a test starts, so "now" cannot turn an
hour, a site day or a week between two reads. A test of such a turn sets the clock on both
sides. `NEWSDASH_TEST_NOW` moves the whole suite to another instant (the CI guard uses it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from newsdash import clock
from newsdash.settings import Settings
from tests.support.browser import CHROMIUM, FLAGS, chromium_missing
from tests.support.sample import sample_settings

SUITE_NOW = "2026-11-18T05:30:00Z"  # a Wednesday, 14:30 in Seoul: mid-hour, mid-day, mid-week

# The modules of 90 s or more in a serial run (junit times, 2026-12-04: 3,600 s in all under a
# load of 10-26), longest first. They start first, so that on two workers (`make test`:
# --dist loadfile, --no-loadscope-reorder) no long module starts near the end and leaves the
# other worker idle. A module that grows past 90 s belongs here.
LONG_MODULES = (
    "test_security_browser.py",  # 397 s
    "test_ops_kill.py",  # 293 s
    "test_ops_failed_files.py",  # 245 s
    "test_browser.py",  # 235 s
    "test_ops_faults.py",  # 142 s
    "test_i18n_browser.py",  # 137 s
    "test_spark_equivalence.py",  # 133 s
    "test_ops_dashboard_during_etl.py",  # 122 s
    "test_ops_retention.py",  # 110 s
    "test_ops_status.py",  # 109 s
    "test_rankings.py",  # 102 s
    "test_digest_alerts.py",  # 94 s
    "test_ops_backup.py",  # 93 s
    "test_wheel.py",  # 91 s, most of it waiting on pip and the package index
)


# Hypothesis examples are not timed: on a shared 2-core machine one example can take seconds,
# and a deadline would fail a correct test at random.
hypothesis_settings.register_profile("newsdash", deadline=None)
hypothesis_settings.load_profile("newsdash")


def pytest_configure(config):
    os.environ[clock.ENV] = os.environ.get("NEWSDASH_TEST_NOW") or SUITE_NOW
    # The dashboard's language when neither ?lang= nor the browser names one (the shipped
    # default is Korean): the tests written against English labels read English; the tests
    # of the Korean dashboard ask for it with ?lang=ko (tests/test_i18n*.py).
    os.environ["NEWSDASH_LANGUAGE"] = "en"


def pytest_collection_modifyitems(items):
    """The long modules first (in the order of LONG_MODULES), the others as collected."""
    rank = {name: i for i, name in enumerate(LONG_MODULES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def now():
    """The instant every part of the product under test takes as "now"."""
    return clock.now()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """An empty warehouse in a temporary folder, no export after a run."""
    return Settings(
        db=tmp_path / "warehouse" / "nd.duckdb",
        inbox=tmp_path / "inbox",
        export_dir=tmp_path / "exports",
        export_after_etl=False,
    )


@pytest.fixture(scope="session")
def sample() -> Settings:
    """The bundled sample data loaded by the real ETL, once per session; read it, never write."""
    return sample_settings()


@pytest.fixture(scope="module")
def browser():
    """Headless chromium (Debian's, through Playwright) for one test module."""
    if reason := chromium_missing():
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()

"""Fixtures shared by the tests. Helpers live in tests/support/ (a package, imported as
`tests.support.*`): small hand-built inputs (`inputs`), the sample warehouse (`sample`),
operations (`ops`), the browser harness (`browser`) and the hostile warehouse (`hostile`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdash.settings import Settings
from tests.support.browser import CHROMIUM, FLAGS, chromium_missing
from tests.support.sample import sample_settings


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

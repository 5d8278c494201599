"""The package's layers hold: no import runs upward (the import-linter contract in
pyproject.toml), one module opens DuckDB, and the page scripts are not where Streamlit would run
them without the entrypoint's sign-in gate.

import-linter reads a package from its folder, and newsdash is spread over several folders
mapped into it (pyproject's package-dir), so the check runs on a copy laid out as the wheel
lays it out.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support.sample import PAGES

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
PACKAGE_DIRS = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["package-dir"]


def wheel_layout(dest: Path) -> Path:
    """Copy every module of newsdash to `dest`/newsdash/..., where the wheel puts it."""
    for package, folder in PACKAGE_DIRS.items():
        target = dest / package.replace(".", "/")
        for source in (ROOT / folder).rglob("*.py"):
            relative = source.relative_to(ROOT / folder)
            if "__pycache__" not in relative.parts:
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / relative)
    return dest


def lint_imports(layout: Path) -> subprocess.CompletedProcess:
    command = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"
    return subprocess.run(
        [sys.executable, "-c", command, str(PYPROJECT), "--no-cache"],
        cwd=layout,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(layout)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def package_modules() -> list[Path]:
    return [
        path
        for folder in PACKAGE_DIRS.values()
        for path in (ROOT / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    ]


def test_no_module_imports_a_layer_above_its_own(tmp_path):
    done = lint_imports(wheel_layout(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 kept, 0 broken" in done.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    """The check can fail: the floor's clock importing the load pipeline is reported."""
    layout = wheel_layout(tmp_path)
    clock = layout / "newsdash" / "clock.py"
    clock.write_text(clock.read_text() + "\nfrom newsdash.etl import run  # noqa\n")
    done = lint_imports(layout)
    assert done.returncode != 0
    assert "newsdash.clock -> newsdash.etl.run" in done.stdout


def test_the_layout_copy_holds_every_module():
    copied = {str(p.relative_to(ROOT)) for p in package_modules()}
    assert {"newsdash/commands.py", "etl/run.py", "sql/store.py", "dashboard/app.py"} <= copied
    assert "dashboard/page_scripts/rankings.py" in copied


def duckdb_connects(path: Path) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "connect"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "duckdb"
    ]


def test_only_the_database_door_opens_duckdb():
    opening = {
        str(path.relative_to(ROOT)): lines
        for path in package_modules()
        if (lines := duckdb_connects(path))
    }
    assert list(opening) == ["sql/store.py"]


def test_the_page_scripts_are_not_in_a_folder_named_pages():
    """Streamlit runs `pages/` beside the entrypoint as a legacy multipage app: a page's script
    without the entrypoint, so without the sign-in gate (dashboard/app.py)."""
    assert not (ROOT / "dashboard" / "pages").exists()
    scripts = sorted(p.name for p in (ROOT / "dashboard" / "page_scripts").glob("*.py"))
    listed = (ROOT / "dashboard" / "app.py").read_text()
    pages = [name for name in scripts if name != "__init__.py"]
    assert len(pages) >= 7, scripts
    for name in pages:  # each page runs behind the gate, listed by the entrypoint
        assert f'"page_scripts/{name}"' in listed, name
    assert len(scripts) == len(PAGES) + 1, scripts  # every page of app.py and __init__.py


@pytest.mark.parametrize("name", ["etl", "sql", "dashboard"])
def test_the_folders_are_not_installed_as_top_level_names(name, tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr


def test_tests_import_helpers_from_tests_support_never_from_test_modules():
    """Fixtures come from conftest.py, helpers from tests/support/; a test module imported as
    a top-level name (`from test_browser import ...`) runs twice and hides what it needs."""
    ours = ("tests", "newsdash")
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                top = node.module.split(".")[0]
                local = (ROOT / "tests" / f"{top}.py").exists() or top == "conftest"
                if local or (top.startswith("test_") and top not in ours):
                    found.append(f"{path.relative_to(ROOT)}: from {node.module}")
    assert len(list((ROOT / "tests" / "support").glob("*.py"))) >= 6
    assert found == []

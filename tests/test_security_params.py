"""Links and forms cannot reach the database: hostile query parameters (SQL fragments, unknown
sections, dates in the year 9999, 10,000-character values, markup) on every page give a
notice and the default view, never an exception or an SQL error; and no code formats a value
into SQL text (every query is a file under sql/ with bound $parameters)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.sample import APP, PAGE_FILES, PAGES

ROOT = Path(__file__).resolve().parent.parent
LONG = "x" * 10_000
SQL = "ICT' OR '1'='1' --"
MARKUP = "<img src=x onerror=alert(1)>[a](javascript:alert(1))"
HOSTILE = {  # the sidebar's parameters, shared by every page
    "period": f"Last 7 days'; DROP TABLE events; --{LONG}",
    "grain": "day) UNION SELECT session_id FROM events --",
    "sections": [SQL, MARKUP, LONG],
}
FAR_FUTURE = {"period": "Custom", "dates": ["9999-01-01", "9999-12-31"]}
PAGE_PARAMS = {  # each page's own parameters
    "overview": {},
    "live": {},
    "sections": {"series_of": SQL},
    "rankings": {"asof_day": "9999-12-31", "asof_hour": "'; DELETE FROM hourly; --",
                 "rank_section": SQL, "rank_rows": LONG, "rank_source": SQL},
    "reporters": {"reporter": SQL, "edition": MARKUP},
    "tags": {"tag": LONG, "edition": SQL},
    "channels": {},
    "sources": {},
    "article": {"q": SQL + LONG, "article": "A1' OR '1'='1"},
    "boxes": {},
    "health": {},
}  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def sample_in_the_environment(sample):
    """The app (AppTest) reads the sample warehouse, whatever the environment says."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSDASH_DB", str(sample.db))
        patch.delenv("NEWSDASH_CONFIG", raising=False)
        yield sample


def open_with(page: str, params: dict) -> AppTest:
    """A fresh session opening a link to `page` with `params`."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page == "overview":
        return at
    at.switch_page(PAGE_FILES[page])
    for key, value in params.items():  # the link's values, as on the page's first run
        at.query_params[key] = value
    return at.run()


def notices(at: AppTest) -> list[str]:
    return [w.value for w in [*at.warning, *at.info]]


def assert_default_view(at: AppTest) -> None:
    assert not at.exception, [e.value[:300] for e in at.exception]
    assert not at.error, [e.value[:300] for e in at.error]
    assert at.sidebar.selectbox(key="period").value == "Last 7 days"
    assert at.sidebar.radio(key="grain").value == "day"
    assert at.sidebar.multiselect(key="sections").value == []


@pytest.fixture(scope="module")
def clean_views() -> str:
    return next(m.value for m in open_with("overview", {}).metric if m.label == "Views")


@pytest.mark.parametrize("page", PAGES)
def test_hostile_link_values_give_a_notice_and_the_default_view(page, clean_views):
    at = open_with(page, {**HOSTILE, **PAGE_PARAMS[page]})
    assert_default_view(at)
    shown = notices(at)
    assert any("Unknown period" in n for n in shown) and any("granularity" in n for n in shown)
    assert any("Unknown section(s)" in n for n in shown)
    assert all(len(n) < 1_000 for n in shown), "a long value is cut in the notice"
    from_link = [n for n in shown if "link" in n]
    assert not [n for n in from_link if re.search(r"(?<!\\)[<\[]", n)], "markup is escaped"
    if page == "overview":
        assert next(m.value for m in at.metric if m.label == "Views") == clean_views
    page_checks(page, at)


def page_checks(page: str, at: AppTest) -> None:
    shown = " ".join(notices(at))
    if page == "rankings":
        assert "as-of day '9999-12-31'" in shown and "Unknown hour" in shown
        assert "Unknown section" in shown and "Unknown row count" in shown
        assert "Unknown source group" in shown
        assert at.selectbox(key="rank_source").value == "All sources"
        assert at.selectbox(key="rank_section").value == "All sections"
    elif page == "sections":
        assert "Unknown section" in shown
    elif page in ("reporters", "tags"):  # issue 23: the edition and the reporter or tag
        assert "Unknown edition" in shown and f"Unknown {page[:-1]}" in shown
        assert at.sidebar.radio(key="edition").value == "all"
    elif page == "article":
        assert "cut to its first 200 characters" in shown
        assert "No article with id" in shown or "No article matches" in shown


@pytest.mark.parametrize("page", PAGES)
def test_dates_in_the_year_9999_fall_back_to_the_last_seven_days(page):
    at = open_with(page, FAR_FUTURE)
    assert not at.exception and not at.error
    assert any("outside the loaded data" in n for n in notices(at))
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    assert "showing Last 7 days meanwhile" in sidebar
    if page in ("overview", "sections", "channels"):  # pages headed by the sidebar's period
        assert "(7 days)" in at.caption[0].value


# --- no value is ever formatted into SQL --------------------------------------------------------

QUERY_METHODS = {"execute", "executemany", "sql", "query", "from_query"}


def formatted_sql_calls(path: Path) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line}" for line in formatted_sql_calls_in(path)]


def formatted_sql_calls_in(path: Path) -> list[int]:
    """Lines of calls like con.execute(f"... {x}"), .execute("..." % x), .execute("...".format(x))."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in QUERY_METHODS or not node.args:
            continue
        first = node.args[0]
        built = isinstance(first, ast.JoinedStr | ast.BinOp) or (
            isinstance(first, ast.Call) and getattr(first.func, "attr", "") == "format"
        )
        if built:
            found.append(node.lineno)
    return found


PRODUCT_FOLDERS = ("newsdash", "etl", "sql", "dashboard")  # every folder of the package


def test_no_python_code_formats_values_into_sql():
    files = [p for folder in PRODUCT_FOLDERS for p in (ROOT / folder).rglob("*.py")]
    assert len(files) >= 45, "the product's modules, page scripts included"
    assert (ROOT / "dashboard" / "page_scripts" / "rankings.py") in files
    assert [hit for path in files for hit in formatted_sql_calls(path)] == []


def placeholders(path: Path) -> list[str]:
    """Anything that looks like a value formatted into the query text, comments left out."""
    text = "\n".join(line.split("--", 1)[0] for line in path.read_text().splitlines())
    return re.findall(r"\{[a-z_]*\}|%\(|%s\b|\?", text)


def test_dashboard_and_ranking_queries_take_values_only_as_bound_parameters():
    files = sorted([*(ROOT / "sql" / "dash").glob("*.sql"), *(ROOT / "sql" / "rank").glob("*.sql")])
    assert len(files) >= 25, "the dashboard's and the rankings' query files"
    assert {path.name: found for path in files if (found := placeholders(path))} == {}


def test_a_formatted_value_would_be_found(tmp_path):
    """The two checks above can fail."""
    query = tmp_path / "q.sql"
    query.write_text("SELECT * FROM hourly WHERE section = '{section}' -- {fine in a comment}\n")
    code = tmp_path / "m.py"
    code.write_text('con.execute(f"SELECT * FROM t WHERE id = {value}")\n')
    assert placeholders(query) == ["{section}"]
    assert len(formatted_sql_calls_in(code)) == 1

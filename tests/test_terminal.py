"""Text from outside never drives the operator's terminal."""

import subprocess
import sys

from newsdash.terminal import printable
from tests.support.inputs import event, write_jsonl


def test_escape_and_bidi_characters_are_shown_not_obeyed():
    assert printable("a\x1b[31mred\u202e") == "a\\x1b[31mred\\u202e"


def test_korean_text_and_spaces_stay_as_they_are():
    assert printable("블랙핑크 신곡 1위") == "블랙핑크 신곡 1위"


def test_etl_summary_prints_a_hostile_event_type_as_escapes(tmp_path):
    f = write_jsonl(tmp_path / "e.jsonl", [event("a", kind="\x1b[2Jboom")])
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsdash",
            "etl",
            "--events",
            str(f),
            "--db",
            str(tmp_path / "nd.duckdb"),
            "--no-export",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "\x1b" not in run.stderr and "\\x1b[2jboom" in run.stderr  # event types are lower-cased

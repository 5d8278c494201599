"""The benchmark is not part of the test suite: pytest collects nothing here, even when asked."""

collect_ignore_glob = ["*.py"]

"""Tests of newsdash: a package, so that helpers are imported as `tests.support.*`."""

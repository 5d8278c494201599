"""Helpers for the tests (not tests themselves): see tests/conftest.py for the fixtures."""

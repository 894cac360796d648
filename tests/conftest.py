"""Shared pytest configuration."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "slow: builds and installs the wheel (network, minutes); deselect with -m 'not slow'"
    )

"""vfr-lint: a linter for Swedish council meeting minutes."""

__version__ = "0.1.0"

#!/usr/bin/env bash
# The whole test suite, in the project's own virtual environment (.venv, created and
# filled from pyproject.toml's dev extras on first use). Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  # pytest's "no tests collected" (e.g. a -k that matches nothing) is not a failure.
  echo "pytest collected no tests"
  exit 0
fi
exit "$status"

#!/usr/bin/env bash
# Install the peer linters the benchmark compares vfr-lint with, into bench/peers/
# (gitignored): textlint + textlint-rule-no-todo from npm, proselint and yamllint
# from PyPI in a separate venv, so they never touch the project's environment.
#
#   bash bench/setup_peers.sh          # idempotent; re-run to update
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
peers="$here/peers"
mkdir -p "$peers"

if command -v npm >/dev/null 2>&1; then
  cd "$peers"
  [ -f package.json ] || printf '{\n  "name": "vfr-lint-bench-peers",\n  "private": true\n}\n' > package.json
  npm install --no-audit --no-fund --loglevel=error textlint textlint-rule-no-todo
  printf '{\n  "rules": {\n    "no-todo": true\n  }\n}\n' > .textlintrc.json
  echo "textlint: $("$peers/node_modules/.bin/textlint" --version)"
else
  echo "npm not found: textlint skipped" >&2
fi

py="${PYTHON:-python3}"
if [ ! -x "$peers/venv/bin/python" ]; then
  "$py" -m venv "$peers/venv"
fi
"$peers/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade proselint yamllint
echo "proselint: $("$peers/venv/bin/proselint" version 2>&1 | head -1)"
echo "yamllint: $("$peers/venv/bin/yamllint" --version)"

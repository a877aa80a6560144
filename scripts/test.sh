#!/usr/bin/env bash
# Set up (test tools, Debian chromium) and run the whole test suite (arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest -q --durations=15 "$@"

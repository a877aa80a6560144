#!/usr/bin/env bash
# Set up and build the atlas into output/ (arguments go to build_maps.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python build_maps.py "$@"

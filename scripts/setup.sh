#!/usr/bin/env bash
# Set up .venv with Pilot Atlas installed (editable). Usage: scripts/setup.sh [--test]
#   --test  also install the test tools and Debian's chromium + CJK fonts (as root, via apt-get)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -e '.[test]'
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
    if [ "$(id -u)" = 0 ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
        || echo "setup: could not install chromium; browser tests will be skipped" >&2
    else
      echo "setup: not root, so Debian chromium was not installed; browser tests will be skipped" >&2
    fi
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi

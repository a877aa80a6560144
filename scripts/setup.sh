#!/usr/bin/env bash
# Set up .venv with Pilot Atlas installed (editable), and the CJK fonts its images need.
# Usage: scripts/setup.sh [--test]
#   --test  also install the test tools and Debian's chromium (as root, via apt-get)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
packages=()
if ! fc-list 2>/dev/null | grep -qi "noto sans cjk"; then
  packages+=(fonts-noto-cjk)  # Chinese text in static maps and charts (else it shows as boxes)
fi
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'
  [ -x /usr/bin/chromium ] || packages+=(chromium)
else
  .venv/bin/python -m pip install --quiet -c constraints.txt -e .
fi
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null) \
      || echo "setup: could not install ${packages[*]} (browser tests are skipped without chromium; images need the fonts)" >&2
  else
    echo "setup: not root, so ${packages[*]} were not installed (browser tests are skipped without chromium;" \
         "Chinese text in images needs fonts-noto-cjk)" >&2
  fi
fi

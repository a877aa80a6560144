#!/usr/bin/env bash
# Every benchmark, one after the other: bash benchmarks/run_all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
echo "machine: $(nproc) cores, $(free -g | awk "/Mem:/ {print \$2}") GB, $(uname -sr); $($PY --version)"
$PY -c "import cpca" 2>/dev/null || $PY -m pip install --quiet cpca==0.5.5  # the geocoding comparison
echo "== start-up (one-row commands)"; $PY benchmarks/bench_startup.py
echo "== cold start: preparation of boundaries and gazetteer with an empty cache, and a cold build"; $PY benchmarks/bench_cold.py
echo "== build (cold, forced, unchanged, incremental, 50 documents)"; $PY benchmarks/bench_build.py
echo "== static images of a build drawn in one process (CPU, PNG and SVG bytes)"; $PY benchmarks/bench_static_images.py --out "$(mktemp -d)"
echo "== pages: bytes and draw time in headless Chromium, vs explore() on simplified and full layers"; $PY benchmarks/bench_pages.py
echo "== extraction per document; reading speed"; $PY benchmarks/bench_extraction.py
echo "== mention recall and precision on ../shared/corpus"; $PY benchmarks/bench_corpus.py
echo "== a 500-page PDF"; $PY benchmarks/bench_pdf.py
echo "== geocoding: distinct names, vs warm cpca"; $PY benchmarks/bench_geocode.py
echo "== point-in-polygon: vs geopandas.sjoin with parents"; $PY benchmarks/bench_join.py

#!/usr/bin/env bash
# Every benchmark, one after the other: bash benchmarks/run_all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
$PY -c "import cpca" 2>/dev/null || $PY -m pip install --quiet cpca  # the geocoding comparison
echo "== build (cold, warm, unchanged; page sizes and draw times)"; $PY benchmarks/bench_build.py
echo "== extraction per document"; $PY benchmarks/bench_extraction.py
echo "== mention recall and precision on ../shared/corpus"; $PY benchmarks/bench_corpus.py
echo "== a 500-page PDF"; $PY benchmarks/bench_pdf.py
echo "== geocoding vs cpca"; $PY benchmarks/bench_geocode.py 2>/dev/null
echo "== point-in-polygon"; $PY benchmarks/bench_join.py

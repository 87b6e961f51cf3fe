#!/usr/bin/env bash
# The demo: runs the suite over Samples/exports into demo/ (findings.db, report.html) and prints
# a short summary.
# Usage: Pipelines/demo.sh [BIN_DIR]   (BIN_DIR holds the release executables; default .build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n 2,4p "$0" | sed 's/^# //'; exit 0;; esac
bin=${1:-.build/release}
rm -rf demo && mkdir -p demo
"$bin/normalize" --stats Samples/exports/* 2> demo/normalize.log \
  | "$bin/dedupe" --stats 2> demo/dedupe.log \
  | "$bin/sink" --stats sqlite:demo/findings.db html:demo/report.html 2> demo/sink.log
for stage in normalize dedupe sink; do sed "s/^/  /" "demo/$stage.log"; done
python3 - demo/findings.db <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("\nfindings in demo/findings.db by severity:")
for label, count in db.execute("SELECT severity_label, count(*) FROM findings GROUP BY 1 ORDER BY max(severity_normalized) DESC"):
    print(f"  {label or '?':<14}{count:>6}")
PY
echo "report: demo/report.html"

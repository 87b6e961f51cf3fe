#!/usr/bin/env bash
# The demo: runs the suite's stages over Samples/exports into demo/ and prints a summary.
# Usage: Pipelines/demo.sh [BIN_DIR]   (BIN_DIR holds the release executables; default .build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/release}
case "${1:-}" in -h|--help) sed -n 2,3p "$0" | sed 's/^# //'; exit 0;; esac
mkdir -p demo
echo "normalize: Samples/exports/* -> demo/findings.ndjson"
"$bin/normalize" --stats Samples/exports/* > demo/findings.ndjson
echo
echo "findings by severity:"
python3 - demo/findings.ndjson <<'PY'
import collections, json, sys
counts = collections.Counter(json.loads(line)["Severity"].get("Label", "?") for line in open(sys.argv[1]))
for label in ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"]:
    print(f"  {label:<14}{counts.get(label, 0):>6}")
PY

#!/usr/bin/env bash
# The demo (`make demo`): runs Pipelines/exported-logs over Samples/exports with the configs in
# Samples/config into demo/ (findings.db, report.html, plan.ndjson, routes/) and prints a summary.
# Usage: Pipelines/demo.sh [BIN_DIR]   (BIN_DIR holds the executables; default .build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n 2,4p "$0" | sed 's/^# //'; exit 0;; esac
bin=${1:-.build/release}
rm -rf demo
# The scanner reports (Trivy, Grype) and some CLI outputs name no account or region: the
# sample account and region stand in for them.
Pipelines/exported-logs --bin "$bin" --out demo --config Samples/config \
    --account 123456789012 --region us-east-1 Samples/exports
echo "store: demo/findings.db   report: demo/report.html   plan: demo/plan.ndjson   routes: demo/routes/"

#!/usr/bin/env bash
# The scale-out check (`make test-scale`): on the samples (plus a generated corpus with later
# versions of findings), the Spark job in local mode with 2 partitions and the GNU parallel recipe
# must give the same findings as the single-machine pipeline, as sets; the Python identity hash
# must agree with `dedupe --partition-of`; a rerun on the kept per-partition state must pass
# nothing new; and a failing stage must fail the Spark job.
# Usage: scale-out/test-scale.sh [BIN_DIR]   (default .build/debug); python3 must have pyspark.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug}
work=$(mktemp -d "${TMPDIR:-/tmp}/test-scale-XXXXXX")
trap 'rm -rf "$work"' EXIT
now=2026-05-18T00:00:00Z
common=(--account 123456789012 --region us-east-1 --now "$now")
failures=0
check() { if "$@"; then echo "ok: ${label}"; else echo "FAILED: ${label}"; failures=$((failures + 1)); fi; }
logged() { local log=$1; shift; "$@" > "$log" 2>&1 || { tail -20 "$log"; return 1; }; }

python3 Samples/generate_asff.py --count 2000 --seed 11 --repeat 0.3 > "$work/corpus.ndjson"
inputs=(Samples/exports "$work/corpus.ndjson")

label="the single-machine pipeline (exported-logs) runs"
check Pipelines/exported-logs --bin "$bin" -q --out "$work/single" "${common[@]}" \
    --sink "file:$work/single/stream/findings.ndjson" "${inputs[@]}"

label="the Python identity hash agrees with dedupe --partition-of"
find Samples/exports -type f ! -name '.*' -print0 | sort -z \
    | xargs -0 "$bin/normalize" --account 123456789012 --region us-east-1 "$work/corpus.ndjson" > "$work/normalized.ndjson" 2>/dev/null
check cmp -s <("$bin/dedupe" --partition-of 2 < "$work/normalized.ndjson") <(python3 scale-out/stablehash.py 2 < "$work/normalized.ndjson")

label="the Spark job runs in local mode with 2 partitions"
check logged "$work/spark.log" python3 scale-out/spark/findings_job.py --bin "$bin" --partitions 2 --out "$work/spark" \
    --state-dir "$work/spark-state" "${common[@]}" "${inputs[@]}"
label="Spark wrote one output file and one dedupe state per partition"
check test -f "$work/spark/findings/part-00000" -a -f "$work/spark/findings/part-00001" \
    -a -f "$work/spark-state/partition-0/dedupe.db" -a -f "$work/spark-state/partition-1/dedupe.db"
label="each partition holds only its own identities"
check python3 - "$work/spark/findings" <<'PY'
import os, sys
sys.path.insert(0, "scale-out")
import stablehash
root = sys.argv[1]
for name in ("part-00000", "part-00001"):
    expected = int(name[-1])
    with open(os.path.join(root, name)) as lines:
        assert all(stablehash.partition_of(l, 2) == expected for l in lines if l.strip()), name
PY
label="Spark gives the single-machine pipeline's findings"
check python3 scale-out/compare_findings.py --ignore Note.UpdatedAt "$work/single/stream" "$work/spark/findings"

label="a Spark rerun on the kept state passes nothing new"
check logged "$work/spark-rerun.log" python3 scale-out/spark/findings_job.py --bin "$bin" --partitions 2 --out "$work/spark-rerun" \
    --state-dir "$work/spark-state" "${common[@]}" "${inputs[@]}"
label="  ... and its output is empty"
check test -z "$(cat "$work"/spark-rerun/findings/part-*)"

label="a failing stage fails the Spark job"
mkdir -p "$work/bad-config"
cp Samples/config/* "$work/bad-config/"
printf 'Rules:\n  - Name: broken\n    EventPattern: {"Severity": {"Label": [{"prefix": 5}]}}\n' > "$work/bad-config/routes.yaml"
status=0
python3 scale-out/spark/findings_job.py --bin "$bin" --partitions 2 --out "$work/spark-bad" --config "$work/bad-config" \
    --state-dir "$work/spark-bad-state" "${common[@]}" "${inputs[@]}" > "$work/spark-bad.log" 2>&1 || status=$?
check test "$status" -ne 0
label="  ... through RDD.pipe's checkCode, with route's status 2"
check grep -q "exited with error code 2" "$work/spark-bad.log"

label="the GNU parallel recipe gives the same findings"
check logged "$work/parallel.log" scale-out/parallel --bin "$bin" --partitions 3 --out "$work/parallel" \
    --state-dir "$work/parallel-state" "${common[@]}" "${inputs[@]}"
label="  ... as a stream"
check python3 scale-out/compare_findings.py --ignore Note.UpdatedAt "$work/single/stream" "$work/parallel/findings.ndjson"
label="  ... and in its merged store"
check python3 scale-out/compare_findings.py --ignore Note.UpdatedAt "$work/single/findings.db" "$work/parallel/findings.db"

if [ "$failures" -gt 0 ]; then echo "test-scale: $failures check(s) failed"; exit 1; fi
echo "test-scale: all checks passed"

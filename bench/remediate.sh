#!/usr/bin/env bash
# remediate benchmark: plan mode with the built-in playbook library over generated ASFF
# findings (plan records to /dev/null), against jq doing a simpler version of the same job
# (eligibility, control-id lookup, Workflow.Status and Note edits; no patterns, no argv, no
# identifier checks, no plan records). Medians of $RUNS runs; jq runs on a slice of the corpus
# (its MB/s is a rate, so the slice only saves time).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=${1:-.build/release}
count=${BENCH_FINDINGS:-1000000}
slice=${BENCH_JQ_FINDINGS:-100000}
mkdir -p bench/out
corpus=bench/out/asff-$count.ndjson
[ -s "$corpus" ] || python3 Samples/generate_asff.py --count "$count" --seed 7 > "$corpus"
head -n "$slice" "$corpus" > bench/out/remediate-jq-slice.ndjson
bytes=$(stat -c %s "$corpus")
lines=$(wc -l < "$corpus")
slice_bytes=$(stat -c %s bench/out/remediate-jq-slice.ndjson)
vars="--var automation-role=arn:aws:iam::123456789012:role/Remediation --var isolation-security-group=sg-0123abcd --var cloudtrail-kms-key=1234abcd-12ab-34cd-56ef-1234567890ab"
controls=$("$bin/remediate" --list | grep -o '"SecurityControlId":\[[^]]*\]' | grep -o '"[A-Za-z0-9]*\.[0-9]*"' | sort -u | paste -sd, -)
jq_program='def ctl: (.Compliance.SecurityControlId // .ProductFields.ControlId);
if ((.RecordState // "ACTIVE") == "ACTIVE") and ((.Workflow.Status // "NEW") | IN("SUPPRESSED", "RESOLVED") | not)
   and .Compliance.Status == "FAILED" and (ctl | IN('"$controls"'))
then .Workflow.Status = "NOTIFIED" | .Note = {Text: ("remediate: planned " + ctl), UpdatedBy: "remediate", UpdatedAt: "2026-01-01T00:00:00Z"}
else . end'

# median_cpu_seconds CMD: median user+system CPU time of CMD over $RUNS runs. On a shared machine
# the wall time includes waiting for a core; the CPU time is what the tool itself costs.
median_cpu_seconds() {
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%U %S" bash -c "$1" 2>&1 > /dev/null | tail -n 1 | awk '{print $1 + $2}'
  done | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$bin/remediate" $vars --stats --plan /dev/null "$corpus" 2>&1 > /dev/null | sed -n 's/^remediate: stats: /  counts: /p'
echo "remediate plan mode: $lines ASFF findings, $((bytes / 1048576)) MiB, built-in library ($("$bin/remediate" --list | tail -n +2 | wc -l) playbooks), median of $RUNS runs"
tool=$(median_seconds "$bin/remediate $vars --plan /dev/null $corpus")
row "remediate (plan, plan records to /dev/null)" "$bytes" "$lines" "$tool" "$tool"
row "remediate (plan; CPU time, not wall)" "$bytes" "$lines" "$(median_cpu_seconds "$bin/remediate $vars --plan /dev/null $corpus")" "$tool"
row "remediate (plan, no --plan file)" "$bytes" "$lines" "$(median_seconds "$bin/remediate $vars $corpus")" "$tool"
row "cat > /dev/null" "$bytes" "$lines" "$(median_seconds "cat $corpus")" "$tool"
jq_seconds=$(RUNS=3 median_seconds "jq -c '$jq_program' bench/out/remediate-jq-slice.ndjson")
jq_scaled=$(awk -v s="$jq_seconds" -v b="$bytes" -v sb="$slice_bytes" 'BEGIN {print s * b / sb}')
row "jq (controls only; $slice-finding slice)" "$bytes" "$lines" "$jq_scaled" "$tool"

#!/usr/bin/env bash
# Benchmark of `sink`: to SQLite, to gzip files, every text format to stdout, and jq making
# the Splunk HEC envelope as the baseline, on the same generated corpus in the same run.
# Usage: bench/sink.sh [BIN_DIR]   (default .build/release; build with swift build -c release --product sink)
set -euo pipefail

bin=${1:-.build/release}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
runs=${RUNS:-3}
count=${COUNT:-40000}
mkdir -p "$out"
corpus=$out/sink-findings-$count.ndjson
if [[ ! -s $corpus ]]; then
    if [[ -f $here/../Samples/generate_asff.py ]]; then
        python3 "$here/../Samples/generate_asff.py" --count "$count" --seed 7 > "$corpus"
    else
        python3 "$here/sink-corpus.py" "$count" 7 > "$corpus"
    fi
fi
bytes=$(stat -c %s "$corpus")
records=$(wc -l < "$corpus")
sink=$bin/sink
[[ -x $sink ]] || { echo "no $sink; run: swift build -c release --product sink" >&2; exit 2; }

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# measure NAME SETUP COMMAND...: runs COMMAND (stdin = corpus, stdout = /dev/null) $runs times
# after SETUP (a shell snippet run before each); records wall and CPU (user+sys) seconds.
declare -A wall cpu
measure() {
    local name=$1 setup=$2; shift 2
    local walls=() cpus=()
    for ((i = 0; i < runs; i++)); do
        eval "$setup"
        /usr/bin/time -o "$out/sink-time" -f '%e %U %S' "$@" < "$corpus" > /dev/null 2> "$out/sink-stderr" \
            || { echo "$name failed:" >&2; cat "$out/sink-stderr" >&2; exit 1; }
        read -r w u s < "$out/sink-time"
        walls+=("$w")
        cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')")
    done
    wall[$name]=$(printf '%s\n' "${walls[@]}" | median)
    cpu[$name]=$(printf '%s\n' "${cpus[@]}" | median)
    order+=("$name")
}
order=()

jq_filter='{time: (.UpdatedAt | sub("\\.[0-9]+Z$"; "Z") | fromdate), host: "bench", source: .ProductArn,
            sourcetype: "aws:securityhub:finding", fields: {AwsAccountId, Region}, event: .}'
measure "jq HEC envelope (baseline)" ":" jq -c "$jq_filter"
measure "sqlite store" "rm -f $out/sink-bench.db $out/sink-bench.db-journal $out/sink-bench.db-wal $out/sink-bench.db-shm" \
    "$sink" --batch-size 5000 "sqlite:$out/sink-bench.db"
measure "file gzip" "rm -rf $out/sink-files" \
    "$sink" --batch-size 5000 "file:$out/sink-files/{Region}/{UpdatedAt:%Y/%m}/findings.ndjson.gz"
for format in asff ocsf splunk-hec elastic-bulk cef syslog csv securityhub-batch webhook; do
    measure "stdout $format" ":" "$sink" --batch-size 5000 --format "$format" -
done

base=${wall["jq HEC envelope (baseline)"]}
printf '\ncorpus: %s findings, %.1f MB; %s runs each, medians; CPU = user + sys seconds\n\n' "$records" "$(awk -v b="$bytes" 'BEGIN {print b / 1e6}')" "$runs"
printf '%-28s %9s %10s %12s %12s %10s\n' "case" "wall s" "MB/s" "findings/s" "MB/s of CPU" "vs jq"
for name in "${order[@]}"; do
    awk -v n="$name" -v w="${wall[$name]}" -v c="${cpu[$name]}" -v b="$bytes" -v r="$records" -v base="$base" \
        'BEGIN {printf "%-28s %9.2f %10.1f %12.0f %12.1f %9.1fx\n", n, w, b / 1e6 / w, r / w, b / 1e6 / c, base / w}'
done
rm -rf "$out/sink-files" "$out/sink-bench.db" "$out/sink-bench.db-journal" "$out/sink-bench.db-wal" "$out/sink-bench.db-shm" "$out/sink-stderr" "$out/sink-time"

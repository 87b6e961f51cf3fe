#!/usr/bin/env bash
# Benchmark of dedupe: 1,000,000 ASFF findings (30% repeats), in memory and with --state on a
# warm 1M-key state file, beside jq|sort -u and awk '!seen[$0]++' over the same corpus, same run.
# Usage: bench/dedupe.sh [RELEASE_BIN_DIR]   (default .build/release)
# Environment: DEDUPE_BENCH_COUNT (default 1000000), DEDUPE_BENCH_RUNS (default 3).
set -euo pipefail

bin_dir=${1:-.build/release}
dedupe="$bin_dir/dedupe"
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
count=${DEDUPE_BENCH_COUNT:-1000000}
runs=${DEDUPE_BENCH_RUNS:-3}
mkdir -p "$out"
[ -x "$dedupe" ] || { echo "dedupe.sh: $dedupe not found; run 'swift build -c release --product dedupe'" >&2; exit 2; }
command -v jq >/dev/null || { echo "dedupe.sh: jq is needed for the baselines" >&2; exit 2; }

corpus="$out/dedupe-corpus-$count.ndjson"
warm_corpus="$out/dedupe-warm-$count.ndjson"
warm_state="$out/dedupe-warm-$count.db"
keys="$out/dedupe-keys-$count.txt"

if [ ! -s "$corpus" ]; then
    echo "generating $corpus ..." >&2
    python3 "$here/dedupe-corpus.py" --count "$count" --repeat-percent 30 --version 1 --seed 1 > "$corpus.tmp"
    mv "$corpus.tmp" "$corpus"
fi
if [ ! -s "$warm_corpus" ]; then
    echo "generating $warm_corpus (every identity once, older versions) ..." >&2
    python3 "$here/dedupe-corpus.py" --count "$count" --repeat-percent 0 --version 0 --seed 1 > "$warm_corpus.tmp"
    mv "$warm_corpus.tmp" "$warm_corpus"
fi
if [ ! -s "$warm_state" ]; then
    echo "building the warm state $warm_state ..." >&2
    rm -f "$warm_state" "$warm_state-wal" "$warm_state-shm"
    "$dedupe" --state "$warm_state" --no-progress "$warm_corpus" > /dev/null
    "$dedupe" --state "$warm_state" --compact
fi
if [ ! -s "$keys" ]; then
    jq -r '.ProductArn + " " + .Id' "$corpus" > "$keys.tmp"
    mv "$keys.tmp" "$keys"
fi

bytes=$(stat -c %s "$corpus")
key_bytes=$(stat -c %s "$keys")
records=$(wc -l < "$corpus")
peak_note="peak RSS from /usr/bin/time -v"
[ -x /usr/bin/time ] || peak_note="peak RSS from dedupe --stats (getrusage); baselines without"

# measure NAME INPUT_BYTES COMMAND...: runs the command $runs times; records "seconds peak_kb" per run.
declare -A medians peaks inputs cpus
measure() {
    local name=$1 input_bytes=$2; shift 2
    local times=() rss=() cpu=()
    for ((i = 1; i <= runs; i++)); do
        [ -n "${before_each:-}" ] && eval "$before_each"
        local start end kb=0
        if [ -x /usr/bin/time ]; then
            start=$(date +%s.%N)
            /usr/bin/time -v -o "$out/time.txt" "$@" > /dev/null 2> "$out/stderr.txt"
            end=$(date +%s.%N)
            kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
            cpu+=("$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.3f", u + s}' "$out/time.txt")")
        else
            start=$(date +%s.%N)
            "$@" > /dev/null 2> "$out/stderr.txt"
            end=$(date +%s.%N)
            kb=$(grep -o 'peak-rss-kb=[0-9]*' "$out/stderr.txt" | cut -d= -f2 || echo 0)
        fi
        times+=("$(awk -v a="$end" -v b="$start" 'BEGIN { printf "%.3f", a - b }')")
        rss+=("${kb:-0}")
        [ ${#cpu[@]} -eq ${#times[@]} ] || cpu+=("${times[-1]}")
        echo "  $name run $i: ${times[-1]} s, CPU ${cpu[-1]} s, peak ${rss[-1]} KB" >&2
    done
    medians[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    peaks[$name]=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
    cpus[$name]=$(printf '%s\n' "${cpu[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    inputs[$name]=$input_bytes
}

echo "corpus: $records findings, $bytes bytes; $runs runs each; $peak_note" >&2
before_each=""
measure "dedupe (memory)" "$bytes" "$dedupe" --no-progress --stats "$corpus"
grep 'stats:' "$out/stderr.txt" >&2 || true
before_each='cp "$warm_state" "$out/run.db"; rm -f "$out/run.db-wal" "$out/run.db-shm"'
state_name="dedupe --state (warm $(wc -l < "$warm_corpus") keys)"
measure "$state_name" "$bytes" "$dedupe" --no-progress --stats --state "$out/run.db" "$corpus"
grep 'stats:' "$out/stderr.txt" >&2 || true
before_each=""
measure "jq -c '{k:(.ProductArn+.Id)}' | sort -u" "$bytes" \
    bash -c 'jq -c "{k:(.ProductArn+.Id)}" "$1" | LC_ALL=C sort -u' _ "$corpus"
measure "awk '!seen[\$0]++' (extracted keys)" "$key_bytes" awk '!seen[$0]++' "$keys"

baseline="jq -c '{k:(.ProductArn+.Id)}' | sort -u"
printf '\n%-40s %9s %8s %11s %9s %12s %8s %10s\n' "tool" "median s" "MB/s" "findings/s" "CPU s" "MB/CPU-s" "peak MB" "vs jq|sort"
for name in "dedupe (memory)" "$state_name" "$baseline" "awk '!seen[\$0]++' (extracted keys)"; do
    awk -v n="$name" -v s="${medians[$name]}" -v b="${inputs[$name]}" -v r="$records" -v kb="${peaks[$name]}" \
        -v base="${medians[$baseline]}" -v c="${cpus[$name]}" \
        'BEGIN { if (c <= 0) c = s; printf "%-40s %9.2f %8.1f %11.0f %9.2f %12.1f %8.1f %9.1fx\n", n, s, b / s / 1e6, r / s, c, b / c / 1e6, kb / 1024, base / s }'
done
echo "(MB/s counts each tool's own input: the corpus, or for awk the extracted key lines, $key_bytes bytes;"
echo " CPU s = user + system time, MB/CPU-s the throughput a core would give when the machine is shared; load: $(cut -d' ' -f1-3 /proc/loadavg))"

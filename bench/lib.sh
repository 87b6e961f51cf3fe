# Shared helpers for the benchmark scripts: timing with medians, and the table.
# shellcheck shell=bash

RUNS=${RUNS:-5}

# median_seconds CMD...: runs CMD (a string for bash -c) $RUNS times, prints the median wall time.
median_seconds() {
  local times=() start end
  for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    bash -c "$1" > /dev/null
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# row NAME BYTES RECORDS SECONDS REFERENCE_SECONDS: one table line with MB/s, records/s and the
# ratio of this row's speed to the reference (the tool under test).
row() {
  awk -v n="$1" -v b="$2" -v r="$3" -v s="$4" -v ref="$5" \
    'BEGIN {printf "  %-44s %9.1f MB/s %12.0f rec/s   x%6.2f vs tool\n", n, b/s/1e6, r/s, ref/s}'
}

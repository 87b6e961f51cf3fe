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

# median: the median of the numbers on stdin (the lower middle for an even count).
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# timed_run INPUT CMD...: one run of CMD with INPUT on stdin and its output discarded; prints
# "WALL CPU" seconds (CPU = user + system, which stays meaningful when other work shares the machine).
timed_run() {
  local input=$1 times
  shift
  times=$(mktemp)
  /usr/bin/time -f '%e %U %S' -o "$times" "$@" < "$input" > /dev/null
  awk '{ printf "%s %.3f\n", $1, $2 + $3 }' "$times"
  rm -f "$times"
}

# median_run INPUT CMD...: medians of wall and CPU seconds over $RUNS runs, as "WALL CPU".
median_run() {
  local runs
  runs=$(for _ in $(seq "$RUNS"); do timed_run "$@"; done)
  echo "$(cut -d' ' -f1 <<< "$runs" | median) $(cut -d' ' -f2 <<< "$runs" | median)"
}

# rate A B: A / B with two decimals.
rate() { echo "scale=2; $1 / $2" | bc -l; }

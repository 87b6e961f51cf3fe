#!/usr/bin/env bash
# enrich benchmark: findings enriched with 10,000 accounts, 1,000,000 assets, a full-size KEV
# catalogue (1,200 entries), 250,000 EPSS rows and a 5,000-block IP list; start-up time with those
# inventories; `enrich --score` on 1,000,000 CVSS 3.1 and 4.0 vectors; jq and the Python `cvss`
# package as baselines. Medians of $RUNS runs (3 for the long ones), wall time and CPU time (user +
# sys: on a shared machine the wall time includes waiting for a core).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=${1:-.build/release}
count=${BENCH_FINDINGS:-100000}
out=bench/out
mkdir -p "$out"
corpus=$out/asff-$count.ndjson
[ -s "$corpus" ] || python3 Samples/generate_asff.py --count "$count" --seed 7 > "$corpus"
[ -s "$out/vectors-v40.txt" ] && [ -s "$out/assets.csv" ] || python3 bench/enrich_corpus.py "$corpus" "$out"
python=${PYTHON:-python3}
[ -x .venv/bin/python3 ] && python=.venv/bin/python3
bytes=$(stat -c %s "$corpus")
lines=$(wc -l < "$corpus")
inventories="--accounts $out/accounts.json --account-map $out/account-map.csv --asset-map $out/assets.csv --kev $out/kev.json --epss $out/epss.csv.gz --bad-ips $out/bad-ips.txt"

# median_cpu CMD: median user+sys seconds of $RUNS runs of CMD.
median_cpu() {
  local times=() record
  record=$(mktemp)
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -o "$record" -f '%U %S' bash -c "$1" > /dev/null 2>&1
    times+=("$(tail -1 "$record" | awk '{print $1 + $2}')")
  done
  rm -f "$record"
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

echo "enrich: $lines ASFF findings, $((bytes / 1048576)) MiB; inventories: $(wc -l < "$out/account-map.csv") account-map rows + list-accounts," \
  "$(($(wc -l < "$out/assets.csv") - 1)) assets, KEV $(grep -c '"cveID"' "$out/kev.json"), EPSS $(zcat "$out/epss.csv.gz" | tail -n +3 | wc -l) rows"
echo "  load: $("$bin/enrich" --stats $inventories < /dev/null 2>&1 | grep loaded | sed 's/^enrich: //')"
RUNS=3
startup=$(median_seconds "$bin/enrich $inventories < /dev/null")
startup_cpu=$(median_cpu "$bin/enrich $inventories < /dev/null")
printf '  %-44s %9.3f s wall %9.3f s CPU\n' "start-up with every inventory (no input)" "$startup" "$startup_cpu"
total=$(median_seconds "$bin/enrich $inventories $corpus")
total_cpu=$(median_cpu "$bin/enrich $inventories $corpus")
stream=$(awk -v a="$total" -v b="$startup" 'BEGIN {print a - b}')
stream_cpu=$(awk -v a="$total_cpu" -v b="$startup_cpu" 'BEGIN {print a - b}')
row "enrich, every inventory (wall, with start-up)" "$bytes" "$lines" "$total" "$total"
row "enrich, every inventory (wall, stream only)" "$bytes" "$lines" "$stream" "$total"
row "enrich, every inventory (CPU, with start-up)" "$bytes" "$lines" "$total_cpu" "$total"
row "enrich, every inventory (CPU, stream only)" "$bytes" "$lines" "$stream_cpu" "$total"
accounts=$(median_seconds "$bin/enrich --accounts $out/accounts.json $corpus")
row "enrich --accounts only (wall)" "$bytes" "$lines" "$accounts" "$accounts"
if command -v jq > /dev/null; then
  jq_program='($a[0].Accounts | map({key: .Id, value: .Name}) | from_entries) as $m | inputs | .UserDefinedFields["account.name"] = ($m[.AwsAccountId] // "unknown")'
  row "jq: account name join only (wall)" "$bytes" "$lines" "$(median_seconds "jq -cn --slurpfile a $out/accounts.json '$jq_program' $corpus")" "$accounts"
fi
row "cat > /dev/null" "$bytes" "$lines" "$(median_seconds "cat $corpus")" "$total"

echo
echo "enrich --score: 1,000,000 vectors per file, median of $RUNS runs"
for version in v31 v40; do
  file=$out/vectors-$version.txt
  vector_bytes=$(stat -c %s "$file")
  wall=$(median_seconds "$bin/enrich --score $file")
  cpu=$(median_cpu "$bin/enrich --score $file")
  row "enrich --score, CVSS ${version:1:1}.${version:2:1} (wall)" "$vector_bytes" 1000000 "$wall" "$wall"
  row "enrich --score, CVSS ${version:1:1}.${version:2:1} (CPU)" "$vector_bytes" 1000000 "$cpu" "$wall"
done
if "$python" -c "import cvss" 2>/dev/null; then
  head -n 20000 "$out/vectors-v31.txt" > "$out/vectors-v31-20k.txt"
  py=$(RUNS=1 median_seconds "$python -c 'import sys
from cvss import CVSS3
for l in open(sys.argv[1]): CVSS3(l.strip()).scores()' $out/vectors-v31-20k.txt")
  row "python cvss package, CVSS 3.1 (20,000 vectors)" "$(stat -c %s "$out/vectors-v31-20k.txt")" 20000 "$py" "$(median_seconds "$bin/enrich --score $out/vectors-v31-20k.txt")"
else
  echo "  python cvss package: not installed (make setup installs it in .venv)"
fi

#!/usr/bin/env bash
# Foundation benchmark: normalize (ASFF pass-through with validation) against the JSON core alone,
# jq, Python json and orjson, cat and zcat, on one generated corpus, medians of $RUNS runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bin=${1:-.build/release}
count=${BENCH_FINDINGS:-100000}
mkdir -p bench/out
corpus=bench/out/asff-$count.ndjson
[ -s "$corpus" ] || python3 Samples/generate_asff.py --count "$count" --seed 7 > "$corpus"
[ -s "$corpus.gz" ] || gzip -k -6 -n -c "$corpus" > "$corpus.gz"
bytes=$(stat -c %s "$corpus")
lines=$(wc -l < "$corpus")
python=${PYTHON:-python3}

echo "normalize: $lines ASFF findings, $((bytes / 1048576)) MiB (gzip $(($(stat -c %s "$corpus.gz") / 1048576)) MiB), median of $RUNS runs, single process each"
tool=$(median_seconds "$bin/normalize $corpus")
row "normalize (validate, pass-through)" "$bytes" "$lines" "$tool" "$tool"
row "normalize on the .gz copy" "$bytes" "$lines" "$(median_seconds "$bin/normalize $corpus.gz")" "$tool"
parse=$("$bin/json-core-bench" parse "$corpus" | awk '{print $4}')
round=$("$bin/json-core-bench" roundtrip "$corpus" | awk '{print $4}')
row "core: parse only (in memory)" "$bytes" "$lines" "$parse" "$tool"
row "core: parse + serialise (in memory)" "$bytes" "$lines" "$round" "$tool"
row "cat > /dev/null" "$bytes" "$lines" "$(median_seconds "cat $corpus")" "$tool"
row "zcat > /dev/null (decompress only)" "$bytes" "$lines" "$(median_seconds "zcat $corpus.gz")" "$tool"
RUNS=3 row "jq -c ." "$bytes" "$lines" "$(RUNS=3 median_seconds "jq -c . $corpus")" "$tool"
RUNS=3 row "python3 json loads+dumps" "$bytes" "$lines" "$(RUNS=3 median_seconds "$python -c 'import sys,json
w=sys.stdout.write
for l in sys.stdin: w(json.dumps(json.loads(l),ensure_ascii=False,separators=(\",\",\":\"))+\"\n\")' < $corpus")" "$tool"
if "$python" -c "import orjson" 2>/dev/null; then
  RUNS=3 row "python3 orjson loads+dumps" "$bytes" "$lines" "$(RUNS=3 median_seconds "$python -c 'import sys,orjson
w=sys.stdout.buffer.write
for l in sys.stdin.buffer: w(orjson.dumps(orjson.loads(l))+b\"\n\")' < $corpus")" "$tool"
else
  echo "  python3 orjson: not installed (make setup installs it in .venv)"
fi

#!/usr/bin/env bash
# Benchmark: `route -f SET` against `jq 'select(...)'` doing the same selection, on the
# citylots-style corpus (SF city lots as GeoJSON features, one per line) that event-ruler and
# quamina use for their matching benchmarks. Prints medians: MB/s, events/s, ratio to jq,
# and checks that both select the same number of events.
#
# Usage: bench/route.sh [RELEASE_BIN_DIR]   (default .build/release; RUNS=3 jq and ROUTE_RUNS=9 route runs)
set -euo pipefail

BIN=${1:-.build/release}
RUNS=${RUNS:-3}
# route runs take a tenth of a second: more of them steady the median.
ROUTE_RUNS=${ROUTE_RUNS:-9}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
OUT="$HERE/out"
SETS="$HERE/citylots"
mkdir -p "$OUT"
ROUTE="$BIN/route"
[ -x "$ROUTE" ] || { echo "route.sh: $ROUTE not found (swift build -c release --product route)" >&2; exit 2; }
command -v jq >/dev/null || { echo "route.sh: jq not found" >&2; exit 2; }

CORPUS="$OUT/citylots2.jsonl"
if [ ! -s "$CORPUS" ]; then
    echo "generating $CORPUS (deterministic, ~230 MB)..." >&2
    python3 "$SETS/gen_citylots.py" "$OUT/citylots.jsonl" "$CORPUS"
fi
BYTES=$(stat -c %s "$CORPUS")
LINES=$(wc -l < "$CORPUS")

# Subsets of the 1,000 exact rules, to show how cost grows with the rule count.
python3 - "$SETS/many-exact-1000.json" "$OUT" <<'PY'
import json, sys
rules = json.load(open(sys.argv[1]))
for n in (10, 100):
    json.dump(rules[:n], open(f"{sys.argv[2]}/many-exact-{n}.json", "w"))
for n in (10, 100, 1000):
    values = {r["pattern"]["properties"]["MAPBLKLOT"][0]: True for r in rules[:n]}
    json.dump(values, open(f"{sys.argv[2]}/many-exact-{n}.jq.json", "w"))
PY

# jq filters selecting exactly what each pattern set selects (EventBridge semantics).
declare -A JQ
JQ[cl2-exact]='select(.properties.MAPBLKLOT | . == "1430022" or . == "2607117" or . == "2607218" or . == "3745012" or . == "VACSTWIL")'
JQ[cl2-prefix]='select(.properties.STREET | type == "string" and (startswith("AC") or startswith("BL") or startswith("DR") or startswith("FU") or startswith("RH")))'
JQ[cl2-suffix]='select(.properties.STREET | type == "string" and (endswith("ON") or endswith("KE") or endswith("MM") or endswith("ING") or endswith("GO")))'
JQ[cl2-equals-ignore-case]='select((.properties.STREET | type == "string" and (ascii_downcase | . == "jefferson" or . == "beach" or . == "hyde" or . == "chestnut")) or (.properties.ST_TYPE | type == "string" and ascii_downcase == "st"))'
JQ[cl2-wildcard]='select(.properties.MAPBLKLOT | type == "string" and (test("^143") or test("^2.*0.*1.*7$") or test("218$") or test("^3.*5.*2$") or test("^VA.*IL$")))'
JQ[cl2-anything-but]='select((.properties.STREET | . != null and . != "FULTON") or (.properties.STREET | . != null and . != "MASON") or ((.properties | has("ST_TYPE")) and .properties.ST_TYPE != "ST") or (.geometry.type | . != null and . != "Polygon") or (.properties.FROM_ST | . != null and . != "441"))'
JQ[cl2-numeric]='select(.geometry as $g | ($g.firstCoordinates.x | type == "number") as $num | ($num and $g.type == "Polygon" and $g.firstCoordinates.x == -122.42916360922355) or ($g.type == "MultiPolygon" and ($g.firstCoordinates.z | type == "number" and . == 0)) or ($num and $g.firstCoordinates.x < -122.41600944012424) or ($num and $g.firstCoordinates.x > -122.41600944012424) or ($num and $g.firstCoordinates.x > -122.46471267081272 and $g.firstCoordinates.x < -122.4063085128395))'
MANY='select(.properties.MAPBLKLOT as $m | ($m | type == "string") and ($set[0] | has($m)))'

printf '%s\n' "corpus: $CORPUS ($BYTES bytes, $LINES events), medians of $ROUTE_RUNS route and $RUNS jq runs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %8s | %7s %7s %9s %6s | %7s %7s %8s | %6s %6s | %s\n' set matched "wall s" "cpu s" "events/s" "MB/s" "jq wall" "jq cpu" "jq ev/s" "x wall" "x cpu" check
declare -A ROUTE_CPU
for set in cl2-exact cl2-prefix cl2-suffix cl2-equals-ignore-case cl2-wildcard cl2-anything-but cl2-numeric many-exact-10 many-exact-100 many-exact-1000; do
    if [[ $set == many-exact-* ]]; then
        patterns="$OUT/$set.json"; [ "$set" = many-exact-1000 ] && patterns="$SETS/$set.json"
        filter="$MANY"; jqargs=(--slurpfile set "$OUT/$set.jq.json")
    else
        patterns="$SETS/$set.json"; filter="${JQ[$set]}"; jqargs=()
    fi
    matched=$("$ROUTE" -f "$patterns" < "$CORPUS" | wc -l)
    jq_matched=$(jq -c "${jqargs[@]}" "$filter" < "$CORPUS" | wc -l)
    check=ok; [ "$matched" = "$jq_matched" ] || check="MISMATCH (jq $jq_matched)"
    read -r route_wall route_cpu <<< "$(RUNS=$ROUTE_RUNS median_run "$CORPUS" "$ROUTE" -f "$patterns")"
    read -r jq_wall jq_cpu <<< "$(median_run "$CORPUS" jq -c "${jqargs[@]}" "$filter")"
    ROUTE_CPU[$set]=$route_cpu
    printf '%-22s %8d | %7.3f %7.3f %9.0f %6.0f | %7.2f %7.2f %8.0f | %5.1fx %5.1fx | %s\n' "$set" "$matched" \
        "$route_wall" "$route_cpu" "$(rate "$LINES" "$route_wall")" "$(rate "$BYTES / 1000000" "$route_wall")" \
        "$jq_wall" "$jq_cpu" "$(rate "$LINES" "$jq_wall")" "$(rate "$jq_wall" "$route_wall")" "$(rate "$jq_cpu" "$route_cpu")" "$check"
done
printf 'exact rules 10 -> 1000: route CPU time x%.2f\n' "$(rate "${ROUTE_CPU[many-exact-1000]}" "${ROUTE_CPU[many-exact-10]}")"
read -r cat_wall cat_cpu <<< "$(median_run "$CORPUS" cat)"
printf 'floor (cat > /dev/null): %.3f s wall, %.3f s cpu, %.0f MB/s\n' "$cat_wall" "$cat_cpu" "$(rate "$BYTES / 1000000" "$cat_wall")"

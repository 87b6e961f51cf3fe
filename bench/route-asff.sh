#!/usr/bin/env bash
# Benchmark: `route -f SET` over ASFF findings with 1, 10, 100 and 1,000 rules of each operator
# (exact, prefix, numeric, anything-but, wildcard, cidr, and a mix), beside `jq 'select(...)'`
# doing the single-rule selection of each operator in the same run (and checking that both
# select the same findings). Prints medians of wall and CPU (user + system) seconds.
#
# Usage: bench/route-asff.sh [RELEASE_BIN_DIR]   (default .build/release; RUNS=3 jq and ROUTE_RUNS=9 route runs, COUNT=100000)
set -euo pipefail

BIN=${1:-.build/release}
RUNS=${RUNS:-3}
# route runs take a tenth of a second: more of them steady the median.
ROUTE_RUNS=${ROUTE_RUNS:-9}
COUNT=${COUNT:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
OUT="$HERE/out"
mkdir -p "$OUT"
ROUTE="$BIN/route"
[ -x "$ROUTE" ] || { echo "route-asff.sh: $ROUTE not found (swift build -c release --product route)" >&2; exit 2; }
command -v jq >/dev/null || { echo "route-asff.sh: jq not found" >&2; exit 2; }

CORPUS="$OUT/asff-$COUNT.ndjson"
[ -s "$CORPUS" ] || python3 "$HERE/../Samples/generate_asff.py" --count "$COUNT" --seed 7 > "$CORPUS"
python3 "$HERE/route-asff-rules.py" "$CORPUS" "$OUT"
BYTES=$(stat -c %s "$CORPUS")
LINES=$(wc -l < "$CORPUS")

first() { jq -r "$1" "$OUT/asff-first-rules.json"; }
IP4='def ip4: split(".") | map(tonumber) | .[0] * 16777216 + .[1] * 65536 + .[2] * 256 + .[3];'
CIDR=$(first '.cidr.Network.DestinationIpV4[0].cidr')
declare -A JQ
JQ[exact]="select(any(.Resources[]?; .Id == $(first '.exact.Resources.Id[0] | tojson')))"
JQ[prefix]="select(.Id | type == \"string\" and startswith($(first '.prefix.Id[0].prefix | tojson')))"
JQ[numeric]="select(.Network.SourcePort | type == \"number\" and . >= $(first '.numeric.Network.SourcePort[0].numeric[1]') and . < $(first '.numeric.Network.SourcePort[0].numeric[3]'))"
JQ[anything-but]="select(.AwsAccountId | . != null and . != $(first '.["anything-but"].AwsAccountId[0]["anything-but"][0] | tojson'))"
JQ[wildcard]="select(any(.Resources[]?; .Id | type == \"string\" and test($(first '.wildcard.Resources.Id[0].wildcard | gsub("\\*"; ".*") | "^" + . + "$" | tojson'))))"
JQ[cidr]="$IP4 select(.Network.DestinationIpV4 | type == \"string\" and test(\"^[0-9]+([.][0-9]+){3}$\") and ((ip4 / 64 | floor) == (\"${CIDR%/*}\" | ip4 / 64 | floor)))"


printf '%s\n' "corpus: $CORPUS ($BYTES bytes, $LINES findings), medians of $ROUTE_RUNS route and $RUNS jq runs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-13s %5s %8s | %7s %7s %9s %6s | %7s %7s | %6s %6s | %s\n' operator rules matched "wall s" "cpu s" "events/s" "MB/s" "jq wall" "jq cpu" "x wall" "x cpu" check
declare -A CPU
for operator in exact prefix numeric anything-but wildcard cidr mixed; do
    for rules in 1 10 100 1000; do
        set="$OUT/asff-$operator-$rules.json"
        matched=$("$ROUTE" -f "$set" < "$CORPUS" | wc -l)
        read -r wall cpu <<< "$(RUNS=$ROUTE_RUNS median_run "$CORPUS" "$ROUTE" -f "$set")"
        CPU[$operator-$rules]=$cpu
        if [ "$rules" = 1 ] && [ -n "${JQ[$operator]:-}" ]; then
            jq_matched=$(jq -c "${JQ[$operator]}" < "$CORPUS" | wc -l)
            check=ok; [ "$matched" = "$jq_matched" ] || check="MISMATCH (jq $jq_matched)"
            read -r jq_wall jq_cpu <<< "$(median_run "$CORPUS" jq -c "${JQ[$operator]}")"
            printf '%-13s %5d %8d | %7.3f %7.3f %9.0f %6.0f | %7.2f %7.2f | %5.1fx %5.1fx | %s\n' "$operator" "$rules" "$matched" \
                "$wall" "$cpu" "$(rate "$LINES" "$wall")" "$(rate "$BYTES / 1000000" "$wall")" \
                "$jq_wall" "$jq_cpu" "$(rate "$jq_wall" "$wall")" "$(rate "$jq_cpu" "$cpu")" "$check"
        else
            printf '%-13s %5d %8d | %7.3f %7.3f %9.0f %6.0f | %7s %7s | %6s %6s |\n' "$operator" "$rules" "$matched" \
                "$wall" "$cpu" "$(rate "$LINES" "$wall")" "$(rate "$BYTES / 1000000" "$wall")" - - - -
        fi
    done
    printf '%-13s 1 -> 1000 rules: route CPU time x%.2f; 10 -> 1000: x%.2f\n' "$operator" \
        "$(rate "${CPU[$operator-1000]}" "${CPU[$operator-1]}")" "$(rate "${CPU[$operator-1000]}" "${CPU[$operator-10]}")"
done

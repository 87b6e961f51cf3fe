#!/usr/bin/env bash
# normalize throughput per source format on a deterministic mixed-format corpus, with jq
# doing an equivalent field mapping of GuardDuty findings in the same run.
# Usage: bench/normalize-formats.sh [RELEASE_BIN_DIR] (default .build/release)
set -euo pipefail

cd "$(dirname "$0")/.."
bin="${1:-.build/release}"
normalize="$bin/normalize"
[[ -x "$normalize" ]] || { echo "no $normalize: run 'swift build -c release --product normalize' first" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is required for the baseline" >&2; exit 2; }

count="${COUNT:-10000}"
runs="${RUNS:-3}"
corpus="bench/out/normalize-formats-$count"
formats=(guardduty inspector macie access-analyzer config ocsf trivy grype)
if [[ ! -f "$corpus/grype.ndjson" ]]; then
    mkdir -p "$corpus"
    python3 bench/normalize-formats-corpus.py "$corpus" "$count" 42
fi
mixed="$corpus/mixed.ndjson"
[[ -f "$mixed" ]] || for f in "${formats[@]}"; do cat "$corpus/$f.ndjson"; done > "$mixed"

# GuardDuty -> ASFF in jq: the same required fields, severity ranges, types and instance resources.
jq_guardduty='
  def sevlabel: if . < 1 then "INFORMATIONAL" elif . < 4 then "LOW" elif . < 7 then "MEDIUM" elif . < 9 then "HIGH" else "CRITICAL" end;
  def normalized: {"INFORMATIONAL":0,"LOW":1,"MEDIUM":40,"HIGH":70,"CRITICAL":90}[.];
  def tactic: {"Backdoor":"TTPs/Command and Control","CryptoCurrency":"TTPs/Command and Control","Trojan":"TTPs/Command and Control",
               "UnauthorizedAccess":"TTPs/Initial Access","Recon":"TTPs/Discovery","Discovery":"TTPs/Discovery","PenTest":"TTPs/Discovery",
               "Persistence":"TTPs/Persistence","PrivilegeEscalation":"TTPs/Privilege Escalation","Stealth":"TTPs/Defense Evasion",
               "Exfiltration":"Effects/Data Exfiltration","Impact":"Effects/Resource Consumption"}[. ] // ("TTPs/" + .);
  (.severity | sevlabel) as $sev
  | {SchemaVersion: "2018-10-08", Id: .arn,
     ProductArn: "arn:\(.partition):securityhub:\(.region)::product/aws/guardduty",
     GeneratorId: "arn:\(.partition):guardduty:\(.region):\(.accountId):detector/\(.service.detectorId)",
     AwsAccountId: .accountId, Region: .region,
     Types: [((.type | split(":")[0]) | tactic) + "/" + (.type | sub("/"; "-"))],
     CreatedAt: .createdAt, UpdatedAt: .updatedAt,
     Severity: {Label: $sev, Normalized: ($sev | normalized), Original: (.severity | tostring)},
     Title: .title[0:256], Description: .description[0:1024],
     Resources: [if .resource.resourceType == "Instance"
                 then {Type: "AwsEc2Instance", Id: "arn:\(.partition):ec2:\(.region):\(.accountId):instance/\(.resource.instanceDetails.instanceId)",
                       Partition: .partition, Region: .region,
                       Tags: ((.resource.instanceDetails.tags // []) | map({(.key): .value}) | add)}
                 else {Type: "Other", Id: .arn, Partition: .partition, Region: .region} end],
     FirstObservedAt: .service.eventFirstSeen, LastObservedAt: .service.eventLastSeen,
     Workflow: {Status: "NEW"}, RecordState: (if .service.archived then "ARCHIVED" else "ACTIVE" end)}'

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Runs "$@" $runs times; prints the median wall seconds and the median CPU (user+sys) seconds.
# The machine is shared, so CPU time is the steadier figure when others are busy.
seconds() {
    local walls=() cpus=() timing
    timing=$(mktemp)
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f "%e %U %S" -o "$timing" "$@" > /dev/null || { echo "failed: $*" >&2; exit 1; }
        walls+=("$(awk '{print $1}' "$timing")")
        cpus+=("$(awk '{print $2 + $3}' "$timing")")
    done
    rm -f "$timing"
    echo "$(printf '%s\n' "${walls[@]}" | median) $(printf '%s\n' "${cpus[@]}" | median)"
}
findings_of() { "$normalize" --account 111122223333 --region us-east-1 "$1" 2>/dev/null | wc -l; }

printf '%-16s %7s %8s %8s %9s %11s %8s\n' "input" "MB" "wall s" "MB/s" "cpu MB/s" "findings/s" "vs jq"
row() { # name file "wall cpu" findings [ratio]
    local mb wall cpu
    mb=$(awk -v b="$(stat -c %s "$2")" 'BEGIN {printf "%.1f", b / 1e6}')
    read -r wall cpu <<< "$3"
    awk -v name="$1" -v mb="$mb" -v wall="$wall" -v cpu="$cpu" -v n="$4" -v ratio="${5:-}" 'BEGIN {
        if (wall <= 0) wall = 0.01; if (cpu <= 0) cpu = 0.01
        printf "%-16s %7s %8.2f %8.1f %9.1f %11.0f %8s\n", name, mb, wall, mb / wall, mb / cpu, n / wall, ratio }'
}
gd_jq=$(seconds jq -c "$jq_guardduty" "$corpus/guardduty.ndjson")
gd_count=$(jq -c "$jq_guardduty" "$corpus/guardduty.ndjson" | wc -l)
for f in "${formats[@]}"; do
    file="$corpus/$f.ndjson"
    t=$(seconds "$normalize" --account 111122223333 --region us-east-1 "$file")
    ratio=""
    [[ "$f" == guardduty ]] && ratio="$(awk -v j="${gd_jq#* }" -v t="${t#* }" 'BEGIN {printf "%.1fx", j / t}')"
    row "$f" "$file" "$t" "$(findings_of "$file")" "$ratio"
done
t=$(seconds "$normalize" --account 111122223333 --region us-east-1 "$mixed")
row "mixed" "$mixed" "$t" "$(findings_of "$mixed")"
row "jq guardduty" "$corpus/guardduty.ndjson" "$gd_jq" "$gd_count" "1.0x"
echo "(median of $runs runs, ratio by CPU time; $count documents per format, Trivy/Grype as reports of 200 matches; normalize validates every finding it writes)"

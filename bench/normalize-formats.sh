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
seconds() { # run "$@" $runs times, print the median wall time in seconds
    local times=()
    for ((i = 0; i < runs; i++)); do
        local start end
        start=$(date +%s%N)
        "$@" > /dev/null || { echo "failed: $*" >&2; exit 1; }
        end=$(date +%s%N)
        times+=("$(( end - start ))")
    done
    printf '%s\n' "${times[@]}" | median | awk '{printf "%.4f", $1 / 1e9}'
}
findings_of() { "$normalize" --account 111122223333 --region us-east-1 "$1" 2>/dev/null | wc -l; }

printf '%-16s %9s %9s %10s %12s %8s\n' "input" "MB" "seconds" "MB/s" "findings/s" "vs jq"
row() { # name file seconds findings [ratio]
    local mb
    mb=$(awk -v b="$(stat -c %s "$2")" 'BEGIN {printf "%.1f", b / 1e6}')
    printf '%-16s %9s %9s %10.1f %12.0f %8s\n' "$1" "$mb" "$3" "$(awk -v m="$mb" -v s="$3" 'BEGIN {print m / s}')" \
        "$(awk -v n="$4" -v s="$3" 'BEGIN {print n / s}')" "${5:-}"
}
gd_jq=$(seconds jq -c "$jq_guardduty" "$corpus/guardduty.ndjson")
gd_count=$(jq -c "$jq_guardduty" "$corpus/guardduty.ndjson" | wc -l)
for f in "${formats[@]}"; do
    file="$corpus/$f.ndjson"
    t=$(seconds "$normalize" --account 111122223333 --region us-east-1 "$file")
    ratio=""
    [[ "$f" == guardduty ]] && ratio="$(awk -v j="$gd_jq" -v t="$t" 'BEGIN {printf "%.1fx", j / t}')"
    row "$f" "$file" "$t" "$(findings_of "$file")" "$ratio"
done
t=$(seconds "$normalize" --account 111122223333 --region us-east-1 "$mixed")
row "mixed" "$mixed" "$t" "$(findings_of "$mixed")"
row "jq guardduty" "$corpus/guardduty.ndjson" "$gd_jq" "$gd_count" "1.0x"
echo "(median of $runs runs; $count documents per format, Trivy/Grype as reports of 200 matches; normalize validates every finding it writes)"

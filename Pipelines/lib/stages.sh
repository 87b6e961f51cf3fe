# Shared by the pipelines (sourced, not run): the stage chain
#   normalize | dedupe | enrich | route | remediate | sink
# with the configuration files of one directory, each stage's --stats in a log, rejected records
# in per-stage dead-letter files, and one exit status for the whole chain.
#
# Configuration directory (every file optional; Samples/config holds an example of each):
#   accounts.json           aws organizations list-accounts output        enrich --accounts
#   account-map.csv|.json   account map (id,name,owner,environment,ou)    enrich --account-map
#   resources.json          resourcegroupstaggingapi get-resources output enrich --resources
#   assets.csv|.json        asset map (resource,criticality,reach,tags)   enrich --asset-map
#   kev.json                CISA KEV catalog                              enrich --kev
#   epss.csv|.csv.gz        FIRST EPSS scores                             enrich --epss
#   bad-ips.txt             IP reputation list                            enrich --bad-ips
#   automation-rules.yaml|.json  Security Hub automation rules            enrich --automation
#   routes.yaml|.json       EventBridge rules with targets                route --rules --first-match
#   playbooks.yaml|.json    remediation playbooks                         remediate --playbook
#   remediate-vars.txt      NAME=VALUE lines                              remediate --var
# Without routes.* the route stage passes everything on; without playbooks.* remediate uses its
# built-in library.

# Absolute form of a path (the directory part must exist).
stages_abspath() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$(cd "$(dirname "$1")" && pwd)" "$(basename "$1")" ;;
    esac
}

# The first of the named files that exists in directory $1, or nothing.
stages_config_file() {
    local dir=$1 name
    shift
    for name in "$@"; do
        if [ -f "$dir/$name" ]; then stages_abspath "$dir/$name"; return 0; fi
    done
    return 0
}

# stages_check_bin DIR: every tool present and executable, else a message naming what to do.
stages_check_bin() {
    local bin=$1 tool
    for tool in normalize dedupe enrich route remediate sink; do
        if [ ! -x "$bin/$tool" ]; then
            echo "$PIPELINE: $bin/$tool: not found; build the tools (make build) or pass --bin DIR" >&2
            return 2
        fi
    done
}

# stages_prepare CONFIG_DIR: fills the option arrays the stages take from the configuration.
stages_prepare() {
    local config=$1 file line
    ENRICH_ARGS=()
    ROUTE_ARGS=()
    REMEDIATE_ARGS=()
    [ -d "$config" ] || { echo "$PIPELINE: $config: configuration directory not found" >&2; return 2; }
    file=$(stages_config_file "$config" accounts.json); [ -z "$file" ] || ENRICH_ARGS+=(--accounts "$file")
    file=$(stages_config_file "$config" account-map.csv account-map.json); [ -z "$file" ] || ENRICH_ARGS+=(--account-map "$file")
    file=$(stages_config_file "$config" resources.json); [ -z "$file" ] || ENRICH_ARGS+=(--resources "$file")
    file=$(stages_config_file "$config" assets.csv assets.json); [ -z "$file" ] || ENRICH_ARGS+=(--asset-map "$file")
    file=$(stages_config_file "$config" kev.json); [ -z "$file" ] || ENRICH_ARGS+=(--kev "$file")
    file=$(stages_config_file "$config" epss.csv.gz epss.csv); [ -z "$file" ] || ENRICH_ARGS+=(--epss "$file")
    file=$(stages_config_file "$config" bad-ips.txt); [ -z "$file" ] || ENRICH_ARGS+=(--bad-ips "$file")
    file=$(stages_config_file "$config" automation-rules.yaml automation-rules.json); [ -z "$file" ] || ENRICH_ARGS+=(--automation "$file")
    file=$(stages_config_file "$config" routes.yaml routes.json)
    if [ -n "$file" ]; then
        ROUTE_ARGS=(--rules "$file" --first-match --unmatched -)
    else
        ROUTE_ARGS=(-e '{"SchemaVersion":[{"exists":true}]}')
    fi
    file=$(stages_config_file "$config" playbooks.yaml playbooks.json); [ -z "$file" ] || REMEDIATE_ARGS+=(--playbook "$file")
    file=$(stages_config_file "$config" remediate-vars.txt)
    if [ -n "$file" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case "$line" in ''|'#'*) continue ;; esac
            REMEDIATE_ARGS+=(--var "$line")
        done < "$file"
    fi
}

# stages_worst STATUS...: the status of the chain: a signal (>128) first, else the highest.
stages_worst() {
    local worst=0 status
    for status in "$@"; do
        if [ "$status" -gt 128 ]; then printf '%s\n' "$status"; return 0; fi
        [ "$status" -le "$worst" ] || worst=$status
    done
    printf '%s\n' "$worst"
}

# The stages, each with its --stats going to WORK/logs/STAGE.log and its rejected records to
# WORK/dead-letters/STAGE.ndjson; STAGES_BIN and STAGES_WORK are set by the functions below.
stage_normalize() {
    "$STAGES_BIN/normalize" --stats --no-progress --dead-letter "$STAGES_WORK/dead-letters/normalize.ndjson" "$@" \
        2>> "$STAGES_WORK/logs/normalize.log"
}
stage_dedupe() {
    "$STAGES_BIN/dedupe" --stats --no-progress --dead-letter "$STAGES_WORK/dead-letters/dedupe.ndjson" \
        ${DEDUPE_ARGS[@]+"${DEDUPE_ARGS[@]}"} 2>> "$STAGES_WORK/logs/dedupe.log"
}
stage_enrich() {
    "$STAGES_BIN/enrich" --stats --no-progress --dead-letter "$STAGES_WORK/dead-letters/enrich.ndjson" \
        ${ENRICH_ARGS[@]+"${ENRICH_ARGS[@]}"} "$@" 2>> "$STAGES_WORK/logs/enrich.log"
}
stage_route() {   # relative file: destinations of the rules land under WORK
    (cd "$STAGES_WORK" && exec "$STAGES_BIN/route" --stats --no-progress --dead-letter "$STAGES_WORK/dead-letters/route.ndjson" \
        "${ROUTE_ARGS[@]}") 2>> "$STAGES_WORK/logs/route.log"
}
stage_remediate() {   # the plan of this run goes to WORK/plan.ndjson
    "$STAGES_BIN/remediate" --stats --no-progress --dead-letter "$STAGES_WORK/dead-letters/remediate.ndjson" \
        --plan "$STAGES_WORK/plan.part" ${REMEDIATE_ARGS[@]+"${REMEDIATE_ARGS[@]}"} 2>> "$STAGES_WORK/logs/remediate.log"
}
stage_sink() {
    "$STAGES_BIN/sink" --stats --no-progress --dead-letter "$STAGES_WORK/dead-letters/sink.ndjson" "$@" \
        2>> "$STAGES_WORK/logs/sink.log"
}

stages_begin() {
    STAGES_BIN=$(stages_abspath "$1"); STAGES_WORK=$(stages_abspath "$2")
    mkdir -p "$STAGES_WORK/logs" "$STAGES_WORK/dead-letters" "$STAGES_WORK/routes"
}

stages_end() {
    if [ -f "$STAGES_WORK/plan.part" ]; then
        cat "$STAGES_WORK/plan.part" >> "$STAGES_WORK/plan.ndjson"
        rm -f "$STAGES_WORK/plan.part"
    fi
    STAGES_STATUS=$(stages_worst "${STAGES_STATUSES[@]}")
}

# stages_run BIN WORK_DIR [NORMALIZE_OPTION...] -- [INPUT...] -- SINK_OPTION_OR_DESTINATION...
# Runs the whole chain over INPUT (stdin when none) with WORK_DIR holding logs/, dead-letters/,
# routes/ and plan.ndjson (appended). Uses ENRICH_ARGS ROUTE_ARGS REMEDIATE_ARGS (stages_prepare)
# and DEDUPE_ARGS (set by the caller, e.g. --state FILE). Sets STAGES_STATUS to the chain's status
# and STAGES_STATUSES to each stage's.
stages_run() {
    local normalize_args=() inputs=()
    stages_begin "$1" "$2"; shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do normalize_args+=("$1"); shift; done
    shift
    while [ $# -gt 0 ] && [ "$1" != -- ]; do inputs+=("$1"); shift; done
    shift
    set +e
    stage_normalize ${normalize_args[@]+"${normalize_args[@]}"} ${inputs[@]+"${inputs[@]}"} \
        | stage_dedupe | stage_enrich | stage_route | stage_remediate | stage_sink "$@"
    STAGES_STATUSES=("${PIPESTATUS[@]}")
    set -e
    stages_end
}

# stages_front BIN WORK_DIR OUTPUT [NORMALIZE_OPTION...] -- INPUT...: normalize | dedupe into the
# file OUTPUT, fsynced. STAGES_STATUSES holds the two statuses.
stages_front() {
    local output=$3 normalize_args=()
    stages_begin "$1" "$2"; shift 3
    while [ $# -gt 0 ] && [ "$1" != -- ]; do normalize_args+=("$1"); shift; done
    shift
    set +e
    stage_normalize ${normalize_args[@]+"${normalize_args[@]}"} "$@" | stage_dedupe > "$output"
    STAGES_STATUSES=("${PIPESTATUS[@]}")
    set -e
    sync -- "$output"
    STAGES_STATUS=$(stages_worst "${STAGES_STATUSES[@]}")
}

# stages_back BIN WORK_DIR INPUT SINK_OPTION_OR_DESTINATION...: enrich | route | remediate | sink
# over the deduplicated findings in INPUT. STAGES_STATUSES holds the four statuses.
stages_back() {
    local input=$3
    stages_begin "$1" "$2"; shift 3
    set +e
    stage_enrich "$input" | stage_route | stage_remediate | stage_sink "$@"
    STAGES_STATUSES=("${PIPESTATUS[@]}")
    set -e
    stages_end
}

# stages_merge_outputs RUN_DIR STATE_DIR: appends a committed run's routed findings, dead letters
# and plan to the long-lived ones in STATE_DIR (STATE_DIR/routes/, dead-letters/, plan.ndjson).
stages_merge_outputs() {
    local run=$1 state=$2 part sub
    mkdir -p "$state/routes" "$state/dead-letters"
    for part in "$run"/routes/* "$run"/dead-letters/*; do
        [ -s "$part" ] || continue
        sub=$(basename "$(dirname "$part")")
        cat "$part" >> "$state/$sub/$(basename "$part")"
    done
    [ ! -s "$run/plan.ndjson" ] || cat "$run/plan.ndjson" >> "$state/plan.ndjson"
}

# stages_rotate_log LOG MAX_BYTES KEEP: when LOG is larger than MAX_BYTES, LOG.1..LOG.KEEP shift
# by one (the oldest is dropped) and LOG becomes LOG.1.
stages_rotate_log() {
    local log=$1 max=$2 n=$3
    [ -f "$log" ] || return 0
    [ "$(stat -c %s "$log")" -gt "$max" ] || return 0
    rm -f "$log.$n"
    while [ "$n" -gt 1 ]; do
        [ ! -f "$log.$((n - 1))" ] || mv "$log.$((n - 1))" "$log.$n"
        n=$((n - 1))
    done
    mv "$log" "$log.1"
}

#!/usr/bin/env bash
# Side-by-side PromQL range queries: the same OpenMetrics data backfilled into Ignis (bin/ignistool)
# and into a real Prometheus 2.42 (promtool), both servers started on their data, the same
# queries timed through /api/v1/query_range, interleaved, and the ratios printed.
#
#   bench/query.sh                      # 200 instances (~7000 series), 3 h of data at 15 s
#   INSTANCES=50 ROUNDS=3 bench/query.sh
#   MODE=stats bench/query.sh           # compare stats=all (samples) instead of timing
#
# Environment: INSTANCES (200), HOURS of data (3), RANGE of the queries in s (3600),
# STEP in s (30), ROUNDS (5, each query alternately on both servers per round), WARMUP (8
# rounds of all queries first), IGNIS_WARMUP_SECONDS (0; then that long more rounds on Ignis
# alone, for the JIT's steady state),
# KEEP=1 keeps the work directory, WORK (a temp dir), IGNIS_HOME, BUILD=1 rebuilds.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

INSTANCES="${INSTANCES:-200}"
HOURS="${HOURS:-3}"
RANGE="${RANGE:-3600}"
STEP="${STEP:-30}"
ROUNDS="${ROUNDS:-5}"
WARMUP="${WARMUP:-8}"
IGNIS_WARMUP_SECONDS="${IGNIS_WARMUP_SECONDS:-0}"
MODE="${MODE:-time}"
WORK="${WORK:-$(mktemp -d /tmp/ignis-query-bench.XXXXXX)}"
mkdir -p "$WORK"

QUERIES=(
    'rate(http_requests_total[5m])'
    'sum by (method) (rate(http_requests_total[5m]))'
    'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))'
    'topk(5, rate(http_requests_total[5m]))'
    'rate(http_requests_total[5m]) * on (instance) group_left (version) build_info'
    'sum(rate(http_requests_total{instance=~"i-1.*", method=~"GET|POST"}[5m]))'
    'max_over_time(sum by (method) (rate(http_requests_total[5m]))[30m:1m])'
)
NAMES=(rate sum_by_rate histogram_quantile topk group_left regex subquery)

ensure_prometheus
ensure_ignis
command -v promtool >/dev/null || { log "no promtool"; exit 1; }

# Data ends on a whole hour at least an hour ago, so that both tools cut the same 2 h blocks.
# A WORK directory kept from an earlier run (KEEP=1) is used again as it is.
DATA="$WORK/data.om"
if [[ ! -s "$DATA" || ! -s "$WORK/end" ]]; then
    END=$(( $(date +%s) / 3600 * 3600 - 3600 ))
    log "writing $INSTANCES instances x $HOURS h to $DATA"
    python3 "$BENCH_DIR/query_data.py" "$INSTANCES" "$END" "$HOURS" 15 >"$DATA"
    echo "$END" >"$WORK/end"
fi
END=$(cat "$WORK/end")
if [[ ! -d "$WORK/prom" || ! -d "$WORK/ignis" ]]; then
    mkdir -p "$WORK/prom" "$WORK/ignis"
    log "backfilling (promtool, ignistool)"
    promtool tsdb create-blocks-from openmetrics "$DATA" "$WORK/prom" >"$WORK/promtool.log" 2>&1
    "$IGNIS_HOME/bin/ignistool" tsdb create-blocks-from openmetrics "$DATA" "$WORK/ignis" >"$WORK/ignistool.log" 2>&1
fi
printf 'global:\n  evaluation_interval: 1m\nscrape_configs: []\n' >"$WORK/prometheus.yml"

PPORT=$(free_port)
IPORT=$(free_port)
PPID_=$(start_bg prometheus "$WORK" prometheus --config.file="$WORK/prometheus.yml" \
    --storage.tsdb.path="$WORK/prom" --web.listen-address="127.0.0.1:$PPORT" \
    --enable-feature=promql-per-step-stats)
IPID=$(cd "$WORK" && start_bg ignis "$WORK" "$IGNIS_HOME/bin/ignis" --config.file="$WORK/prometheus.yml" \
    --storage.tsdb.path="$WORK/ignis" --web.listen-address="127.0.0.1:$IPORT" \
    --enable-feature=promql-per-step-stats)
cleanup() {
    stop_pid "$IPID"
    stop_pid "$PPID_"
    [[ "${KEEP:-0}" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
wait_http "http://127.0.0.1:$PPORT/-/ready" 120
wait_http "http://127.0.0.1:$IPORT/-/ready" 120

QSTART=$((END - RANGE))
# q <port> <query> [extra]: the response body of the range query.
q() {
    curl -sf --max-time 300 "http://127.0.0.1:$1/api/v1/query_range" --data-urlencode "query=$2" \
        -d "start=$QSTART" -d "end=$END" -d "step=$STEP" ${3:+-d "$3"}
}
# secs <port> <query>: wall seconds of one query, the whole body read.
secs() {
    curl -sf --max-time 300 -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$1/api/v1/query_range" \
        --data-urlencode "query=$2" -d "start=$QSTART" -d "end=$END" -d "step=$STEP"
}

if [[ "$MODE" == stats ]]; then
    for i in "${!QUERIES[@]}"; do
        p=$(q "$PPORT" "${QUERIES[$i]}" stats=all | jq -c '.data.stats.samples')
        g=$(q "$IPORT" "${QUERIES[$i]}" stats=all | jq -c '.data.stats.samples')
        if [[ "$p" == "$g" ]]; then s=same; else s=DIFFERENT; fi
        printf '%-20s %s total/peak prometheus=%s ignis=%s\n' "${NAMES[$i]}" "$s" \
            "$(jq -c '[.totalQueryableSamples,.peakSamples]' <<<"$p")" "$(jq -c '[.totalQueryableSamples,.peakSamples]' <<<"$g")"
    done
    exit 0
fi

log "checking that both answer the same"
for i in "${!QUERIES[@]}"; do
    a=$(q "$PPORT" "${QUERIES[$i]}" | jq -S '.data.result | map({metric, n: (.values | length)}) | sort_by(.metric | tostring)' | md5sum)
    b=$(q "$IPORT" "${QUERIES[$i]}" | jq -S '.data.result | map({metric, n: (.values | length)}) | sort_by(.metric | tostring)' | md5sum)
    [[ "$a" == "$b" ]] || log "WARNING: ${NAMES[$i]}: the series or point counts differ"
done

# The JIT compiles the query path during the warm-up, at a CPU cost that would otherwise be
# counted against the first measured queries.
log "warming up ($WARMUP rounds)"
for _ in $(seq 1 "$WARMUP"); do
    for i in "${!QUERIES[@]}"; do
        secs "$PPORT" "${QUERIES[$i]}" >/dev/null; secs "$IPORT" "${QUERIES[$i]}" >/dev/null
    done
done

# Steady state of a long-running server: the JVM compiles a method that runs once per request
# (HTTP handling, parsing, the JSON writer) only after some thousands of requests, and until
# then each query pays for interpreted or C1 code and for the compiler's threads. Prometheus
# has no such warm-up, so only Ignis gets these extra rounds.
if (( IGNIS_WARMUP_SECONDS > 0 )); then
    log "warming up Ignis alone for ${IGNIS_WARMUP_SECONDS}s"
    until=$((SECONDS + IGNIS_WARMUP_SECONDS))
    n=0
    while (( SECONDS < until )); do
        for i in "${!QUERIES[@]}"; do
            secs "$IPORT" "${QUERIES[$i]}" >/dev/null
        done
        n=$((n + 1))
    done
    log "$n rounds of all queries on Ignis"
fi

echo "# $INSTANCES instances, $(( (RANGE / STEP) + 1 )) steps of ${STEP}s over ${RANGE}s, $ROUNDS rounds, load before: $(loadavg)"
echo "# wall: median of the rounds; cpu: the server process's CPU seconds per query (user+sys, all threads)"
printf '%-20s %10s %10s %7s %10s %10s %7s\n' query prom_ms ignis_ms ratio prom_cpu ignis_cpu ratio
for i in "${!QUERIES[@]}"; do
    pt=()
    it=()
    pc=0
    ic=0
    for r in $(seq 1 "$ROUNDS"); do
        # Alternate which server goes first.
        for side in $(if (( r % 2 )); then echo p i; else echo i p; fi); do
            if [[ $side == p ]]; then
                c0=$(cpu_seconds "$PPID_"); pt+=("$(secs "$PPORT" "${QUERIES[$i]}")"); c1=$(cpu_seconds "$PPID_")
                pc=$(awk -v a="$pc" -v b="$c0" -v c="$c1" 'BEGIN { print a + c - b }')
            else
                c0=$(cpu_seconds "$IPID"); it+=("$(secs "$IPORT" "${QUERIES[$i]}")"); c1=$(cpu_seconds "$IPID")
                ic=$(awk -v a="$ic" -v b="$c0" -v c="$c1" 'BEGIN { print a + c - b }')
            fi
        done
    done
    pm=$(printf '%s\n' "${pt[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] * 1000}')
    im=$(printf '%s\n' "${it[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] * 1000}')
    pcq=$(awk -v a="$pc" -v n="$ROUNDS" 'BEGIN { printf "%.3f", a / n }')
    icq=$(awk -v a="$ic" -v n="$ROUNDS" 'BEGIN { printf "%.3f", a / n }')
    printf '%-20s %10.1f %10.1f %7s %10s %10s %7s\n' "${NAMES[$i]}" "$pm" "$im" "$(ratio "$pm" "$im")" \
        "$pcq" "$icq" "$(ratio "$pcq" "$icq")"
done
echo "# ratio = Prometheus / Ignis (above 1: Ignis faster); load after: $(loadavg)"

#!/usr/bin/env bash
# Records what a real Prometheus 2.42 reports for the queries of stats_queries.txt over
# stats_data.om (backfilled with promtool): the samples statistics of stats=all (with
# --enable-feature=promql-per-step-stats) of each query as a range query and as an instant
# query, and for some queries whether --query.max-samples at the peak and one below it fails.
# Writes ../../resources/dev/ignis/promql/internal/engine/stats_reference.tsv and
# max_samples_reference.tsv. Needs prometheus, promtool, curl, jq.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RES="$HERE/../../resources/dev/ignis/promql/internal/engine"
T0=1700000000
START=$((T0 + 600)); END=$((T0 + 1800)); STEP=60; AT=$((T0 + 1200))
WORK="$(mktemp -d)"
PORT=19391
trap 'kill $PID 2>/dev/null || true; wait 2>/dev/null; rm -rf "$WORK"' EXIT
promtool tsdb create-blocks-from openmetrics "$RES/stats_data.om" "$WORK/data" >/dev/null
printf 'global:\n  evaluation_interval: 1m\n' >"$WORK/p.yml"

start_prom() {
    prometheus --config.file="$WORK/p.yml" --storage.tsdb.path="$WORK/data" \
        --web.listen-address=127.0.0.1:$PORT --enable-feature=promql-per-step-stats "$@" \
        >"$WORK/log" 2>&1 &
    PID=$!
    for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:$PORT/-/ready && return; sleep 0.2; done
    echo "prometheus did not start" >&2; cat "$WORK/log" >&2; exit 1
}
stop_prom() { kill $PID; wait $PID 2>/dev/null || true; }
# row <kind> <query> <curl args...>
row() {
    local kind="$1" query="$2" body
    shift 2
    body=$(curl -s "http://127.0.0.1:$PORT/api/v1/$@" --data-urlencode "query=$query" -d stats=all)
    if [[ $(jq -r .status <<<"$body") != success ]]; then
        printf '%s\t%s\terror\t%s\n' "$kind" "$query" "$(jq -r .error <<<"$body")"
    else
        jq -r --arg k "$kind" --arg q "$query" '.data.stats.samples | [$k, $q, .totalQueryableSamples,
            .peakSamples, ([.totalQueryableSamplesPerStep[] | .[1]] | map(tostring) | join(","))] | @tsv' <<<"$body"
    fi
}

start_prom
{
    printf '# kind\tquery\ttotalQueryableSamples\tpeakSamples\tper step (range %s..%s step %s; instant at %s)\n' \
        $START $END $STEP $AT
    while IFS= read -r q; do
        row range "$q" query_range -d start=$START -d end=$END -d step=$STEP
        row instant "$q" query -d time=$AT
    done <"$RES/stats_queries.txt"
    for q in 'm_counter_total[5m]' 'm_gauge[10m:1m]' 'm_gauge[5m] @ 1700001200'; do
        row instant "$q" query -d time=$AT
    done
} >"$RES/stats_reference.tsv"
# One raw answer, for the JSON shape of the statistics (QueryEndpointsTest.statsFromTheEngine).
curl -s "http://127.0.0.1:$PORT/api/v1/query_range" --data-urlencode "query=sum(m_gauge)" \
    -d start=$START -d end=$((START + 120)) -d step=$STEP -d stats=all \
    | jq -c '.data.stats.samples' >"$HERE/stats_shape.json"
stop_prom

# The --query.max-samples boundary: at the peak a query passes, one below it fails.
{
    printf '# query\tmax-samples\tHTTP status\terror (range %s..%s step %s)\n' $START $END $STEP
    for q in 'rate(m_counter_total[5m])' 'sum by (grp) (rate(m_counter_total[5m]))' \
            'm_gauge * on (inst) group_left (ver) m_info' 'max_over_time(m_gauge[10m:1m])' \
            'm_gauge @ 1700001200' 'timestamp(m_gauge)' 'topk(2, m_gauge)'; do
        peak=$(awk -F'\t' -v q="$q" '$1 == "range" && $2 == q { print $4 }' "$RES/stats_reference.tsv")
        for max in "$peak" $((peak - 1)); do
            start_prom --query.max-samples=$max
            out=$(curl -s -w '\t%{http_code}' "http://127.0.0.1:$PORT/api/v1/query_range" \
                --data-urlencode "query=$q" -d start=$START -d end=$END -d step=$STEP)
            stop_prom
            printf '%s\t%s\t%s\t%s\n' "$q" "$max" "${out##*$'\t'}" "$(jq -r '.error // ""' <<<"${out%$'\t'*}")"
        done
    done
} >"$RES/max_samples_reference.tsv"

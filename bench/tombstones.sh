#!/usr/bin/env bash
# delete_series and clean_tombstones through the admin API, Ignis against Prometheus 2.42, on
# copies of the same blocks: promtool turns SERIES series x 6 h (15 s interval, half counters,
# half 2-decimal gauges) into three 2h blocks; each server gets delete_series of every counter
# in the middle two hours, then 20 times 10 s of every gauge, then clean_tombstones
# (which rewrites the blocks), each timed by curl. Runs alternate between the two servers; the load average is printed with each.
# Usage: bench/tombstones.sh (SERIES=2000 RUNS=3; IGNIS_HOME defaults to the built distribution).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
IGNIS_HOME=${IGNIS_HOME:-$ROOT/distribution/target/ignis}
SERIES=${SERIES:-2000}
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/ignis-tombstones.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

python3 - "$SERIES" > "$WORK/in.om" <<'PY'
import random, sys
n = int(sys.argv[1])
start = 1600000000 // 7200 * 7200
random.seed(1)
print("# TYPE c counter")
for s in range(n // 2):
    for t in range(start, start + 6 * 3600, 15):
        print('c_total{s="%d"} %d %d' % (s, (t - start) // 15 * (s + 1), t))
print("# TYPE g gauge")
for s in range(n - n // 2):
    for t in range(start, start + 6 * 3600, 15):
        print('g{s="%d"} %.2f %d' % (s, random.uniform(0, 100), t))
print("# EOF")
PY
promtool tsdb create-blocks-from openmetrics "$WORK/in.om" "$WORK/src" > /dev/null
START=$(( 1600000000 / 7200 * 7200 + 7200 ))
END=$(( START + 7200 ))
printf 'global:\n  scrape_interval: 1h\n' > "$WORK/prometheus.yml"

ms() { # curl's time_total in ms
    awk '{ printf "%.1f", $1 * 1000 }'
}

run_one() { # <name> <cmd...>: starts the server, times both calls, stops it
    local name=$1 port
    shift
    port=$((20000 + RANDOM % 20000))
    ( cd "$WORK" && exec "$@" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/$name" \
        --storage.tsdb.retention.time=100y --web.enable-admin-api --web.listen-address="127.0.0.1:$port" \
        > "$WORK/$name.log" 2>&1 ) &
    PID=$!
    for _ in $(seq 120); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready" && break
        sleep 0.5
    done
    local base="http://127.0.0.1:$port/api/v1/admin/tsdb"
    local d d2 c
    d=$(curl -s -o /dev/null -w '%{time_total}' -XPOST "$base/delete_series" --data-urlencode 'match[]=c_total' \
        -d start=$START -d end=$END | ms)
    # 20 more deletions (10 s of every gauge each), once everything is loaded and compiled
    # (Ignis's first call also loads its classes): their median.
    d2=$(for k in $(seq 20); do
        curl -s -o /dev/null -w '%{time_total}\n' -XPOST "$base/delete_series" --data-urlencode 'match[]=g' \
            -d start=$((START + 60 * k)) -d end=$((START + 60 * k + 10))
    done | sort -n | sed -n 10p | ms)
    c=$(curl -s -o /dev/null -w '%{time_total}' -XPOST "$base/clean_tombstones" | ms)
    kill "$PID"; wait "$PID" || true
    PID=
    echo "$name delete_ms=$d median_next_delete_ms=$d2 clean_ms=$c load=$(cut -d' ' -f1-3 /proc/loadavg)"
}

for i in $(seq "$RUNS"); do
    cp -r "$WORK/src" "$WORK/prom$i"
    run_one "prom$i" prometheus
    cp -r "$WORK/src" "$WORK/ignis$i"
    run_one "ignis$i" "$IGNIS_HOME/bin/ignis"
done

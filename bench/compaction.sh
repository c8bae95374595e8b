#!/usr/bin/env bash
# Block compaction, Ignis against Prometheus 2.42, side by side on the same blocks: promtool
# turns SERIES series x 10 h (15 s interval, half counters, half 2-decimal gauges) into five
# 2h blocks; both compact the first three into one 6h block (the planner's first choice).
# Prometheus: a fresh server on a copy compacts within its first minute; its logged
# "compact blocks ... duration=" is taken. Ignis: CompactionTiming (tsdb-bench) times
# BlockLifecycle.compactBlocks() on a copy, several runs in one JVM (the first is cold).
# Runs are interleaved; the load average is printed with each. Usage: bench/compaction.sh
# (SERIES=1000 RUNS=3 by default).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERIES=${SERIES:-1000}
RUNS=${RUNS:-3}
WORK=$(mktemp -d /tmp/ignis-compaction.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
JAR=$ROOT/bundles/tsdb-bench/target/benchmarks.jar
[ -f "$JAR" ] || mvn -B -q -f "$ROOT/bundles/tsdb-bench/pom.xml" package

python3 - "$SERIES" > "$WORK/in.om" <<'PY'
import random, sys, time
n = int(sys.argv[1])
six = 6 * 3600
start = (int(time.time()) - 3 * 86400) // six * six
random.seed(1)
print("# TYPE c counter")
for t in range(start, start + 10 * 3600, 15):
    for s in range(n // 2):
        print('c_total{s="%d"} %d %d' % (s, (t - start) // 15 * (s + 1), t))
print("# TYPE g gauge")
for t in range(start, start + 10 * 3600, 15):
    for s in range(n - n // 2):
        print('g{s="%d"} %.2f %d' % (s, random.uniform(0, 100), t))
print("# EOF")
PY
promtool tsdb create-blocks-from openmetrics "$WORK/in.om" "$WORK/src" > /dev/null
printf 'global:\n  scrape_interval: 1h\n' > "$WORK/prometheus.yml"

to_ms() { # Go duration (1.5s, 812.3ms, 95.1µs) -> ms
    python3 -c 'import re,sys; d=sys.argv[1]; m=re.fullmatch(r"([0-9.]+)(ms|s|µs|us|m)", d); v=float(m.group(1)); print("%.1f" % (v*{"ms":1,"s":1000,"µs":0.001,"us":0.001,"m":60000}[m.group(2)]))' "$1"
}

prom=()
ignis_cold=()
ignis_warm=()
for i in $(seq "$RUNS"); do
    cp -r "$WORK/src" "$WORK/prom$i"
    port=$((20000 + RANDOM % 20000))
    prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom$i" \
        --web.listen-address="127.0.0.1:$port" > "$WORK/prom$i.log" 2>&1 &
    pid=$!
    for _ in $(seq 150); do
        grep -q 'msg="compact blocks"' "$WORK/prom$i.log" && break
        sleep 1
    done
    kill "$pid"; wait "$pid" || true
    d=$(grep -o 'msg="compact blocks".*duration=[^ ]*' "$WORK/prom$i.log" | head -1 | sed 's/.*duration=//')
    p=$(to_ms "$d")
    prom+=("$p")
    echo "run $i prometheus ms=$p load=$(cut -d' ' -f1-3 /proc/loadavg)"
    out=$(java -cp "$JAR" dev.ignis.tsdb.bench.CompactionTiming "$WORK/src" 5 2>/dev/null)
    cold=$(echo "$out" | sed -n 's/^run=0 ms=\([0-9]*\).*/\1/p')
    warm=$(echo "$out" | sed -n 's/^run=[1-9] ms=\([0-9]*\).*/\1/p' | sort -n | sed -n 2p)
    ignis_cold+=("$cold")
    ignis_warm+=("$warm")
    echo "run $i ignis cold ms=$cold warm(median of 4) ms=$warm load=$(cut -d' ' -f1-3 /proc/loadavg)"
    rm -rf "$WORK/prom$i"
done
python3 - "${prom[*]}" "${ignis_cold[*]}" "${ignis_warm[*]}" <<'PY'
import statistics, sys
p, c, w = ([float(x) for x in a.split()] for a in sys.argv[1:4])
mp, mc, mw = statistics.median(p), statistics.median(c), statistics.median(w)
print("median ms: prometheus %.1f, ignis cold %.1f (x%.2f), ignis warm %.1f (x%.2f)" % (mp, mc, mc / mp, mw, mw / mp))
PY

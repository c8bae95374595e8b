#!/usr/bin/env bash
# Backfill side by side: `ignistool tsdb create-blocks-from openmetrics` against promtool 2.42's
# on the same generated OpenMetrics files, interleaved ROUNDS times; prints wall time, user CPU
# and peak RSS of each, the promtool/ignistool wall ratio and the 1-minute load average after
# the round, and checks that both wrote blocks whose `promtool tsdb dump` is identical.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$BENCH_DIR/lib.sh"
ROUNDS="${ROUNDS:-3}"
WORK="${WORK:-$(mktemp -d /tmp/ignis-backfill.XXXXXX)}"
mkdir -p "$WORK"
ensure_prometheus
ensure_ignis

# gen <file> <series> <samples per series>: counters at a 15 s step, one-decimal increments.
gen() {
    python3 - "$@" <<'PY'
import random, sys
path, series, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(9)
with open(path, 'w') as f:
    f.write('# HELP node_cpu_seconds CPU.\n# TYPE node_cpu_seconds counter\n')
    for s in range(series):
        v = 0.0
        labels = f'cpu="{s % 32}",mode="{("idle", "user", "system", "iowait")[s % 4]}",instance="host-{s // 32}:9100",job="node"'
        for k in range(samples):
            v += random.randint(0, 100) / 10
            f.write(f'node_cpu_seconds_total{{{labels}}} {v:.1f} {1669500000 + k * 15}\n')
    f.write('# EOF\n')
PY
}

# run <cmd...>: prints "wall user rss_kb" of one run.
run() {
    /usr/bin/time -o "$WORK/time" -f '%e %U %M' "$@" >/dev/null 2>&1
    cat "$WORK/time"
}

printf '%-22s %-6s %5s %8s %8s %9s %8s %8s %9s %7s\n' input round load prom_s prom_cpu prom_rss_mb ignis_s ignis_cpu \
    ignis_rss_mb ratio
for spec in "1000x1000" "500x4320"; do
    series="${spec%x*}" samples="${spec#*x}"
    in="$WORK/in-$spec.om"
    [[ -f "$in" ]] || gen "$in" "$series" "$samples"
    for r in $(seq 1 "$ROUNDS"); do
        rm -rf "$WORK/p" "$WORK/i"
        read -r pw pu pm < <(run promtool tsdb create-blocks-from openmetrics -q "$in" "$WORK/p")
        read -r iw iu im < <(run "$IGNIS_HOME/bin/ignistool" tsdb create-blocks-from openmetrics -q "$in" "$WORK/i")
        printf '%-22s %-6s %5s %8s %8s %9d %8s %8s %9d %7s\n' "$spec ($((series * samples)))" "$r" "$(loadavg)" \
            "$pw" "$pu" $((pm / 1024)) "$iw" "$iu" $((im / 1024)) "$(ratio "$pw" "$iw")"
    done
    mkdir -p "$WORK/p/wal" "$WORK/i/wal"
    if [[ "$(promtool tsdb dump "$WORK/p" | md5sum)" != "$(promtool tsdb dump "$WORK/i" | md5sum)" ]]; then
        log "DIFFERENT dumps for $spec"
        exit 1
    fi
done
log "load average: $(loadavg)"

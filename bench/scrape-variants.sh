#!/usr/bin/env bash
# Memory per series of several Ignis variants (JVM options and/or builds) at once: one fixture
# and one Prometheus 2.42, and every variant of Ignis scraping the same targets at the same
# time, so that their figures and Prometheus's come from the same conditions. At 10 s per
# scrape the ingest itself is a few percent of a core per server; start-up (JIT, series
# creation) is what the variants compete for, hence the long warm-up.
#
#   VARIANTS=variants.txt bench/scrape-variants.sh
#   SERIES="100000 500000" VARIANTS=variants.txt bench/scrape-variants.sh
#
# VARIANTS: a file of lines "name<TAB>IGNIS_JAVA_DEFAULT_OPTS[<TAB>IGNIS_HOME[<TAB>ENV]]" (lines
# starting with # are skipped; an empty options field runs the JVM's own defaults, the third
# field a different build, e.g. a git worktree's distribution/target/ignis, empty for this one;
# the fourth, space-separated NAME=value pairs set in bin/ignis's environment, e.g.
# MALLOC_ARENA_MAX=16).
# Environment (defaults in brackets): SERIES, one run per value, in sequence [500000];
# PER_TARGET [1000]; INTERVAL [10s]; WARMUP [150]; MEASURE [90]; WINDOWS [2]; IGNIS_JAVA_OPTS
# (added to every variant); OUT [a new dir under /tmp]; KEEP=1 keeps OUT.
# Each variant logs its GC to OUT/<series>/<name>-gc.log (-Xlog:gc*,safepoint). Printed per
# window: CPU us per ingested sample of each variant and its ratio to Prometheus's; at the end
# of each run: RSS (VmRSS) per head series and its ratio to Prometheus's, committed heap, and
# the GC pauses (count, longest, full collections) over the whole run, start-up included.
# THREADS=1 also prints each variant's CPU per thread (pools summed) for each window.
# With two or more SERIES values, the marginal bytes per series between the first and the last
# (RSS growth / series growth) follow, for each variant and for Prometheus.
# SNAPSHOT=1 (with KEEP=1) also saves per variant, after the RSS figures, OUT/<series>-<name>-*.txt:
# resident memory per NMT category (nmt-resident.py; needs -XX:NativeMemoryTracking=detail in
# the variant's options), the NMT summary, class loaders, threads and the live-heap histogram.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SERIES="${SERIES:-500000}"
PER_TARGET="${PER_TARGET:-1000}"
INTERVAL="${INTERVAL:-10s}"
WARMUP="${WARMUP:-150}"
MEASURE="${MEASURE:-90}"
WINDOWS="${WINDOWS:-2}"
VARIANTS="${VARIANTS:?a file of name<TAB>options[<TAB>home] lines}"
OUT="${OUT:-$(mktemp -d /tmp/ignis-bench-variants.XXXXXX)}"
mkdir -p "$OUT"

ensure_prometheus
ensure_ignis

PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do stop_pid "$p"; done
    PIDS=()
}
trap 'cleanup; [[ "${KEEP:-0}" == 1 ]] || rm -rf "$OUT"' EXIT

# metric <base-url> <name>: metric_sum, retried: a server busy starting others may miss the
# 10 s timeout once.
metric() {
    local v="" i
    for i in 1 2 3 4 5; do
        v="$(metric_sum "$1" "$2" || true)"
        [[ -n "$v" ]] && break
        sleep 2
    done
    echo "${v:-0}"
}

us_per_sample() {
    awk -v a="$1" -v b="$2" -v x="$3" -v y="$4" 'BEGIN { if (y - x <= 0) print "-"; else printf "%.3f", (b - a) * 1e6 / (y - x) }'
}

# gc_pauses <gc-log> [first-line]: "count longest_ms full_count" of the stop-the-world pauses
# logged from that line on.
gc_pauses() {
    tail -n +"${2:-1}" "$1" | awk '/gc +\] GC\([0-9]+\) Pause/ { v = $NF; sub(/ms$/, "", v); if (v + 0 > m) m = v + 0; c++; if (/Pause Full/) f++ }
        END { printf "%d %.1f %d\n", c, m, f }'
}

run() {
    local total="$1" targets=$(( $1 / PER_TARGET )) dir="$OUT/$1" i
    mkdir -p "$dir"
    local fport pport
    fport="$(free_port)"
    pport="$(free_port)"
    {
        echo "global:"
        echo "  scrape_interval: $INTERVAL"
        echo "  scrape_timeout: $INTERVAL"
        echo "scrape_configs:"
        echo "  - job_name: bench"
        echo "    static_configs:"
        echo "      - targets:"
        for ((i = 0; i < targets; i++)); do
            echo "          - 127.0.$((i / 250)).$((i % 250 + 1)):$fport"
        done
    } >"$dir/scrape.yml"
    local fpid ppid
    fpid="$(start_bg fixture "$dir" java -XX:+UseSerialGC -Xmx1g -Dsun.net.httpserver.maxIdleConnections=100000 \
        -Dsun.net.httpserver.idleInterval=600 "$BENCH_DIR/fixture/Fixture.java" "$fport" "$PER_TARGET" 2)"
    PIDS+=("$fpid")
    wait_http "http://127.0.0.1:$fport/metrics" 60
    ppid="$(start_bg prometheus "$dir" prometheus --config.file="$dir/scrape.yml" --storage.tsdb.path="$dir/prometheus-data" \
        --web.listen-address="127.0.0.1:$pport")"
    PIDS+=("$ppid")
    local names=() pids=() ports=() line name opts home envs port pid
    while IFS= read -r line; do
        # Tabs to a separator that is not IFS white space, so that empty fields stay fields.
        IFS=$'\x1f' read -r name opts home envs <<<"${line//$'\t'/$'\x1f'}"
        [[ -z "$name" || "$name" == \#* ]] && continue
        port="$(free_port)"
        # shellcheck disable=SC2086 # IGNIS_JAVA_OPTS and envs are lists
        pid="$(IGNIS_JAVA_DEFAULT_OPTS="$opts" \
            IGNIS_JAVA_OPTS="-Xlog:gc*=info,safepoint=info:file=$dir/$name-gc.log:uptime,level,tags ${IGNIS_JAVA_OPTS:-}" \
            start_bg "ignis-$name" "$dir" env ${envs:-} "${home:-$IGNIS_HOME}/bin/ignis" --config.file="$dir/scrape.yml" \
            --storage.tsdb.path="$dir/ignis-$name-data" --web.listen-address="127.0.0.1:$port")"
        PIDS+=("$pid"); names+=("$name"); pids+=("$pid"); ports+=("$port")
    done <"$VARIANTS"
    wait_http "http://127.0.0.1:$pport/-/ready" 60
    for port in "${ports[@]}"; do wait_http "http://127.0.0.1:$port/-/ready" 120; done
    log "series=$total variants=${names[*]} dir=$dir; warming up for ${WARMUP}s"
    sleep "$WARMUP"

    local n=${#names[@]} k w c0=() s0=() mark=() c1 s1 pc0 ps0 pc1 ps1 pus ius
    pc0="$(cpu_seconds "$ppid")"; ps0="$(metric "http://127.0.0.1:$pport" prometheus_tsdb_head_samples_appended_total)"
    for ((k = 0; k < n; k++)); do
        c0[k]="$(cpu_seconds "${pids[k]}")"
        s0[k]="$(metric "http://127.0.0.1:${ports[k]}" prometheus_tsdb_head_samples_appended_total)"
        mark[k]=$(( $(wc -l <"$dir/${names[k]}-gc.log") + 1 ))
        [[ "${THREADS:-0}" == 1 ]] && thread_cpu "${pids[k]}" >"$dir/${names[k]}-threads.0"
    done
    for ((w = 1; w <= WINDOWS; w++)); do
        sleep "$MEASURE"
        pc1="$(cpu_seconds "$ppid")"; ps1="$(metric "http://127.0.0.1:$pport" prometheus_tsdb_head_samples_appended_total)"
        pus="$(us_per_sample "$pc0" "$pc1" "$ps0" "$ps1")"
        printf '%-8s %-6s %-16s %9s %7s %6s\n' "$total" "$w" prometheus "$pus" "" "$(loadavg)" | tee -a "$OUT/cpu.txt"
        for ((k = 0; k < n; k++)); do
            c1="$(cpu_seconds "${pids[k]}")"
            s1="$(metric "http://127.0.0.1:${ports[k]}" prometheus_tsdb_head_samples_appended_total)"
            ius="$(us_per_sample "${c0[k]}" "$c1" "${s0[k]}" "$s1")"
            printf '%-8s %-6s %-16s %9s %7s\n' "$total" "$w" "${names[k]}" "$ius" "$(ratio "$ius" "$pus")" | tee -a "$OUT/cpu.txt"
            if [[ "${THREADS:-0}" == 1 ]]; then
                thread_cpu "${pids[k]}" >"$dir/${names[k]}-threads.1"
                thread_cpu_delta "$dir/${names[k]}-threads.0" "$dir/${names[k]}-threads.1" | head -12 | sed 's/^/    /' | tee -a "$OUT/threads.txt"
                mv "$dir/${names[k]}-threads.1" "$dir/${names[k]}-threads.0"
            fi
            c0[k]="$c1"; s0[k]="$s1"
        done
        pc0="$pc1"; ps0="$ps1"
    done

    local prss pser pb r s b heap
    prss="$(rss_kb "$ppid")"; pser="$(metric "http://127.0.0.1:$pport" prometheus_tsdb_head_series)"
    (( pser > 0 )) || pser=1
    pb=$(( prss * 1024 / pser ))
    printf '%-8s %-16s %9s %10s %8s %7s\n' "$total" prometheus "$((prss / 1024))" "$pser" "$pb" "" >>"$OUT/rss.txt"
    echo "$total prometheus $prss $pser" >>"$OUT/rss-raw.txt"
    for ((k = 0; k < n; k++)); do
        r="$(rss_kb "${pids[k]}")"; s="$(metric "http://127.0.0.1:${ports[k]}" prometheus_tsdb_head_series)"
        (( s > 0 )) || s=1
        b=$(( r * 1024 / s ))
        heap="$({ jcmd "${pids[k]}" GC.heap_info 2>/dev/null || true; } | awk '/total/ { for (i = 1; i < NF; i++) if ($i == "total") { v = $(i + 1); sub(/K,?$/, "", v); t += v } } END { printf "%d", t / 1024 }')"
        printf '%-8s %-16s %9s %10s %8s %7s %8s %-18s %s\n' "$total" "${names[k]}" "$((r / 1024))" "$s" "$b" "$(ratio "$b" "$pb")" \
            "$heap" "$(gc_pauses "$dir/${names[k]}-gc.log")" "$(gc_pauses "$dir/${names[k]}-gc.log" "${mark[k]}")" >>"$OUT/rss.txt"
        echo "$total ${names[k]} $r $s" >>"$OUT/rss-raw.txt"
    done
    if [[ "${SNAPSHOT:-0}" == 1 ]]; then
        # After the RSS figures: the class histogram's full GC changes the heap.
        for ((k = 0; k < n; k++)); do
            local f="$OUT/$total-${names[k]}"
            "$BENCH_DIR/nmt-resident.py" "${pids[k]}" >"$f-nmt.txt" 2>&1 || true
            jcmd "${pids[k]}" VM.native_memory summary >"$f-nmt-summary.txt" 2>&1 || true
            jcmd "${pids[k]}" VM.classloader_stats >"$f-classloaders.txt" 2>&1 || true
            jcmd "${pids[k]}" Thread.print >"$f-threads.txt" 2>&1 || true
            jcmd "${pids[k]}" GC.class_histogram >"$f-histo.txt" 2>&1 || true
        done
    fi
    cleanup
}

: >"$OUT/cpu.txt"; : >"$OUT/rss.txt"; : >"$OUT/rss-raw.txt"
printf '%-8s %-6s %-16s %9s %7s %6s\n' series window server us/sample ratio load
for s in $SERIES; do
    run "$s"
done
echo
echo "Resident memory at the end: MiB, head series, bytes per series, ratio to Prometheus; committed heap"
echo "(MiB, from the young and old generations' totals); GC pauses (count, longest ms, full collections)"
echo "over the whole run and over the measurement windows:"
printf '%-8s %-16s %9s %10s %8s %7s %8s %-18s %s\n' series server RSS_MiB head_ser B/series ratio heap_MiB "run:n max full" "windows:n max full"
cat "$OUT/rss.txt"
first="$(awk 'NR == 1 { print $1 }' "$OUT/rss-raw.txt")"
last="$(awk 'END { print $1 }' "$OUT/rss-raw.txt")"
if [[ "$first" != "$last" ]]; then
    echo
    echo "Marginal bytes per series from $first to $last series (RSS growth / head series growth):"
    awk -v a="$first" -v z="$last" '$1 == a { r0[$2] = $3; s0[$2] = $4 } $1 == z { r1[$2] = $3; s1[$2] = $4; order[++n] = $2 }
        END { for (i = 1; i <= n; i++) { v = order[i]; if (v in r0) printf "%-16s %8.0f\n", v, (r1[v] - r0[v]) * 1024 / (s1[v] - s0[v]) } }' \
        "$OUT/rss-raw.txt"
fi

#!/usr/bin/env bash
# Ingestion side by side: Ignis (bin/ignis) and Prometheus 2.42 scrape the same fixture
# targets with the same config, at the same time, and the script prints the CPU each spends
# per ingested sample and its resident memory per active series, with Ignis/Prometheus ratios.
#
#   bench/scrape.sh                      # 100k then 500k series
#   SERIES="100000" MEASURE=60 bench/scrape.sh
#
# Environment (defaults in brackets):
#   SERIES       total active series, one run per value ["100000 500000"]
#   PER_TARGET   series per target (targets = SERIES / PER_TARGET) [1000]
#   INTERVAL     scrape_interval (scrape_timeout is the same) [10s]
#   WARMUP       seconds before the first window: series creation and JIT warm-up [120]
#   MEASURE      seconds per measurement window [120]
#   WINDOWS      measurement windows per run, printed one by one [2]
#   IGNIS_JAVA_OPTS  extra JVM options for bin/ignis (e.g. -Xmx2g)
#   IGNIS_JAVA_DEFAULT_OPTS  bin/ignis's default JVM options; "" runs with the JVM's own defaults
#   OUT          where data dirs, configs and logs go [a new dir under /tmp]
#   KEEP=1       keep OUT afterwards
#   BUILD=1      rebuild the distribution first
#   THREADS=1    also print Ignis's CPU per thread (pools summed) for each window
#   HISTO=1      after the RSS reading, Ignis's live-heap class histogram (jcmd, full GC) and
#                heap summary (and native memory, with -XX:NativeMemoryTracking=summary in
#                IGNIS_JAVA_OPTS) go to OUT/<series>/ignis-histo.txt; the top classes and live
#                heap bytes per series are printed
# Columns: ignis_us and prom_us are CPU us per sample, ratio their quotient; ignis_nojit leaves
# out Ignis's JIT compiler threads (still busy minutes after start on a loaded machine).
# Measured per window: CPU = utime + stime from /proc/<pid>/stat (all threads), samples =
# growth of prometheus_tsdb_head_samples_appended_total on each server's /metrics. RSS
# (VmRSS) and prometheus_tsdb_head_series at the end of the last window.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

SERIES="${SERIES:-100000 500000}"
PER_TARGET="${PER_TARGET:-1000}"
INTERVAL="${INTERVAL:-10s}"
WARMUP="${WARMUP:-120}"
MEASURE="${MEASURE:-120}"
WINDOWS="${WINDOWS:-2}"
OUT="${OUT:-$(mktemp -d /tmp/ignis-bench-scrape.XXXXXX)}"
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

# write_config <file> <fixture-port> <targets>: one job, targets on 127.0.a.b:<port>.
write_config() {
    local file="$1" port="$2" n="$3" i
    {
        echo "global:"
        echo "  scrape_interval: $INTERVAL"
        echo "  scrape_timeout: $INTERVAL"
        echo "scrape_configs:"
        echo "  - job_name: bench"
        echo "    static_configs:"
        echo "      - targets:"
        for ((i = 0; i < n; i++)); do
            echo "          - 127.0.$((i / 250)).$((i % 250 + 1)):$port"
        done
    } >"$file"
}

# One measurement row, from two snapshots "cpu samples" per server.
# jit: CPU seconds of Ignis's JIT compiler threads in the window, shown apart as "ignis_nojit".
row() {
    local series="$1" w="$2" ic0="$3" is0="$4" ic1="$5" is1="$6" pc0="$7" ps0="$8" pc1="$9" ps1="${10}" jit="${11}"
    local ius pus nojit
    ius="$(awk -v c0="$ic0" -v c1="$ic1" -v s0="$is0" -v s1="$is1" 'BEGIN { printf "%.3f", (c1 - c0) * 1e6 / (s1 - s0) }')"
    nojit="$(awk -v c0="$ic0" -v c1="$ic1" -v j="$jit" -v s0="$is0" -v s1="$is1" 'BEGIN { printf "%.3f", (c1 - c0 - j) * 1e6 / (s1 - s0) }')"
    pus="$(awk -v c0="$pc0" -v c1="$pc1" -v s0="$ps0" -v s1="$ps1" 'BEGIN { printf "%.3f", (c1 - c0) * 1e6 / (s1 - s0) }')"
    printf '%-8s %-6s %12s %12s %12s %7s %10s %10s %6s\n' "$series" "$w" "$ius" "$nojit" "$pus" "$(ratio "$ius" "$pus")" \
        "$((is1 - is0))" "$((ps1 - ps0))" "$(loadavg)"
}

run() {
    local total="$1" targets=$(( $1 / PER_TARGET )) dir="$OUT/$1"
    mkdir -p "$dir"
    local fport iport pport
    fport="$(free_port)"
    iport="$(free_port)"
    pport="$(free_port)"
    write_config "$dir/scrape.yml" "$fport" "$targets"

    log "series=$total targets=$targets interval=$INTERVAL fixture=:$fport ignis=:$iport prometheus=:$pport dir=$dir"
    local fpid ipid ppid
    # The JDK server keeps at most 200 idle connections by default and closes the rest after
    # each exchange: every target keeps its connection here, as real exporters do.
    fpid="$(start_bg fixture "$dir" java -XX:+UseSerialGC -Xmx512m -Dsun.net.httpserver.maxIdleConnections=100000 \
        -Dsun.net.httpserver.idleInterval=600 "$BENCH_DIR/fixture/Fixture.java" "$fport" "$PER_TARGET" 2)"
    PIDS+=("$fpid")
    wait_http "http://127.0.0.1:$fport/metrics" 60
    ppid="$(start_bg prometheus "$dir" prometheus --config.file="$dir/scrape.yml" --storage.tsdb.path="$dir/prometheus-data" \
        --web.listen-address="127.0.0.1:$pport")"
    PIDS+=("$ppid")
    # shellcheck disable=SC2086 # IGNIS_JAVA_OPTS is a list of options
    ipid="$(IGNIS_JAVA_OPTS="${IGNIS_JAVA_OPTS:-}" start_bg ignis "$dir" "$IGNIS_HOME/bin/ignis" --config.file="$dir/scrape.yml" \
        --storage.tsdb.path="$dir/ignis-data" --web.listen-address="127.0.0.1:$iport")"
    PIDS+=("$ipid")
    wait_http "http://127.0.0.1:$pport/-/ready" 60
    wait_http "http://127.0.0.1:$iport/-/ready" 60
    log "warming up for ${WARMUP}s"
    sleep "$WARMUP"

    local iu="http://127.0.0.1:$iport" pu="http://127.0.0.1:$pport" w
    local ic0 is0 pc0 ps0 ic1 is1 pc1 ps1
    ic0="$(cpu_seconds "$ipid")"; is0="$(metric_sum "$iu" prometheus_tsdb_head_samples_appended_total)"
    pc0="$(cpu_seconds "$ppid")"; ps0="$(metric_sum "$pu" prometheus_tsdb_head_samples_appended_total)"
    thread_cpu "$ipid" >"$dir/threads-0.txt"
    for ((w = 1; w <= WINDOWS; w++)); do
        sleep "$MEASURE"
        thread_cpu "$ipid" >"$dir/threads-$w.txt"
        thread_cpu_delta "$dir/threads-$((w - 1)).txt" "$dir/threads-$w.txt" >"$dir/threads-delta-$w.txt"
        if [[ "${THREADS:-0}" == 1 ]]; then
            log "Ignis CPU seconds per thread, window $w:"
            head -12 "$dir/threads-delta-$w.txt" >&2
        fi
        ic1="$(cpu_seconds "$ipid")"; is1="$(metric_sum "$iu" prometheus_tsdb_head_samples_appended_total)"
        pc1="$(cpu_seconds "$ppid")"; ps1="$(metric_sum "$pu" prometheus_tsdb_head_samples_appended_total)"
        row "$total" "$w" "$ic0" "$is0" "$ic1" "$is1" "$pc0" "$ps0" "$pc1" "$ps1" \
            "$(awk '$2 ~ /^C[N12]_?Compiler/ { s += $1 } END { print s + 0 }' "$dir/threads-delta-$w.txt")" >>"$OUT/cpu.txt"
        tail -1 "$OUT/cpu.txt"
        ic0="$ic1"; is0="$is1"; pc0="$pc1"; ps0="$ps1"
    done

    local irss prss iser pser ib pb
    irss="$(rss_kb "$ipid")"; prss="$(rss_kb "$ppid")"
    iser="$(metric_sum "$iu" prometheus_tsdb_head_series)"; pser="$(metric_sum "$pu" prometheus_tsdb_head_series)"
    ib="$(( irss * 1024 / iser ))"; pb="$(( prss * 1024 / pser ))"
    printf '%-8s %10s %10s %12s %12s %8s %8s %6s\n' "$total" "$iser" "$pser" "$((irss / 1024))" "$((prss / 1024))" \
        "$ib" "$pb" "$(ratio "$ib" "$pb")" >>"$OUT/rss.txt"
    if [[ "${HISTO:-0}" == 1 ]]; then
        { jcmd "$ipid" GC.class_histogram; jcmd "$ipid" GC.heap_info; jcmd "$ipid" VM.native_memory summary; } >"$dir/ignis-histo.txt" 2>&1 || true
        log "Ignis live heap after a full GC: top classes (bytes per head series in the last column)"
        awk -v n="$iser" '$1 ~ /^[0-9]+:$/ && c++ < 15 { printf "%12d %10d %8.1f  %s\n", $3, $2, $3 / n, $4 }
            $1 == "Total" { printf "%12d %10d %8.1f  total\n", $3, $2, $3 / n }' "$dir/ignis-histo.txt" >&2
    fi
    cleanup
}

: >"$OUT/cpu.txt"
: >"$OUT/rss.txt"
printf '%-8s %-6s %12s %12s %12s %7s %10s %10s %6s\n' series window "ignis_us" "ignis_nojit" "prom_us" ratio ignis_n prom_n load
for s in $SERIES; do
    run "$s"
done
echo
echo "CPU per ingested sample (us), per window:"
printf '%-8s %-6s %12s %12s %12s %7s %10s %10s %6s\n' series window "ignis_us" "ignis_nojit" "prom_us" ratio ignis_n prom_n load
cat "$OUT/cpu.txt"
echo
echo "Resident memory at the end (MiB) and per head series (bytes):"
printf '%-8s %10s %10s %12s %12s %8s %8s %6s\n' series ignis_ser prom_ser ignis_MiB prom_MiB ignis_B prom_B ratio
cat "$OUT/rss.txt"

# Shared helpers for the side-by-side benches (source it: `. "$(dirname "$0")/lib.sh"`).
# Functions only; nothing runs when sourced except the path variables below.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
IGNIS_HOME="${IGNIS_HOME:-$REPO_DIR/distribution/target/ignis}"
CLK_TCK="$(getconf CLK_TCK)"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# Installs Debian's prometheus (2.42 on this machine) when missing.
ensure_prometheus() {
    if ! command -v prometheus >/dev/null 2>&1; then
        log "installing prometheus"
        apt-get install -y prometheus >/dev/null
    fi
    prometheus --version 2>&1 | head -1 >&2
}

# Builds the distribution when distribution/target/ignis/bin/ignis is missing (or when
# BUILD=1): the whole reactor without tests, offline first.
ensure_ignis() {
    if [[ "${BUILD:-0}" == 1 || ! -x "$IGNIS_HOME/bin/ignis" ]]; then
        log "building the distribution"
        (cd "$REPO_DIR" && { mvn -B -q -o -DskipTests install || mvn -B -q -DskipTests install; }) >&2
    fi
    [[ -x "$IGNIS_HOME/bin/ignis" ]] || { log "no $IGNIS_HOME/bin/ignis"; return 1; }
}

# start_bg <name> <logdir> <cmd...>: starts a process in the background with its output in
# <logdir>/<name>.log and prints its pid. `exec` keeps the pid the process's own (bin/ignis
# execs java).
start_bg() {
    local name="$1" dir="$2"
    shift 2
    ( exec "$@" >"$dir/$name.log" 2>&1 ) &
    echo $!
}

# stop_pid <pid>: SIGTERM, up to 30 s for a clean shutdown, then SIGKILL.
stop_pid() {
    local pid="$1" i
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# cpu_seconds <pid>: user + system CPU time of the process (its threads included), in seconds
# with tick resolution. The fields after the command name's closing parenthesis start at
# field 3 (state), so utime and stime (fields 14 and 15) are the 12th and 13th.
cpu_seconds() {
    local rest
    rest="$(sed 's/^.*) //' "/proc/$1/stat")"
    awk -v tck="$CLK_TCK" '{ printf "%.2f\n", ($12 + $13) / tck }' <<<"$rest"
}

# rss_kb <pid>: resident set size in KiB (VmRSS).
rss_kb() {
    awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# metric_sum <base-url> <name>: sum of every sample of metric <name> on <base-url>/metrics
# (all label sets), or empty when the metric is absent.
metric_sum() {
    curl -sf --max-time 10 "$1/metrics" | awk -v n="$2" '
        index($0, n) == 1 { c = substr($0, length(n) + 1, 1); if (c == " " || c == "{") { s += $NF; found = 1 } }
        END { if (found) printf "%.0f\n", s }'
}

# wait_http <url> <seconds>: waits until <url> answers 200.
wait_http() {
    local i
    for i in $(seq 1 $(($2 * 2))); do
        curl -sf --max-time 2 -o /dev/null "$1" && return 0
        sleep 0.5
    done
    log "no answer from $1 after $2 s"
    return 1
}

# free_port: an unused TCP port on loopback.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# loadavg: the 1-minute load average.
loadavg() {
    cut -d' ' -f1 /proc/loadavg
}

# ratio <a> <b>: a / b with two decimals ("-" when b is zero or empty).
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b == "" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'
}

# thread_cpu <pid>: CPU seconds per thread name (digits folded to N, so pools add up), one
# "name seconds" line each.
thread_cpu() {
    local t
    for t in /proc/"$1"/task/*; do
        [[ -r "$t/stat" ]] || continue
        sed -E 's/^[0-9]+ \((.*)\) [A-Za-z] (.*)$/\1\t\2/' "$t/stat" 2>/dev/null
    done | awk -F'\t' -v tck="$CLK_TCK" '{
            name = $1; gsub(/[0-9]+/, "N", name); gsub(/ /, "_", name)
            split($2, f, " "); cpu[name] += (f[11] + f[12]) / tck }
        END { for (n in cpu) printf "%s %.2f\n", n, cpu[n] }'
}

# thread_cpu_delta <before-file> <after-file>: the threads' CPU growth, largest first.
thread_cpu_delta() {
    awk 'NR == FNR { b[$1] = $2; next } { d = $2 - b[$1]; if (d > 0) printf "%8.2f %s\n", d, $1 }' "$1" "$2" | sort -rn
}

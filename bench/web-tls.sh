#!/usr/bin/env bash
# Side by side: Ignis and Prometheus 2.42 behind the same --web.config.file (TLS with an RSA
# key + one basic-auth user), answering /-/healthy. Two loads (bench/fixture/WebLoad.java):
# "keepalive" (one connection, REQUESTS requests) and "handshake" (a new TLS connection per
# request, HANDSHAKES requests). Rounds alternate which server goes first. Prints per round and
# load the client's wall time per request and the server's CPU per request (utime + stime, all
# threads), and Ignis/Prometheus ratios of the medians.
#   ROUNDS=5 REQUESTS=3000 HANDSHAKES=500 bench/web-tls.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-5}"
REQUESTS="${REQUESTS:-3000}"
HANDSHAKES="${HANDSHAKES:-500}"
ensure_prometheus
ensure_ignis
OUT="$(mktemp -d /tmp/web-tls.XXXXXX)"
trap 'stop_pid "${IGNIS_PID:-}"; stop_pid "${PROM_PID:-}"; [[ "${KEEP:-0}" == 1 ]] || rm -rf "$OUT"' EXIT
cd "$OUT"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj "/CN=bench CA" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -subj "/CN=localhost" -out s.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost\n' > san.ext
openssl x509 -req -in s.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out server.crt 2>/dev/null
# bcrypt of "fakepassword", cost 10 (the cost htpasswd -B uses)
cat > web.yml <<'YML'
tls_server_config:
  cert_file: server.crt
  key_file: server.key
basic_auth_users:
  bench: $2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi
YML
printf 'global:\n  scrape_interval: 1h\n' > prometheus.yml
IPORT="$(free_port)"; PPORT="$(free_port)"
IGNIS_PID="$(start_bg ignis "$OUT" "$IGNIS_HOME/bin/ignis" --config.file=prometheus.yml --web.config.file=web.yml \
    --web.listen-address=127.0.0.1:"$IPORT" --storage.tsdb.path="$OUT/ignis-data")"
PROM_PID="$(start_bg prometheus "$OUT" prometheus --config.file=prometheus.yml --web.config.file=web.yml \
    --web.listen-address=127.0.0.1:"$PPORT" --storage.tsdb.path="$OUT/prom-data")"
for port in "$IPORT" "$PPORT"; do
    for i in $(seq 1 120); do
        curl -sf --cacert ca.crt -u bench:fakepassword -o /dev/null "https://localhost:$port/-/ready" && break
        sleep 0.5
    done
done
load() { java "$BENCH_DIR/fixture/WebLoad.java" "$1" "$2" "$3" ca.crt bench:fakepassword; }
# warm-up: JIT and the bcrypt cache of both
for port in "$IPORT" "$PPORT"; do load keepalive "$port" 2000 >/dev/null; load handshake "$port" 200 >/dev/null; done
declare -A wall cpu
for r in $(seq 1 "$ROUNDS"); do
    order=(ignis prometheus); (( r % 2 == 0 )) && order=(prometheus ignis)
    for who in "${order[@]}"; do
        if [[ "$who" == ignis ]]; then port="$IPORT"; pid="$IGNIS_PID"; else port="$PPORT"; pid="$PROM_PID"; fi
        for mode in keepalive handshake; do
            n="$REQUESTS"; [[ "$mode" == handshake ]] && n="$HANDSHAKES"
            c0="$(cpu_seconds "$pid")"
            w="$(load "$mode" "$port" "$n")"
            c1="$(cpu_seconds "$pid")"
            us="$(awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN { printf "%.1f", (b - a) * 1e6 / n }')"
            wall[$who,$mode]+="$(awk -v w="$w" 'BEGIN { printf "%.1f", w / 1000 }') "
            cpu[$who,$mode]+="$us "
            log "round $r $who $mode: wall $(awk -v w="$w" 'BEGIN { printf "%.1f", w / 1000 }') us/req, server CPU $us us/req, load $(loadavg)"
        done
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf '%-10s %12s %12s %8s %14s %14s %8s\n' mode "ignis wall" "prom wall" ratio "ignis cpu" "prom cpu" ratio
for mode in keepalive handshake; do
    iw="$(median <<<"${wall[ignis,$mode]}")"; pw="$(median <<<"${wall[prometheus,$mode]}")"
    ic="$(median <<<"${cpu[ignis,$mode]}")"; pc="$(median <<<"${cpu[prometheus,$mode]}")"
    printf '%-10s %10s us %10s us %8s %11s us %11s us %8s\n' "$mode" "$iw" "$pw" "$(ratio "$iw" "$pw")" "$ic" "$pc" "$(ratio "$ic" "$pc")"
done
echo "load average at the end: $(cat /proc/loadavg)"

#!/usr/bin/env bash
# Records src/test/resources/prometheus-2.42/float-format.txt from the real Prometheus 2.42:
# each double of Values.java is sent as a number literal, as a range query (the matrix point's
# value string: jsoniter's 'f' or 'e' layout) and as an instant query (the scalar's string:
# strconv.FormatFloat(v, 'f', -1, 64)). Lines: hex bits, the point layout, the scalar layout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'global: {}\nscrape_configs: []\n' >"$work/prom.yml"
prometheus --config.file="$work/prom.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$port" >"$work/prom.log" 2>&1 &
pid=$!
until curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null; do sleep 0.5; done
java "$here/Values.java" >"$work/values.txt"
PORT=$port python3 - "$work/values.txt" >"$here/../../resources/prometheus-2.42/float-format.txt" <<'PY'
import json, os, sys, urllib.parse, urllib.request
base = 'http://127.0.0.1:%s' % os.environ['PORT']
def post(path, data):
    req = urllib.request.Request(base + path, data=urllib.parse.urlencode(data).encode())
    return json.loads(urllib.request.urlopen(req).read().decode())
for line in open(sys.argv[1]):
    bits, literal = line.split()
    api = post('/api/v1/query_range', {'query': literal, 'start': '0', 'end': '0', 'step': '1'})
    scalar = post('/api/v1/query', {'query': literal, 'time': '0'})
    print(bits, api['data']['result'][0]['values'][0][1], scalar['data']['result'][1])
PY

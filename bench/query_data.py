#!/usr/bin/env python3
"""Writes the OpenMetrics file the query bench backfills into Ignis and Prometheus.

Per instance: 20 counters http_requests_total{method,status}, a histogram
http_request_duration_seconds (12 buckets, sum, count) and build_info{version} = 1.
Usage: query_data.py <instances> <end-seconds> <hours> <interval-seconds> > file
"""
import random
import sys

instances = int(sys.argv[1])
end = int(sys.argv[2])
hours = float(sys.argv[3])
interval = int(sys.argv[4])
n = int(hours * 3600 / interval)
start = end - n * interval
times = [start + i * interval for i in range(n)]
rnd = random.Random(42)
out = sys.stdout
w = out.write

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
STATUSES = ["200", "404", "500", "503"]
LES = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]

w("# HELP http_requests_total Requests.\n# TYPE http_requests_total counter\n")
for i in range(instances):
    inst = "i-%d" % i
    for m in METHODS:
        for s in STATUSES:
            rate = rnd.uniform(0.1, 50)
            v = rnd.uniform(0, 1000)
            labels = 'http_requests_total{job="api",instance="%s",method="%s",status="%s"}' % (inst, m, s)
            for t in times:
                v += rate * interval * rnd.uniform(0.5, 1.5)
                if rnd.random() < 0.0005:
                    v = 0.0
                w("%s %.1f %d\n" % (labels, v, t))
w("# HELP http_request_duration_seconds Latency.\n# TYPE http_request_duration_seconds histogram\n")
for i in range(instances):
    inst = "i-%d" % i
    rate = rnd.uniform(1, 20)
    counts = [0.0] * len(LES)
    total = 0.0
    rows = [[] for _ in LES]
    sums = []
    for t in times:
        k = int(rate * interval * rnd.uniform(0.5, 1.5))
        for _ in range(k):
            x = rnd.expovariate(8)
            for b, le in enumerate(LES):
                if le == "+Inf" or x <= float(le):
                    counts[b] += 1
            total += x
        for b in range(len(LES)):
            rows[b].append(counts[b])
        sums.append(total)
    for b, le in enumerate(LES):
        labels = 'http_request_duration_seconds_bucket{job="api",instance="%s",le="%s"}' % (inst, le)
        for t, c in zip(times, rows[b]):
            w("%s %d %d\n" % (labels, c, t))
    labels = 'http_request_duration_seconds_sum{job="api",instance="%s"}' % inst
    for t, s in zip(times, sums):
        w("%s %.3f %d\n" % (labels, s, t))
    labels = 'http_request_duration_seconds_count{job="api",instance="%s"}' % inst
    for t, c in zip(times, rows[-1]):
        w("%s %d %d\n" % (labels, c, t))
w("# HELP build_info Build.\n# TYPE build_info gauge\n")
for i in range(instances):
    labels = 'build_info{instance="i-%d",version="v%d"}' % (i, i % 7)
    for t in times:
        w("%s 1 %d\n" % (labels, t))
w("# EOF\n")

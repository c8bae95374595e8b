#!/usr/bin/env python3
"""The OpenMetrics data of the statistics oracle: 30 minutes at 15 s from 1700000000, with
counter resets and gaps. Deterministic; writes to stdout."""
T0 = 1700000000
N = 121  # samples 0..120: 30 minutes

lines = ["# TYPE m_counter counter"]
for i, inst in enumerate("abcdef"):
    grp = "x" if i % 2 == 0 else "y"
    v = 0.0
    for k in range(N):
        v += (i + 1) * 1.5 + (k % 7)
        if k == 50 + i * 7:
            v = 3.0  # a reset
        lines.append('m_counter_total{grp="%s",inst="%s"} %s %d' % (grp, inst, v, T0 + 15 * k))
lines.append("# TYPE m_gauge gauge")
for i, inst in enumerate("abcdef"):
    for k in range(N):
        # Gaps: series i misses 6 + i minutes, some longer than the 5m lookback.
        if i * 15 <= k < i * 15 + 24 + i * 4:
            continue
        lines.append('m_gauge{inst="%s"} %s %d' % (inst, (k * (i + 2)) % 17 + i, T0 + 15 * k))
lines.append("# TYPE m_hist histogram")
for inst in "ab":
    counts = [0, 0, 0, 0]
    les = ["0.1", "0.5", "1", "+Inf"]
    rows = [[], [], [], []]
    for k in range(N):
        add = [(k % 3), (k % 5) + 1, (k % 2) + 1, 1]
        acc = 0
        for b in range(4):
            acc += add[b]
            counts[b] += acc
            rows[b].append(counts[b])
    for b, le in enumerate(les):
        for k in range(N):
            lines.append('m_hist_bucket{inst="%s",le="%s"} %d %d' % (inst, le, rows[b][k], T0 + 15 * k))
lines.append("# TYPE m_info gauge")
for i, inst in enumerate("abcdef"):
    for k in range(N):
        lines.append('m_info{inst="%s",ver="v%d"} 1 %d' % (inst, i % 3, T0 + 15 * k))
lines.append("# EOF")
print("\n".join(lines))

package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.AggregateOp;
import dev.ignis.promql.internal.engine.Evaluator.Mat;
import dev.ignis.promql.internal.engine.Evaluator.Ser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code topk} and {@code bottomk} over all steps: per group a heap of at most k series,
 * pushed and popped as in Prometheus 2.42's (Go's container/heap) and sorted at each step as
 * Go sorts it ({@link GoSort}): which of equal values survive, and in which order an instant
 * result lists them, depend on the input order, there as here. Groups worked out once per series;
 * O(n log k) per step instead of a sort.
 */
final class TopK {

    private TopK() {
    }

    static Mat eval(Evaluator ev, AggregateExpr a) throws QueryException {
        boolean top = a.op() == AggregateOp.TOPK;
        long original = ev.current;
        Mat param = (Mat) ev.eval(a.param());
        Mat in = (Mat) ev.eval(a.expr());
        List<Ser> series = in.series;
        int ns = series.size();
        int[] group = new int[ns];
        Map<Labels, Integer> ids = new HashMap<>();
        for (int i = 0; i < ns; i++) {
            Labels g = Aggregations.groupLabels(a, series.get(i).labels);
            Integer id = ids.get(g);
            if (id == null) {
                id = ids.size();
                ids.put(g, id);
            }
            group[i] = id;
        }
        int ng = ids.size();
        int[] groupSize = new int[ng];
        for (int i = 0; i < ns; i++) {
            groupSize[group[i]]++;
        }
        int steps = ev.steps();
        long start = ev.start;
        long interval = ev.interval;
        // Per step: how many series have a point (np) and k, worked out before the heaps. The
        // parameter's value is read here without counting it; the count, and every error, come
        // step by step below in 2.42's order.
        int[] np = new int[steps];
        int full = 0;
        for (int i = 0; i < ns; i++) {
            Ser s = series.get(i);
            if (s.n == steps) {
                full++;
                continue;
            }
            int c = 0;
            for (int step = 0; step < steps && c < s.n; step++) {
                if (s.ts[c] == start + step * interval) {
                    np[step]++;
                    c++;
                }
            }
        }
        int[] kks = new int[steps];
        int maxK = 0;
        Ser ps = param.series.get(0);
        int pc = 0;
        for (int step = 0; step < steps; step++) {
            np[step] += full;
            long t = start + step * interval;
            if (pc < ps.n && ps.ts[pc] == t) {
                pc++;
            }
            double p = pc > 0 ? ps.vs[pc - 1] : Double.NaN;
            if (p <= 0x1p63 && p >= -0x1p63) {
                kks[step] = (int) Math.min((long) p, np[step]);
                maxK = Math.max(maxK, kks[step]);
            }
        }
        // Per group and step a heap of at most min(k, group size) series; the input is read
        // series by series for a block of steps at a time, each step's heaps fed in input order
        // as a step-by-step pass would feed them (the same pushes, pops and survivors among
        // equal values), without a copy of the input or one cache line per series per step.
        // A block's heaps hold at most 2^15 entries (256 KB of values).
        int[] cap = new int[ng];
        int[] off = new int[ng];
        int perStep = 0;
        for (int g = 0; g < ng; g++) {
            cap[g] = Math.min(maxK, groupSize[g]);
            off[g] = perStep;
            perStep += cap[g];
        }
        int block = Math.max(1, Math.min(steps, (1 << 15) / Math.max(1, perStep)));
        int[] heaps = new int[Math.max(1, block * perStep)];
        double[] heapValues = new double[heaps.length];
        int[] size = new int[block * ng];
        int[] order = new int[block * ng];
        int[] groupsAt = new int[block];
        int[] sortH = new int[Math.max(1, maxK)];
        double[] sortV = new double[sortH.length];
        Ser[] out = new Ser[ns];
        List<Ser> created = new ArrayList<>();
        int[] pcur = new int[param.series.size()];
        int[] cursor = new int[ns];
        int[] pPresent = new int[Math.max(1, param.series.size())];
        long held = ev.current;
        long max = ev.ctx.maxSamples;
        boolean instant = ev.start == ev.end;
        for (int first = 0; first < steps; first += block) {
            int count = Math.min(block, steps - first);
            Arrays.fill(size, 0);
            Arrays.fill(groupsAt, 0);
            long t0 = start + first * interval;
            for (int i = 0; i < ns; i++) {
                if ((i & 1023) == 1023) {
                    ev.ctx.pollSometimes();
                }
                Ser s = series.get(i);
                long[] ts = s.ts;
                double[] vs = s.vs;
                int n = s.n;
                int c = cursor[i];
                int g = group[i];
                long rowT = t0;
                for (int r = 0; r < count; r++, rowT += interval) {
                    if (c >= n || ts[c] != rowT) {
                        continue;
                    }
                    double v = vs[c++];
                    int kk = kks[first + r];
                    if (kk < 1) {
                        continue;
                    }
                    int at = r * ng + g;
                    int sz = size[at];
                    int base = off[g] * block + r * cap[g];
                    if (sz == 0) {
                        order[r * ng + groupsAt[r]++] = g;
                        heaps[base] = i;
                        heapValues[base] = v;
                        size[at] = 1;
                    } else if (sz < kk) {
                        heaps[base + sz] = i;
                        heapValues[base + sz] = v;
                        up(heaps, heapValues, base, sz, top);
                        size[at] = sz + 1;
                    } else if ((top ? heapValues[base] < v : heapValues[base] > v) || Double.isNaN(heapValues[base])) {
                        // As 2.42: k = 1 replaces in place; otherwise the root is popped (moved
                        // to the end, the rest sifted) and the new sample pushed, which is not
                        // where a replace-and-fix would leave equal values.
                        if (kk == 1) {
                            heaps[base] = i;
                            heapValues[base] = v;
                        } else {
                            int last = kk - 1;
                            swap(heaps, heapValues, base, base + last);
                            down(heaps, heapValues, base, last, top);
                            heaps[base + last] = i;
                            heapValues[base + last] = v;
                            up(heaps, heapValues, base, last, top);
                        }
                    }
                }
                cursor[i] = c;
            }
            for (int r = 0; r < count; r++) {
                int step = first + r;
                long t = t0 + r * interval;
                ev.ctx.poll();
                ev.current = held;
                VectorMatch.gather(ev, param.series, pcur, t, pPresent);
                double p = param.series.get(0).vs[pcur[0] - 1];
                // Counted as rangeEval gathers the vector: one at a time up to the limit.
                int n = np[step];
                if (n > 0 && ev.current + n > max) {
                    throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
                }
                ev.current += n;
                ev.stats.peak(ev.current);
                if (!(p <= 0x1p63 && p >= -0x1p63)) {
                    throw new QueryException(ErrorType.EXECUTION, "Scalar value " + p + " overflows int64");
                }
                int results = 0;
                for (int o = 0; o < groupsAt[r]; o++) {
                    int g = order[r * ng + o];
                    int sz = size[r * ng + g];
                    int base = off[g] * block + r * cap[g];
                    System.arraycopy(heaps, base, sortH, 0, sz);
                    System.arraycopy(heapValues, base, sortV, 0, sz);
                    GoSort.reverseHeap(sortH, sortV, sz, top);
                    for (int x = 0; x < sz; x++) {
                        int i = sortH[x];
                        if (out[i] == null) {
                            int c = instant ? 1 : Math.min(steps - step, 16);
                            out[i] = new Ser(series.get(i).labels, new long[c], new double[c], 0);
                            created.add(out[i]);
                        }
                        out[i].add(t, sortV[x]);
                        results++;
                    }
                }
                ev.current += results;
                held += results;
                ev.stats.peak(ev.current);
                if (ev.current > max) {
                    throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
                }
            }
        }
        Mat m = new Mat(created);
        ev.current = original + m.points();
        ev.stats.peak(ev.current);
        return m;
    }

    /** The heap's order ({@link GoSort#less}): for topk the smallest on top, for bottomk the largest. */
    private static boolean less(double a, double b, boolean top) {
        return GoSort.less(a, b, top);
    }

    private static void swap(int[] h, double[] hv, int i, int j) {
        int t = h[i];
        h[i] = h[j];
        h[j] = t;
        double tv = hv[i];
        hv[i] = hv[j];
        hv[j] = tv;
    }

    /** Sifts entry {@code j} of the heap at {@code base} up. */
    private static void up(int[] h, double[] hv, int base, int j, boolean top) {
        while (j > 0) {
            int i = (j - 1) / 2;
            if (!less(hv[base + j], hv[base + i], top)) {
                break;
            }
            swap(h, hv, base + i, base + j);
            j = i;
        }
    }

    /** Sifts the root of the {@code n}-entry heap at {@code base} down. */
    private static void down(int[] h, double[] hv, int base, int n, boolean top) {
        int i = 0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less(hv[base + j2], hv[base + j1], top)) {
                j = j2;
            }
            if (!less(hv[base + j], hv[base + i], top)) {
                break;
            }
            swap(h, hv, base + i, base + j);
            i = j;
        }
    }
}

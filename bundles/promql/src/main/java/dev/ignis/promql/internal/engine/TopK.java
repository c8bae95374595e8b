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
        int[][] heaps = new int[ng][];
        double[][] heapValues = new double[ng][];
        int[] size = new int[ng];
        int[] seenAt = new int[ng];
        Arrays.fill(seenAt, -1);
        int[] order = new int[ng];
        Ser[] out = new Ser[ns];
        List<Ser> created = new ArrayList<>();
        int[] pcur = new int[param.series.size()];
        int[] cursor = new int[ns];
        int[] pPresent = new int[Math.max(1, param.series.size())];
        long held = ev.current;
        long max = ev.ctx.maxSamples;
        boolean instant = ev.start == ev.end;
        int steps = ev.steps();
        // Every step reads one point of every series: the input's values are copied step-major
        // for a block of steps at a time (series by series, each one's points in order), so
        // that a step reads one row in order instead of one cache line per series. At most
        // 2^15 values (256 KB): well below G1's humongous size for 1 MB regions (512 KB), an
        // allocation that would start concurrent marking on a small heap.
        int block = Math.max(1, Math.min(64, (1 << 15) / Math.max(1, ns)));
        double[] rows = new double[block * ns];
        boolean[] has = new boolean[block * ns];
        int[] rowCount = new int[block];
        int step = -1;
        for (long t = ev.start; t <= ev.end; t += ev.interval) {
            step++;
            ev.ctx.poll();
            ev.current = held;
            int row = step % block;
            if (row == 0) {
                fillRows(series, cursor, t, ev.interval, Math.min(block, steps - step), rows, has, rowCount);
            }
            VectorMatch.gather(ev, param.series, pcur, t, pPresent);
            double p = param.series.get(0).vs[pcur[0] - 1];
            // Counted as rangeEval gathers the vector: one at a time up to the limit.
            int np = rowCount[row];
            if (np > 0 && ev.current + np > max) {
                throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
            }
            ev.current += np;
            ev.stats.peak(ev.current);
            if (!(p <= 0x1p63 && p >= -0x1p63)) {
                throw new QueryException(ErrorType.EXECUTION, "Scalar value " + p + " overflows int64");
            }
            long k = Math.min((long) p, np);
            int results = 0;
            if (k >= 1) {
                int kk = (int) k;
                int ngs = 0;
                int base = row * ns;
                for (int i = 0; i < ns; i++) {
                    if (!has[base + i]) {
                        continue;
                    }
                    double v = rows[base + i];
                    int g = group[i];
                    if (seenAt[g] != step) {
                        seenAt[g] = step;
                        order[ngs++] = g;
                        if (heaps[g] == null || heaps[g].length < kk) {
                            heaps[g] = new int[kk];
                            heapValues[g] = new double[kk];
                        }
                        heaps[g][0] = i;
                        heapValues[g][0] = v;
                        size[g] = 1;
                        continue;
                    }
                    int[] h = heaps[g];
                    double[] hv = heapValues[g];
                    if (size[g] < kk) {
                        h[size[g]] = i;
                        hv[size[g]] = v;
                        up(h, hv, size[g], top);
                        size[g]++;
                    } else if ((top ? hv[0] < v : hv[0] > v) || Double.isNaN(hv[0])) {
                        // As 2.42: k = 1 replaces in place; otherwise the root is popped (moved
                        // to the end, the rest sifted) and the new sample pushed, which is not
                        // where a replace-and-fix would leave equal values.
                        if (kk == 1) {
                            h[0] = i;
                            hv[0] = v;
                        } else {
                            int last = kk - 1;
                            swap(h, hv, 0, last);
                            down(h, hv, 0, last, top);
                            h[last] = i;
                            hv[last] = v;
                            up(h, hv, last, top);
                        }
                    }
                }
                for (int o = 0; o < ngs; o++) {
                    int g = order[o];
                    int n = size[g];
                    int[] h = heaps[g];
                    double[] hv = heapValues[g];
                    GoSort.reverseHeap(h, hv, n, top);
                    for (int x = 0; x < n; x++) {
                        int i = h[x];
                        if (out[i] == null) {
                            int cap = instant ? 1 : Math.min(steps - step, 16);
                            out[i] = new Ser(series.get(i).labels, new long[cap], new double[cap], 0);
                            created.add(out[i]);
                        }
                        out[i].add(t, hv[x]);
                        results++;
                    }
                }
            }
            ev.current += results;
            held += results;
            ev.stats.peak(ev.current);
            if (ev.current > max) {
                throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
            }
        }
        Mat m = new Mat(created);
        ev.current = original + m.points();
        ev.stats.peak(ev.current);
        return m;
    }

    /**
     * Copies the points of the {@code count} steps from {@code t} into {@code rows} (row by
     * step, column by series; {@code has} says which are there, {@code rowCount} how many per
     * row) and moves the series' cursors past them.
     */
    private static void fillRows(List<Ser> series, int[] cursor, long t, long interval, int count, double[] rows,
            boolean[] has, int[] rowCount) {
        int ns = series.size();
        Arrays.fill(rowCount, 0);
        for (int i = 0; i < ns; i++) {
            Ser s = series.get(i);
            long[] ts = s.ts;
            double[] vs = s.vs;
            int n = s.n;
            int c = cursor[i];
            long rowT = t;
            for (int r = 0; r < count; r++, rowT += interval) {
                int at = r * ns + i;
                if (c < n && ts[c] == rowT) {
                    rows[at] = vs[c++];
                    has[at] = true;
                    rowCount[r]++;
                } else {
                    has[at] = false;
                }
            }
            cursor[i] = c;
        }
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

    private static void up(int[] h, double[] hv, int j, boolean top) {
        while (j > 0) {
            int i = (j - 1) / 2;
            if (!less(hv[j], hv[i], top)) {
                break;
            }
            swap(h, hv, i, j);
            j = i;
        }
    }

    private static void down(int[] h, double[] hv, int i0, int n, boolean top) {
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less(hv[j2], hv[j1], top)) {
                j = j2;
            }
            if (!less(hv[j], hv[i], top)) {
                break;
            }
            swap(h, hv, i, j);
            i = j;
        }
    }
}

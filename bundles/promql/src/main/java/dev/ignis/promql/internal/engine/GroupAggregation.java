package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.AggregateOp;
import dev.ignis.promql.internal.engine.Evaluator.Mat;
import dev.ignis.promql.internal.engine.Evaluator.Ser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sum}, {@code avg}, {@code count}, {@code group}, {@code min} and {@code max} over all
 * steps: each input series' group is worked out once, then every step folds values into
 * per-group slots, with no allocation per sample. Same arithmetic, output order and sample
 * accounting as Prometheus 2.42's aggregation inside its rangeEval.
 */
final class GroupAggregation {

    private GroupAggregation() {
    }

    static Mat eval(Evaluator ev, AggregateExpr a) throws QueryException {
        long original = ev.current;
        Mat in = (Mat) ev.eval(a.expr());
        List<Ser> series = in.series;
        int ns = series.size();
        // Groups numbered by first appearance in series order (the output order of an instant query).
        int[] group = new int[ns];
        Map<Labels, Integer> ids = new HashMap<>();
        List<Labels> groupLabels = new ArrayList<>();
        for (int i = 0; i < ns; i++) {
            Labels g = Aggregations.groupLabels(a, series.get(i).labels);
            Integer id = ids.get(g);
            if (id == null) {
                id = groupLabels.size();
                ids.put(g, id);
                groupLabels.add(g);
            }
            group[i] = id;
        }
        int ng = groupLabels.size();
        int steps = ev.steps();
        long start = ev.start;
        long interval = ev.interval;
        // Series by series (each one's arrays read in order, the cache-friendly way round), into
        // per group and step slots; values of a group at a step still fold in series order.
        int[] count = new int[ng * steps];
        double[] value = new double[ng * steps];
        double[] mean = a.op() == AggregateOp.AVG ? new double[ng * steps] : null;
        int[] gathered = new int[steps];
        // Tests on locals: no enum switch table read per point.
        AggregateOp op = a.op();
        boolean isSum = op == AggregateOp.SUM;
        boolean isAvg = op == AggregateOp.AVG;
        boolean isMin = op == AggregateOp.MIN;
        boolean isMax = op == AggregateOp.MAX;
        int polls = 0;
        int dense = 0;
        for (int i = 0; i < ns; i++) {
            if ((++polls & 255) == 0) {
                ev.ctx.poll();
            }
            Ser s = series.get(i);
            int base = group[i] * steps;
            long[] ts = s.ts;
            double[] vs = s.vs;
            if (s.n == steps) {
                // A point at every step (the usual case): the step is the index, and the
                // count of inputs gathered at each step is added once for all such series.
                dense++;
                for (int k = 0; k < steps; k++) {
                    fold(base + k, vs[k], count, value, mean, isSum, isAvg, isMin, isMax);
                }
                continue;
            }
            // Points are at step times in order: the step follows by addition, not a division.
            int step = 0;
            long stepT = start;
            for (int k = 0; k < s.n; k++) {
                while (stepT < ts[k]) {
                    stepT += interval;
                    step++;
                }
                gathered[step]++;
                fold(base + step, vs[k], count, value, mean, isSum, isAvg, isMin, isMax);
            }
        }
        for (int step = 0; step < steps; step++) {
            gathered[step] += dense;
        }
        // Step by step as Prometheus's rangeEval counts: the inputs gathered at a step and the
        // results of all steps so far are held at once.
        long held = ev.current;
        long max = ev.ctx.maxSamples;
        Ser[] out = new Ser[ng];
        boolean instant = ev.start == ev.end;
        for (int step = 0; step < steps; step++) {
            long t = start + step * interval;
            int np = 0;
            for (int g = 0; g < ng; g++) {
                int slot = g * steps + step;
                int c = count[slot];
                if (c == 0) {
                    continue;
                }
                np++;
                double v = switch (a.op()) {
                    case AVG -> mean[slot];
                    case COUNT -> c;
                    case GROUP -> 1;
                    default -> value[slot];
                };
                if (out[g] == null) {
                    int cap = instant ? 1 : Math.min(steps - step, 16);
                    out[g] = new Ser(groupLabels.get(g), new long[cap], new double[cap], 0);
                }
                out[g].add(t, v);
            }
            ev.current = held + gathered[step] + np;
            ev.stats.peak(ev.current);
            if (ev.current > max) {
                throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
            }
            held += np;
        }
        List<Ser> result = new ArrayList<>(ng);
        for (Ser s : out) {
            if (s != null) {
                result.add(s);
            }
        }
        Mat m = new Mat(result);
        ev.current = original + m.points();
        ev.stats.peak(ev.current);
        return m;
    }

    /** Folds {@code v} into {@code slot}: the first value sets it, later ones combine by the op. */
    private static void fold(int slot, double v, int[] count, double[] value, double[] mean, boolean isSum,
            boolean isAvg, boolean isMin, boolean isMax) {
        int c = ++count[slot];
        if (c == 1) {
            value[slot] = v;
            if (mean != null) {
                mean[slot] = v;
            }
            return;
        }
        if (isSum) {
            value[slot] += v;
        } else if (isAvg) {
            double m = mean[slot];
            if (!(Double.isInfinite(m)
                    && (Double.isInfinite(v) && (m > 0) == (v > 0) || !Double.isInfinite(v) && !Double.isNaN(v)))) {
                mean[slot] = m + (v / c - m / c);
            }
        } else if (isMin) {
            if (value[slot] > v || Double.isNaN(value[slot])) {
                value[slot] = v;
            }
        } else if (isMax) {
            if (value[slot] < v || Double.isNaN(value[slot])) {
                value[slot] = v;
            }
        }
    }
}

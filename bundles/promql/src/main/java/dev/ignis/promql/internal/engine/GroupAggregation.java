package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.engine.Evaluator.Mat;
import dev.ignis.promql.internal.engine.Evaluator.Ser;
import java.util.ArrayList;
import java.util.Arrays;
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
        double[] value = new double[ng];
        double[] mean = new double[ng];
        long[] count = new long[ng];
        int[] seenAt = new int[ng];
        Arrays.fill(seenAt, -1);
        int[] present = new int[ng];
        Ser[] out = new Ser[ng];
        int[] cursor = new int[ns];
        long held = ev.current;
        long max = ev.ctx.maxSamples;
        boolean instant = ev.start == ev.end;
        int steps = ev.steps();
        int step = -1;
        for (long t = ev.start; t <= ev.end; t += ev.interval) {
            step++;
            ev.ctx.poll();
            ev.current = held;
            int np = 0;
            for (int i = 0; i < ns; i++) {
                Ser s = series.get(i);
                int c = cursor[i];
                if (c >= s.n || s.ts[c] != t) {
                    continue;
                }
                if (ev.current >= max) {
                    throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
                }
                ev.current++;
                cursor[i] = c + 1;
                double v = s.vs[c];
                int g = group[i];
                if (seenAt[g] != step) {
                    seenAt[g] = step;
                    present[np++] = g;
                    value[g] = v;
                    mean[g] = v;
                    count[g] = 1;
                    continue;
                }
                count[g]++;
                switch (a.op()) {
                    case SUM -> value[g] += v;
                    case AVG -> {
                        double m = mean[g];
                        if (Double.isInfinite(m)
                                && (Double.isInfinite(v) && (m > 0) == (v > 0) || !Double.isInfinite(v) && !Double.isNaN(v))) {
                            break;
                        }
                        mean[g] = m + (v / count[g] - m / count[g]);
                    }
                    case MIN -> {
                        if (value[g] > v || Double.isNaN(value[g])) {
                            value[g] = v;
                        }
                    }
                    case MAX -> {
                        if (value[g] < v || Double.isNaN(value[g])) {
                            value[g] = v;
                        }
                    }
                    default -> {
                    }
                }
            }
            ev.stats.peak(ev.current);
            ev.current += np;
            held += np;
            ev.stats.peak(ev.current);
            if (ev.current > max) {
                throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
            }
            if (instant) {
                // Groups in order of first appearance at this step.
                Arrays.sort(present, 0, np);
            }
            for (int k = 0; k < np; k++) {
                int g = present[k];
                double v = switch (a.op()) {
                    case AVG -> mean[g];
                    case COUNT -> count[g];
                    case GROUP -> 1;
                    default -> value[g];
                };
                if (out[g] == null) {
                    int cap = instant ? 1 : Math.min(steps - step, 16);
                    out[g] = new Ser(groupLabels.get(g), new long[cap], new double[cap], 0);
                }
                out[g].add(t, v);
            }
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
}

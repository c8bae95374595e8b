package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.AggregateOp;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.SubqueryExpr;
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
 * accounting as Prometheus 2.42's aggregation inside its rangeEval. Over a function of a range
 * vector ({@code sum(rate(x[5m]))}) each series' values are folded as the function produces
 * them, without building the function's output series first.
 */
final class GroupAggregation implements RangeCall.Sink {

    /** Off only in tests, which compare the folded path with the materialised one. */
    static boolean fuse = true;

    private final AggregateExpr a;
    private final int steps;
    private final long start;
    private final long interval;
    private final boolean isSum;
    private final boolean isAvg;
    private final boolean isMin;
    private final boolean isMax;
    private final Map<Labels, Integer> ids = new HashMap<>();
    private final List<Labels> groupLabels = new ArrayList<>();
    private final int[] gathered;
    // Per group and step slots (group * steps + step), grown as groups appear.
    private int[] count;
    private double[] value;
    private double[] mean;

    private GroupAggregation(Evaluator ev, AggregateExpr a) {
        this.a = a;
        this.steps = ev.steps();
        this.start = ev.start;
        this.interval = ev.interval;
        // Tests on locals: no enum switch table read per point.
        AggregateOp op = a.op();
        this.isSum = op == AggregateOp.SUM;
        this.isAvg = op == AggregateOp.AVG;
        this.isMin = op == AggregateOp.MIN;
        this.isMax = op == AggregateOp.MAX;
        this.gathered = new int[steps];
        this.count = new int[steps];
        this.value = new double[steps];
        this.mean = isAvg ? new double[steps] : null;
    }

    static Mat eval(Evaluator ev, AggregateExpr a) throws QueryException {
        long original = ev.current;
        GroupAggregation g = new GroupAggregation(ev, a);
        RangeCall fused = fuse ? fusable(ev, a) : null;
        if (fused != null) {
            ev.ctx.poll();
            fused.eval(g, a.without() || !a.grouping().contains(Labels.METRIC_NAME));
        } else {
            Mat in = (Mat) ev.eval(a.expr());
            int polls = 0;
            // Series by series (each one's arrays read in order, the cache-friendly way round),
            // into per group and step slots; values of a group at a step still fold in series order.
            for (Ser s : in.series) {
                if ((++polls & 255) == 0) {
                    ev.ctx.poll();
                }
                g.accept(s.labels, s.ts, s.vs, s.n);
            }
        }
        return g.finish(ev, original);
    }

    /** The range call whose output this aggregation can fold directly, or null. */
    private static RangeCall fusable(Evaluator ev, AggregateExpr a) {
        // A step-invariant node in between is evaluated once and repeated, not folded here.
        Expr e = a.expr();
        while (true) {
            if (ev.ctx.invariant.contains(e)) {
                return null;
            }
            if (!(e instanceof ParenExpr p)) {
                break;
            }
            e = p.expr();
        }
        if (!(e instanceof Call c)) {
            return null;
        }
        for (int i = 0; i < c.args().size(); i++) {
            Expr arg = Evaluator.unwrapParens(c.args().get(i));
            if (arg instanceof MatrixSelector || arg instanceof SubqueryExpr) {
                RangeCall rc = new RangeCall(ev, c, i);
                return rc.canFold() ? rc : null;
            }
        }
        return null;
    }

    @Override
    public void accept(Labels labels, long[] ts, double[] vs, int n) {
        Labels key = Aggregations.groupLabels(a, labels);
        Integer id = ids.get(key);
        if (id == null) {
            id = groupLabels.size();
            ids.put(key, id);
            groupLabels.add(key);
            int need = (id + 1) * steps;
            if (need > count.length) {
                int cap = Math.max(need, count.length * 2);
                count = Arrays.copyOf(count, cap);
                value = Arrays.copyOf(value, cap);
                if (mean != null) {
                    mean = Arrays.copyOf(mean, cap);
                }
            }
        }
        int base = id * steps;
        int[] count = this.count;
        double[] value = this.value;
        double[] mean = this.mean;
        int[] gathered = this.gathered;
        boolean isSum = this.isSum;
        boolean isAvg = this.isAvg;
        boolean isMin = this.isMin;
        boolean isMax = this.isMax;
        long interval = this.interval;
        // Points are at step times in order: the step follows by addition, not a division.
        int step = 0;
        long stepT = start;
        for (int k = 0; k < n; k++) {
            while (stepT < ts[k]) {
                stepT += interval;
                step++;
            }
            gathered[step]++;
            double v = vs[k];
            int slot = base + step;
            int c = ++count[slot];
            if (c == 1) {
                value[slot] = v;
                if (mean != null) {
                    mean[slot] = v;
                }
                continue;
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

    private Mat finish(Evaluator ev, long original) throws QueryException {
        int ng = groupLabels.size();
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
}

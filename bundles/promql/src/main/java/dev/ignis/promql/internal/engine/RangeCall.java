package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.promql.internal.ast.AtModifier;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.ValueType;
import dev.ignis.promql.internal.engine.Evaluator.Mat;
import dev.ignis.promql.internal.engine.Evaluator.Ser;
import dev.ignis.promql.internal.engine.RangeFunctions.Fn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A function over a range vector ({@code rate(x[5m])}, {@code max_over_time(q[1h:1m])}),
 * evaluated one input series at a time: the series' samples are read once and a window slides
 * over them step by step, as Prometheus 2.42 does, holding (and counting) one window at a time.
 */
final class RangeCall {

    private final Evaluator ev;
    private final Call call;
    private final int matrixArg;
    private final Fn fn;

    RangeCall(Evaluator ev, Call call, int matrixArg) {
        this.ev = ev;
        this.call = call;
        this.matrixArg = matrixArg;
        this.fn = Fn.of(call.func().name());
    }

    Mat eval() throws QueryException {
        Expr arg = Evaluator.unwrapParens(call.args().get(matrixArg));
        List<Ser> subquerySeries = null;
        long subqueryPoints = 0;
        AtModifier at;
        long offsetMs;
        long rangeMs;
        MatrixSelector selector = null;
        if (arg instanceof SubqueryExpr s) {
            // The subquery's samples are counted where the windows read them, not twice.
            SampleStats outer = ev.stats;
            ev.stats = outer.child();
            Mat m = ev.subquery(s);
            outer.peakFrom(ev.stats);
            ev.stats = outer;
            subquerySeries = m.series;
            subqueryPoints = m.points();
            at = s.at();
            offsetMs = s.offsetMs();
            rangeMs = s.rangeMs();
        } else {
            selector = (MatrixSelector) arg;
            at = selector.selector().at();
            offsetMs = selector.selector().offsetMs();
            rangeMs = selector.rangeMs();
        }
        List<Expr> args = call.args();
        Mat[] others = new Mat[args.size()];
        for (int j = 0; j < args.size(); j++) {
            if (j != matrixArg && args.get(j).type() != ValueType.STRING) {
                others[j] = (Mat) ev.eval(args.get(j));
            }
        }
        Evaluator.Ctx ctx = ev.ctx;
        long start = ev.start;
        long end = ev.end;
        long interval = ev.interval;
        int steps = ev.steps();
        long maxSamples = ctx.maxSamples;
        long first = Math.min(ev.selectionTime(at, offsetMs, start), ev.selectionTime(at, offsetMs, end)) - rangeMs;
        long last = Math.max(ev.selectionTime(at, offsetMs, start), ev.selectionTime(at, offsetMs, end));
        boolean keepName = fn == Fn.LAST_OVER_TIME;
        List<Ser> out = new ArrayList<>();
        SeriesSet set = selector == null || ctx.querier == null ? null
                : ctx.querier.select(selector.selector().matchers().toArray(new LabelMatcher[0]));
        // Each step's window end, worked out once for all series.
        long[] maxts = new long[steps];
        for (int step = 0; step < steps; step++) {
            maxts[step] = ev.selectionTime(at, offsetMs, start + step * interval);
        }
        // The output times of the series being read; copied out unless it has every step.
        long[] ots = new long[steps];
        long[] stepTimes = new long[steps];
        for (int step = 0; step < steps; step++) {
            stepTimes[step] = start + step * interval;
        }
        long[] perStep = ev.stats.perStep() == null ? null : new long[steps];
        long read = 0;
        int window = 0;
        int next = 0;
        boolean counter = fn == Fn.RATE || fn == Fn.INCREASE;
        CounterRate counterRate = counter ? new CounterRate(rangeMs, fn == Fn.RATE) : null;
        // Functions whose windows are answered from running state instead of a scan per step
        // (the same values as the scan: counts are exact, and min/max pick the same sample).
        boolean prefix = counter || fn == Fn.RESETS || fn == Fn.CHANGES;
        boolean deque = fn == Fn.MIN_OVER_TIME || fn == Fn.MAX_OVER_TIME;
        boolean min = fn == Fn.MIN_OVER_TIME;
        int[] resets = new int[0];
        int[] dq = new int[0];
        while (true) {
            Labels labels;
            long[] ts;
            double[] vs;
            int n;
            if (subquerySeries != null) {
                if (next == subquerySeries.size()) {
                    break;
                }
                Ser s = subquerySeries.get(next++);
                labels = s.labels;
                ts = s.ts;
                vs = s.vs;
                n = s.n;
            } else {
                if (set == null || !set.next()) {
                    break;
                }
                labels = set.labels();
                n = ev.read(set.iterator(), first, last, false);
                ts = ctx.ts;
                vs = ctx.vs;
            }
            ctx.pollSometimes();
            // A counter without a reset anywhere in what was read (the usual case) needs no
            // prefix counts: no window of it has one.
            boolean anyReset = false;
            if (counter && subquerySeries == null) {
                // Noted by the read as it dropped stale markers.
                anyReset = ctx.readDrops;
            } else if (counter) {
                for (int i = 1; i < n; i++) {
                    anyReset |= vs[i] < vs[i - 1];
                }
            }
            if (prefix && (anyReset || !counter)) {
                // Resets (or changes) up to each sample: a window's count is a difference, and a
                // rate window without resets skips its scan for them.
                if (resets.length < n) {
                    resets = new int[Math.max(n, resets.length * 2)];
                }
                boolean changes = fn == Fn.CHANGES;
                int r = 0;
                for (int i = 0; i < n; i++) {
                    if (i > 0 && (changes ? vs[i] != vs[i - 1] && !(Double.isNaN(vs[i]) && Double.isNaN(vs[i - 1]))
                            : vs[i] < vs[i - 1])) {
                        r++;
                    }
                    resets[i] = r;
                }
            }
            if (deque && dq.length < n) {
                dq = new int[Math.max(n, dq.length * 2)];
            }
            // The window's candidates for min/max: indices in order, values strictly improving
            // towards the front, NaN left out; equal values stay, so the front is the earliest.
            int head = 0;
            int tail = 0;
            ev.current -= window;
            window = 0;
            double[] ovs = null;
            int k = 0;
            int lo = 0;
            int hi = -1;
            int step = -1;
            long peak = ev.current;
            for (long t = start; t <= end; t += interval) {
                step++;
                long maxt = maxts[step];
                long mint = maxt - rangeMs;
                while (hi + 1 < n && ts[hi + 1] <= maxt) {
                    hi++;
                    if (deque) {
                        double v = vs[hi];
                        if (!Double.isNaN(v)) {
                            while (tail > head && (min ? vs[dq[tail - 1]] > v : vs[dq[tail - 1]] < v)) {
                                tail--;
                            }
                            dq[tail++] = hi;
                        }
                    }
                }
                while (lo < n && ts[lo] < mint) {
                    lo++;
                }
                while (head < tail && dq[head] < lo) {
                    head++;
                }
                int count = Math.max(0, hi - lo + 1);
                ev.current += count - window;
                window = count;
                if (ev.current > peak) {
                    if (ev.current > maxSamples) {
                        throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
                    }
                    peak = ev.current;
                }
                if (count == 0) {
                    continue;
                }
                double v;
                if (counter) {
                    v = counterRate.apply(ts, vs, lo, count, maxt, anyReset && resets[hi] != resets[lo]);
                } else if (prefix) {
                    v = resets[hi] - resets[lo];
                } else if (deque) {
                    // Only NaN in the window: the scan ends on its last value.
                    v = head < tail ? vs[dq[head]] : vs[hi];
                } else {
                    v = value(ts, vs, lo, count, maxt, rangeMs, t, step, others);
                }
                read += count;
                if (perStep != null) {
                    perStep[step] += count;
                }
                if (RangeFunctions.isNone(v)) {
                    continue;
                }
                if (ovs == null) {
                    ovs = new double[steps - step];
                }
                ots[k] = t;
                ovs[k++] = v;
            }
            ev.stats.peak(peak);
            if (k > 0) {
                if (ev.current + k > maxSamples) {
                    throw new QueryException(ErrorType.EXECUTION, Evaluator.TOO_MANY_SAMPLES);
                }
                // A series with a value at every step shares one array of the step times.
                long[] times = k == steps ? stepTimes : Arrays.copyOf(ots, k);
                out.add(new Ser(keepName ? labels : Evaluator.dropName(labels), times, ovs, k));
                ev.current += k;
            }
            ev.stats.peak(ev.current);
        }
        ev.current -= window;
        if (perStep != null) {
            for (int step = 0; step < steps; step++) {
                ev.stats.atStep(step, perStep[step]);
            }
        } else {
            ev.stats.total += read;
        }
        // Dropping the name can only make two series alike when they differ in it; a selector
        // with __name__="..." reads one name, and storage holds each label set once.
        if (!keepName && fn != Fn.ABSENT_OVER_TIME && out.size() > 1 && !(selector != null && pinsName(selector))) {
            java.util.Set<Labels> seen = new java.util.HashSet<>(out.size() * 2);
            for (Ser s : out) {
                if (!seen.add(s.labels)) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "vector cannot contain metrics with the same labelset");
                }
            }
        }
        Mat result = new Mat(out);
        if (fn == Fn.ABSENT_OVER_TIME) {
            result = absent(result, steps, start, interval);
        }
        ev.current -= subqueryPoints;
        return result;
    }

    private static boolean pinsName(MatrixSelector selector) {
        for (LabelMatcher m : selector.selector().matchers()) {
            if (m.type() == LabelMatcher.Type.EQUAL && m.name().equals(Labels.METRIC_NAME)) {
                return true;
            }
        }
        return false;
    }

    private double value(long[] ts, double[] vs, int lo, int count, long maxt, long rangeMs, long t, int step,
            Mat[] others) throws QueryException {
        switch (fn) {
            case QUANTILE_OVER_TIME:
                return RangeFunctions.quantile(scalar(others, 0, step), vs, lo, count);
            case HOLT_WINTERS: {
                double sf = scalar(others, 1, step);
                double tf = scalar(others, 2, step);
                if (sf <= 0 || sf >= 1) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "invalid smoothing factor. Expected: 0 < sf < 1, got: " + FunctionCalls.goFixed6(sf));
                }
                if (tf <= 0 || tf >= 1) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "invalid trend factor. Expected: 0 < tf < 1, got: " + FunctionCalls.goFixed6(tf));
                }
                return count < 2 ? RangeFunctions.NONE : RangeFunctions.holtWinters(vs, lo, count, sf, tf);
            }
            case PREDICT_LINEAR:
                return count < 2 ? RangeFunctions.NONE
                        : RangeFunctions.predict(ts, vs, lo, count, t, scalar(others, 1, step));
            default:
                return RangeFunctions.apply(fn, ts, vs, lo, count, maxt, rangeMs, 0);
        }
    }

    private static double scalar(Mat[] others, int arg, int step) {
        return others[arg].series.get(0).vs[step];
    }

    /** absent_over_time: 1 at the steps where no input series had a value. */
    private Mat absent(Mat present, int steps, long start, long interval) {
        boolean[] found = new boolean[steps];
        int foundCount = 0;
        for (Ser s : present.series) {
            if (s.n == steps) {
                return new Mat(new ArrayList<>());
            }
            for (int i = 0; i < s.n; i++) {
                int step = (int) ((s.ts[i] - start) / interval);
                if (!found[step]) {
                    found[step] = true;
                    foundCount++;
                }
            }
        }
        if (foundCount == steps) {
            return new Mat(new ArrayList<>());
        }
        Ser s = new Ser(FunctionCalls.absentLabels(call.args().get(0)), new long[steps - foundCount],
                new double[steps - foundCount], 0);
        for (int i = 0; i < steps; i++) {
            if (!found[i]) {
                s.add(start + i * interval, 1);
            }
        }
        List<Ser> out = new ArrayList<>(1);
        out.add(s);
        return new Mat(out);
    }
}

package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.AtModifier;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.NumberLiteral;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.StringLiteral;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import dev.ignis.promql.internal.ast.ValueType;
import dev.ignis.promql.internal.ast.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Evaluates an expression over all steps of a query at once, node by node, as Prometheus
 * 2.42's evaluator does: every node yields a matrix whose series hold one point per step at
 * which they have a value. Selectors stream their series from the querier one at a time;
 * functions over range vectors slide a window over one series at a time. Samples held in
 * memory are counted exactly where Prometheus counts them ({@code --query.max-samples},
 * {@code peakSamples}), and samples read per step are counted for
 * {@code totalQueryableSamples}. Not thread-safe: one tree of evaluators per query.
 */
final class Evaluator {

    static final String TOO_MANY_SAMPLES =
            "query processing would load too many samples into memory in query execution";

    /** What every evaluator of one query shares. */
    static final class Ctx {
        final Querier querier;
        final long lookbackMs;
        final long queryStart;
        final long queryEnd;
        final BooleanSupplier canceled;
        final long deadlineNanos;
        final long maxSamples;
        final long subqueryStepMs;
        /** Nodes Prometheus wraps as step invariant (evaluated once, then repeated), by identity. */
        final Set<Expr> invariant;
        final FunctionCalls calls = new FunctionCalls();
        // One series' samples at a time, reused for every series of the query.
        long[] ts = new long[256];
        double[] vs = new double[256];
        // Whether the samples of the last read without stale markers hold a value below the
        // one before (a counter reset); true when that read kept its stale markers.
        boolean readDrops;
        int polls;

        Ctx(Querier querier, long lookbackMs, long queryStart, long queryEnd, BooleanSupplier canceled,
                long deadlineNanos, long maxSamples, long subqueryStepMs, Set<Expr> invariant) {
            this.querier = querier;
            this.lookbackMs = lookbackMs;
            this.queryStart = queryStart;
            this.queryEnd = queryEnd;
            this.canceled = canceled;
            this.deadlineNanos = deadlineNanos;
            this.maxSamples = maxSamples;
            this.subqueryStepMs = subqueryStepMs;
            this.invariant = invariant;
        }

        /** Checks cancellation and the deadline during evaluation. */
        void poll() throws QueryException {
            poll("expression evaluation");
        }

        /** Checks cancellation and the deadline; {@code where} names the phase, as Prometheus does. */
        void poll(String where) throws QueryException {
            if (canceled.getAsBoolean()) {
                throw new QueryException(ErrorType.CANCELED, "query was canceled in " + where);
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new QueryException(ErrorType.TIMEOUT, "query timed out in " + where);
            }
        }

        /** {@link #poll()} every 64th call: for loops over series. */
        void pollSometimes() throws QueryException {
            if ((++polls & 63) == 0) {
                poll();
            }
        }
    }

    /** The value of a node: a matrix, or a string. */
    sealed interface Val permits Mat, Str {
    }

    /** A string value. */
    record Str(String s) implements Val {
    }

    /** Series of a node's value; scalars are one series without labels. */
    static final class Mat implements Val {
        final List<Ser> series;

        Mat(List<Ser> series) {
            this.series = series;
        }

        long points() {
            long n = 0;
            for (Ser s : series) {
                n += s.n;
            }
            return n;
        }
    }

    /**
     * One series: {@code n} points, times ascending. Series with a point at every step may share
     * one {@code ts} array; {@link #add} copies a full array before writing, so it stays intact.
     */
    static final class Ser {
        Labels labels;
        long[] ts;
        double[] vs;
        int n;

        Ser(Labels labels, long[] ts, double[] vs, int n) {
            this.labels = labels;
            this.ts = ts;
            this.vs = vs;
            this.n = n;
        }

        void add(long t, double v) {
            if (n == ts.length) {
                int cap = Math.max(8, n * 2);
                ts = Arrays.copyOf(ts, cap);
                vs = Arrays.copyOf(vs, cap);
            }
            ts[n] = t;
            vs[n++] = v;
        }
    }

    /** A function of one step's input vectors ({@code null} for string arguments). */
    @FunctionalInterface
    interface StepFn {
        List<Sample> apply(List<Sample>[] args, long t) throws QueryException;
    }

    final Ctx ctx;
    final long start;
    final long end;
    final long interval;
    /** Samples held in memory now, as Prometheus's {@code currentSamples}. */
    long current;
    SampleStats stats;

    Evaluator(Ctx ctx, long start, long end, long interval, SampleStats stats) {
        this.ctx = ctx;
        this.start = start;
        this.end = end;
        this.interval = interval;
        this.stats = stats;
    }

    int steps() {
        return (int) ((end - start) / interval) + 1;
    }

    private QueryException tooMany() {
        return new QueryException(ErrorType.EXECUTION, TOO_MANY_SAMPLES);
    }

    /** The value of {@code e} over this evaluator's steps. */
    Val eval(Expr e) throws QueryException {
        if (ctx.invariant.contains(e)) {
            return stepInvariant(e);
        }
        return evalNode(e);
    }

    private Val evalNode(Expr e) throws QueryException {
        ctx.poll();
        if (e instanceof NumberLiteral n) {
            return constant(n.value());
        } else if (e instanceof StringLiteral s) {
            return new Str(s.value());
        } else if (e instanceof ParenExpr p) {
            return eval(p.expr());
        } else if (e instanceof VectorSelector vs) {
            return vectorSelector(vs);
        } else if (e instanceof MatrixSelector m) {
            return matrixSelector(m);
        } else if (e instanceof UnaryExpr u) {
            return unary(u);
        } else if (e instanceof BinaryExpr b) {
            return binary(b);
        } else if (e instanceof Call c) {
            return call(c);
        } else if (e instanceof AggregateExpr a) {
            return aggregate(a);
        } else if (e instanceof SubqueryExpr s) {
            return subquery(s);
        }
        throw new IllegalStateException("BUG: unknown node " + e.getClass().getSimpleName());
    }

    static Expr unwrapParens(Expr e) {
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        return e;
    }

    /** Evaluated once at the first step, then repeated at every step (Prometheus's StepInvariantExpr). */
    private Val stepInvariant(Expr e) throws QueryException {
        Expr inner = unwrapParens(e);
        if (inner instanceof NumberLiteral || inner instanceof StringLiteral) {
            return evalNode(inner);
        }
        Evaluator once = new Evaluator(ctx, start, start, interval, stats.child());
        once.current = current;
        Val v = once.evalNode(e);
        current = once.current;
        stats.peakFrom(once.stats);
        int steps = steps();
        for (int i = 0; i < steps; i++) {
            stats.atStep(i, once.stats.total);
        }
        if (inner instanceof MatrixSelector || inner instanceof SubqueryExpr || !(v instanceof Mat m)) {
            return v;
        }
        for (Ser s : m.series) {
            if (s.n != 1) {
                throw new IllegalStateException("BUG: step invariant series with " + s.n + " points");
            }
            long[] ts = new long[steps];
            double[] vs = new double[steps];
            ts[0] = s.ts[0];
            vs[0] = s.vs[0];
            for (int i = 1; i < steps; i++) {
                ts[i] = start + i * interval;
                vs[i] = vs[0];
                current++;
                if (current > ctx.maxSamples) {
                    throw tooMany();
                }
            }
            s.ts = ts;
            s.vs = vs;
            s.n = steps;
        }
        stats.peak(current);
        return m;
    }

    /** A scalar at every step (number literals, as Prometheus's rangeEval without arguments). */
    private Mat constant(double v) throws QueryException {
        int steps = steps();
        long[] ts = new long[steps];
        double[] vs = new double[steps];
        long before = current;
        for (int i = 0; i < steps; i++) {
            current++;
            stats.peak(current);
            if (current > ctx.maxSamples) {
                throw tooMany();
            }
            ts[i] = start + i * interval;
            vs[i] = v;
        }
        List<Ser> out = new ArrayList<>(1);
        out.add(new Ser(Labels.EMPTY, ts, vs, steps));
        current = before + steps;
        stats.peak(current);
        return new Mat(out);
    }

    /** The time a selector reads at for step {@code t}: its @ time or the step, minus its offset. */
    long selectionTime(AtModifier at, long offsetMs, long t) {
        long base = at == null ? t : switch (at.kind()) {
            case TIMESTAMP -> at.timestampMs();
            case START -> ctx.queryStart;
            case END -> ctx.queryEnd;
        };
        return base - offsetMs;
    }

    private SeriesSet select(VectorSelector vs) {
        if (ctx.querier == null) {
            return null;
        }
        return ctx.querier.select(vs.matchers().toArray(new LabelMatcher[0]));
    }

    /**
     * Reads the current series' samples in [mint, maxt] into {@link Ctx#ts}/{@link Ctx#vs};
     * stale markers are kept only when {@code keepStale}. Returns how many.
     */
    int read(SampleIterator it, long mint, long maxt, boolean keepStale) {
        ctx.readDrops = keepStale;
        if (!it.seek(mint) || it.t() > maxt) {
            return 0;
        }
        long[] ts = ctx.ts;
        double[] vs = ctx.vs;
        ts[0] = it.t();
        vs[0] = it.v();
        int n = 1;
        while (true) {
            int room = ts.length - n;
            int k = it.nextBatch(maxt, ts, vs, n, room);
            n += k;
            if (k < room) {
                break;
            }
            ts = ctx.ts = Arrays.copyOf(ts, ts.length * 2);
            vs = ctx.vs = Arrays.copyOf(vs, vs.length * 2);
        }
        if (keepStale) {
            return n;
        }
        // The pass that drops stale markers also notes a drop between kept values, so a
        // counter function needs no second pass over the samples to learn it has no reset.
        int w = 0;
        boolean drops = false;
        double prev = Double.NaN; // nothing is below NaN: the first value drops from nothing
        for (int r = 0; r < n; r++) {
            double v = vs[r];
            if (!SelectorData.isStale(v)) {
                drops |= v < prev;
                prev = v;
                ts[w] = ts[r];
                vs[w++] = v;
            }
        }
        ctx.readDrops = drops;
        return w;
    }

    /** Per series and step the newest sample in [t - lookback, t], unless it is a stale marker. */
    private Mat vectorSelector(VectorSelector sel) throws QueryException {
        List<Ser> out = new ArrayList<>();
        SeriesSet set = select(sel);
        int steps = steps();
        long lookback = ctx.lookbackMs;
        long first = Math.min(selectionTime(sel.at(), sel.offsetMs(), start),
                selectionTime(sel.at(), sel.offsetMs(), end)) - lookback;
        long last = Math.max(selectionTime(sel.at(), sel.offsetMs(), start),
                selectionTime(sel.at(), sel.offsetMs(), end));
        while (set != null && set.next()) {
            ctx.pollSometimes();
            int n = read(set.iterator(), first, last, true);
            if (n == 0) {
                continue;
            }
            long[] sts = ctx.ts;
            double[] svs = ctx.vs;
            long[] ts = null;
            double[] vs = null;
            int k = 0;
            int j = -1;
            int step = -1;
            for (long t = start; t <= end; t += interval) {
                step++;
                long ref = selectionTime(sel.at(), sel.offsetMs(), t);
                while (j + 1 < n && sts[j + 1] <= ref) {
                    j++;
                }
                if (j >= 0 && sts[j] > ref) {
                    j = -1; // only with a step-dependent @ going backwards: never, but stay correct
                }
                if (j >= 0 && sts[j] >= ref - lookback && !SelectorData.isStale(svs[j])) {
                    if (current >= ctx.maxSamples) {
                        throw tooMany();
                    }
                    if (ts == null) {
                        ts = new long[steps - step];
                        vs = new double[ts.length];
                    }
                    ts[k] = t;
                    vs[k++] = svs[j];
                    current++;
                    stats.atStep(step, 1);
                }
            }
            if (k > 0) {
                out.add(new Ser(set.labels(), ts, vs, k));
            }
        }
        stats.peak(current);
        return new Mat(out);
    }

    /** A range vector at the first step (an instant query's top-level {@code x[5m]}). */
    private Mat matrixSelector(MatrixSelector m) throws QueryException {
        VectorSelector sel = m.selector();
        long maxt = selectionTime(sel.at(), sel.offsetMs(), start);
        long mint = maxt - m.rangeMs();
        List<Ser> out = new ArrayList<>();
        SeriesSet set = select(sel);
        while (set != null && set.next()) {
            ctx.pollSometimes();
            int n = read(set.iterator(), mint, maxt, false);
            if (current + n > ctx.maxSamples) {
                throw tooMany();
            }
            current += n;
            stats.atTime(start, n);
            if (n > 0) {
                out.add(new Ser(set.labels(), Arrays.copyOf(ctx.ts, n), Arrays.copyOf(ctx.vs, n), n));
            }
        }
        stats.peak(current);
        return new Mat(out);
    }

    private Mat unary(UnaryExpr u) throws QueryException {
        Mat m = (Mat) eval(u.expr());
        if (!u.negate()) {
            return m;
        }
        Set<Labels> seen = new HashSet<>();
        for (Ser s : m.series) {
            s.labels = dropName(s.labels);
            for (int i = 0; i < s.n; i++) {
                s.vs[i] = -s.vs[i];
            }
            if (!seen.add(s.labels)) {
                throw new QueryException(ErrorType.EXECUTION, "vector cannot contain metrics with the same labelset");
            }
        }
        return m;
    }

    private Mat binary(BinaryExpr b) throws QueryException {
        boolean ls = b.lhs().type() == ValueType.SCALAR;
        boolean rs = b.rhs().type() == ValueType.SCALAR;
        if (ls && rs) {
            return rangeEval(List.of(b.lhs(), b.rhs()), (v, t) -> List.of(new Sample(Labels.EMPTY, t,
                    Operators.apply(b.op(), v[0].get(0).v(), v[1].get(0).v()))));
        }
        if (!ls && !rs) {
            if (b.matching().card() != dev.ignis.promql.internal.ast.VectorMatching.Cardinality.MANY_TO_MANY) {
                return VectorMatch.eval(this, b);
            }
            return rangeEval(List.of(b.lhs(), b.rhs()), (v, t) -> Matching.apply(b, v[0], v[1], t));
        }
        return rangeEval(List.of(b.lhs(), b.rhs()), (v, t) -> {
            List<Sample> vector = ls ? v[1] : v[0];
            double scalar = (ls ? v[0] : v[1]).get(0).v();
            List<Sample> out = new ArrayList<>(vector.size());
            boolean filter = b.op().isComparison() && !b.returnBool();
            boolean drop = Operators.dropsName(b.op(), b.returnBool());
            for (Sample s : vector) {
                double r = ls ? Operators.apply(b.op(), scalar, s.v()) : Operators.apply(b.op(), s.v(), scalar);
                if (filter) {
                    if (r == 0) {
                        continue;
                    }
                    // A filtering comparison keeps the vector element as it was.
                    out.add(new Sample(s.labels(), t, s.v()));
                } else {
                    out.add(new Sample(drop ? dropName(s.labels()) : s.labels(), t, r));
                }
            }
            return out;
        });
    }

    private Mat aggregate(AggregateExpr a) throws QueryException {
        switch (a.op()) {
            case SUM, AVG, COUNT, GROUP, MIN, MAX:
                return GroupAggregation.eval(this, a);
            case TOPK, BOTTOMK:
                return TopK.eval(this, a);
            default:
                break;
        }
        Expr param = a.param() == null ? null : unwrapParens(a.param());
        if (param instanceof StringLiteral s) {
            List<Expr> args = new ArrayList<>(1);
            args.add(a.expr());
            return rangeEval(args, (v, t) -> Aggregations.apply(a, v[0], s.value(), t));
        }
        List<Expr> args = new ArrayList<>(2);
        args.add(a.param());
        args.add(a.expr());
        return rangeEval(args, (v, t) -> Aggregations.apply(a, v[1],
                a.param() == null ? null : (Object) v[0].get(0).v(), t));
    }

    private Val call(Call c) throws QueryException {
        String fn = c.func().name();
        List<Expr> args = c.args();
        if (fn.equals("timestamp")) {
            Expr arg = unwrapParens(args.get(0));
            if (arg instanceof VectorSelector vs) {
                return timestampOfSelector(vs);
            }
        }
        for (int i = 0; i < args.size(); i++) {
            Expr a = unwrapParens(args.get(i));
            if (a instanceof MatrixSelector || a instanceof SubqueryExpr) {
                return new RangeCall(this, c, i).eval();
            }
        }
        return rangeEval(args, (v, t) -> ctx.calls.call(c, v, t));
    }

    /** {@code timestamp(selector)}: the samples' own times, not the step's. */
    private Mat timestampOfSelector(VectorSelector vs) throws QueryException {
        SelectorData data = ctx.querier == null ? SelectorData.empty() : SelectorData.load(ctx.querier, vs.matchers());
        return rangeEval(List.of(), (v, t) -> {
            long at = selectionTime(vs.at(), vs.offsetMs(), t);
            List<Sample> out = new ArrayList<>();
            for (SelectorData.Series s : data.series()) {
                int i = s.lastAtOrBefore(at);
                if (i >= 0 && s.ts()[i] >= at - ctx.lookbackMs && !SelectorData.isStale(s.vs()[i])) {
                    current++;
                    stats.atTime(t, 1);
                    if (current > ctx.maxSamples) {
                        throw tooMany();
                    }
                    out.add(new Sample(dropName(s.labels()), t, s.ts()[i] / 1000.0));
                }
            }
            stats.peak(current);
            return out;
        });
    }

    /** Evaluates a subquery's expression over its own steps, ending at each outer step's time. */
    Mat subquery(SubqueryExpr s) throws QueryException {
        long step = s.stepMs() == 0 ? ctx.subqueryStepMs : s.stepMs();
        long last = selectionTime(s.at(), s.offsetMs(), end);
        long from = selectionTime(s.at(), s.offsetMs(), start) - s.rangeMs();
        // Go's integer division truncates towards zero; then move up to the first step in range.
        long first = step * (from / step);
        if (first < from) {
            first += step;
        }
        Evaluator inner = new Evaluator(ctx, first, last, step, stats.child());
        inner.current = current;
        Val v = inner.eval(s.expr());
        current = inner.current;
        stats.peakFrom(inner.stats);
        int steps = steps();
        for (int i = 0; i < steps; i++) {
            stats.atStep(i, inner.stats.total);
        }
        return (Mat) v;
    }

    /**
     * Prometheus's rangeEval: evaluates the arguments over all steps, then per step hands their
     * values to {@code fn} and collects its output into series.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Mat rangeEval(List<Expr> exprs, StepFn fn) throws QueryException {
        long original = current;
        int na = exprs.size();
        Mat[] mats = new Mat[na];
        for (int i = 0; i < na; i++) {
            Expr e = exprs.get(i);
            if (e != null && e.type() != ValueType.STRING) {
                mats[i] = (Mat) eval(e);
            }
        }
        int[][] cursors = new int[na][];
        for (int i = 0; i < na; i++) {
            cursors[i] = mats[i] == null ? new int[0] : new int[mats[i].series.size()];
        }
        List<Sample>[] vectors = new List[na];
        long held = current;
        boolean instant = start == end;
        Map<Labels, Ser> series = new LinkedHashMap<>();
        int steps = steps();
        for (long t = start; t <= end; t += interval) {
            ctx.poll();
            current = held;
            for (int i = 0; i < na; i++) {
                if (mats[i] == null) {
                    vectors[i] = List.of();
                    stats.peak(current);
                    continue;
                }
                List<Ser> in = mats[i].series;
                int[] cur = cursors[i];
                List<Sample> vec = new ArrayList<>(in.size());
                for (int si = 0; si < in.size(); si++) {
                    Ser s = in.get(si);
                    int c = cur[si];
                    if (c < s.n && s.ts[c] == t) {
                        if (current >= ctx.maxSamples) {
                            throw tooMany();
                        }
                        vec.add(new Sample(s.labels, t, s.vs[c]));
                        cur[si] = c + 1;
                        current++;
                    }
                }
                vectors[i] = vec;
                stats.peak(current);
            }
            List<Sample> result = fn.apply(vectors, t);
            checkDistinct(result);
            current += result.size();
            held += result.size();
            stats.peak(current);
            if (current > ctx.maxSamples) {
                throw tooMany();
            }
            if (instant) {
                List<Ser> out = new ArrayList<>(result.size());
                for (Sample s : result) {
                    out.add(new Ser(s.labels(), new long[] {t}, new double[] {s.v()}, 1));
                }
                current = original + out.size();
                stats.peak(current);
                return new Mat(out);
            }
            for (Sample s : result) {
                Ser ser = series.get(s.labels());
                if (ser == null) {
                    int cap = Math.min(steps, 16);
                    ser = new Ser(s.labels(), new long[cap], new double[cap], 0);
                    series.put(s.labels(), ser);
                }
                ser.add(t, s.v());
            }
        }
        Mat m = new Mat(new ArrayList<>(series.values()));
        current = original + m.points();
        stats.peak(current);
        return m;
    }

    static Labels dropName(Labels l) {
        return l.without(Labels.METRIC_NAME);
    }

    static List<Sample> checkDistinct(List<Sample> samples) throws QueryException {
        if (samples.size() > 1) {
            Set<Labels> seen = new HashSet<>(samples.size() * 2);
            for (Sample s : samples) {
                if (!seen.add(s.labels())) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "vector cannot contain metrics with the same labelset");
                }
            }
        }
        return samples;
    }
}

package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.promql.internal.ast.AtModifier;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Durations;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.NumberLiteral;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import dev.ignis.promql.internal.ast.VectorSelector;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.parser.PromQL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one PromQL test script exactly as Prometheus 2.42's runner does, as described in the
 * corpus's FORMAT.md: load/clear/eval commands, the extra runs at shifted times with {@code @},
 * the range-query re-run, and the relative tolerance.
 */
final class ConformanceScript {

    private static final Pattern EVAL = Pattern.compile("^eval(_fail|_ordered)? instant at (\\S+) (.+)$");
    private static final Pattern LOAD = Pattern.compile("^load (.+)$");
    private static final Set<String> AT_UNSAFE = Set.of("time", "timestamp", "predict_linear",
            "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year");
    private static final long DEFAULT_SUBQUERY_STEP_MS = 60_000;

    private final List<String> lines;
    private MemQueryable storage = new MemQueryable();
    private Engine engine = newEngine();
    private int pos;
    private int evals;

    ConformanceScript(List<String> rawLines) {
        lines = new ArrayList<>(rawLines.size());
        for (String l : rawLines) {
            String t = l.strip();
            lines.add(t.startsWith("#") ? "" : t);
        }
    }

    private Engine newEngine() {
        // The reference runner's engine: 10 000 samples, 100 s timeout, 1m subquery step.
        return new Engine(storage, Settings.defaults().withSubqueryStepMs(DEFAULT_SUBQUERY_STEP_MS)
                .withMaxSamples(10_000).withTimeoutMs(100_000));
    }

    /** Runs the script; the first failing command throws with the line number. */
    void run() throws Exception {
        while (pos < lines.size()) {
            String line = lines.get(pos);
            if (line.isEmpty()) {
                pos++;
                continue;
            }
            int at = pos + 1;
            try {
                String cmd = line.split("[ \t]+")[0].toLowerCase(java.util.Locale.ROOT);
                if (cmd.equals("clear")) {
                    storage = new MemQueryable();
                    engine = newEngine();
                    pos++;
                } else if (cmd.equals("load")) {
                    load(line);
                } else if (cmd.startsWith("eval")) {
                    eval(line);
                } else {
                    throw new AssertionError("invalid command");
                }
            } catch (AssertionError | Exception e) {
                throw new AssertionError("line " + at + ": " + line + ": " + e.getMessage(), e);
            }
        }
    }

    private void load(String header) {
        Matcher m = LOAD.matcher(header);
        if (!m.matches()) {
            throw new AssertionError("bad load");
        }
        long step = Durations.parse(m.group(1).strip());
        pos++;
        Map<Labels, List<double[]>> block = new LinkedHashMap<>();
        while (pos < lines.size() && !lines.get(pos).isEmpty()) {
            String line = lines.get(pos++);
            int split = metricEnd(line);
            Labels labels = labels(line.substring(0, split).strip());
            List<double[]> points = new ArrayList<>();
            long slot = 0;
            String rest = line.substring(split).strip();
            for (String item : rest.isEmpty() ? new String[0] : rest.split("[ \t]+")) {
                slot = expand(item, slot, points, step);
            }
            block.put(labels, points);
        }
        block.forEach((labels, points) -> {
            if (!points.isEmpty()) {
                long[] ts = new long[points.size()];
                double[] vs = new double[points.size()];
                for (int i = 0; i < ts.length; i++) {
                    ts[i] = (long) points.get(i)[0];
                    vs[i] = points.get(i)[1];
                }
                storage.put(labels, ts, vs);
            }
        });
    }

    private static int metricEnd(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        int tab = line.indexOf('\t');
        int ws = space < 0 ? tab : tab < 0 ? space : Math.min(space, tab);
        if (brace >= 0 && (ws < 0 || brace < ws)) {
            // Find the closing brace outside quotes.
            boolean quoted = false;
            for (int i = brace; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && quoted) {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == '}' && !quoted) {
                    return i + 1;
                }
            }
        }
        return ws < 0 ? line.length() : ws;
    }

    static Labels labels(String metric) {
        String inner = metric;
        String name = "";
        int brace = metric.indexOf('{');
        if (brace >= 0) {
            name = metric.substring(0, brace);
            inner = metric.substring(brace);
        } else {
            name = metric;
            inner = "";
        }
        Labels.Builder b = Labels.builder(8);
        if (!inner.isEmpty()) {
            // A dummy matcher keeps the selector valid whatever the labels ({} included).
            VectorSelector vs = (VectorSelector) PromQL.parse("{__x__=\"1\"," + inner.substring(1));
            vs.matchers().forEach(m -> {
                if (!m.name().equals("__x__")) {
                    b.set(m.name(), m.value());
                }
            });
        }
        if (!name.isEmpty()) {
            b.set(Labels.METRIC_NAME, name);
        }
        return b.build();
    }

    private static double number(String s) {
        return ((NumberLiteral) PromQL.parse(s)).value();
    }

    private static long expand(String item, long slot, List<double[]> points, long step) {
        if (item.equals("_")) {
            return slot + 1;
        }
        if (item.startsWith("_x")) {
            return slot + Long.parseLong(item.substring(2));
        }
        if (item.equals("stale")) {
            points.add(new double[] {slot * step, StaleMarker.VALUE});
            return slot + 1;
        }
        int x = item.indexOf('x');
        if (x < 0) {
            points.add(new double[] {slot * step, number(item)});
            return slot + 1;
        }
        String head = item.substring(0, x);
        long k = Long.parseLong(item.substring(x + 1));
        int sign = -1;
        for (int i = 1; i < head.length(); i++) {
            char c = head.charAt(i);
            if ((c == '+' || c == '-') && head.charAt(i - 1) != 'e' && head.charAt(i - 1) != 'E') {
                sign = i;
            }
        }
        double v = number(sign < 0 ? head : head.substring(0, sign));
        double d = sign < 0 ? 0 : number(head.substring(sign));
        for (long i = 0; i <= k; i++) {
            points.add(new double[] {slot++ * step, v});
            v += d;
        }
        return slot;
    }

    private record Expectation(int position, double value) {
    }

    /** How many eval commands ran. */
    int evals() {
        return evals;
    }

    private void eval(String header) throws QueryException {
        evals++;
        Matcher m = EVAL.matcher(header);
        if (!m.matches()) {
            throw new AssertionError("bad eval");
        }
        boolean fail = "_fail".equals(m.group(1));
        boolean ordered = "_ordered".equals(m.group(1));
        long t = Durations.parse(m.group(2));
        String expr = m.group(3);
        pos++;
        Double scalar = null;
        Map<Labels, Expectation> expected = new LinkedHashMap<>();
        while (pos < lines.size() && !lines.get(pos).isEmpty()) {
            String line = lines.get(pos++);
            Double n = goNumber(line);
            if (n != null) {
                scalar = n;
                break;
            }
            int split = metricEnd(line);
            List<double[]> points = new ArrayList<>();
            expand(line.substring(split).strip(), 0, points, 0);
            expected.put(labels(line.substring(0, split).strip()), new Expectation(expected.size() + 1, points.get(0)[1]));
        }
        Expr parsed = PromQL.parse(expr);
        List<String> exprs = new ArrayList<>(List.of(expr));
        List<Long> times = new ArrayList<>(List.of(t));
        if (!callsAtUnsafe(parsed)) {
            String pinned = pin(parsed, t).toString();
            long[] variants = t != 0 ? new long[] {-10 * t, 0, t / 5, t, 10 * t} : new long[] {-1000, 0, 1000};
            for (long v : variants) {
                exprs.add(pinned);
                times.add(v);
            }
        }
        for (int i = 0; i < exprs.size(); i++) {
            String q = exprs.get(i);
            long et = times.get(i);
            QueryResult.Value v;
            try {
                v = engine.instant(q, et, QueryOptions.DEFAULT).value();
            } catch (QueryException e) {
                if (fail) {
                    continue;
                }
                throw new AssertionError("error evaluating " + q + " at " + et + ": " + e.getMessage(), e);
            }
            if (fail) {
                throw new AssertionError("expected error evaluating " + q + " at " + et);
            }
            compare(v, scalar, expected, ordered, q + " at " + et);
            if (ordered) {
                continue;
            }
            QueryResult.Matrix range = (QueryResult.Matrix) engine.range(q, et - 60_000, et + 60_000, 60_000,
                    QueryOptions.DEFAULT).value();
            List<QueryResult.Sample> atT = new ArrayList<>();
            for (QueryResult.Series s : range.series()) {
                for (int j = 0; j < s.count(); j++) {
                    if (s.ts()[j] == et) {
                        atT.add(new QueryResult.Sample(s.labels(), et, s.vs()[j]));
                    }
                }
            }
            QueryResult.Value rv = v instanceof QueryResult.Scalar
                    ? new QueryResult.Scalar(et, atT.isEmpty() ? Double.NaN : atT.get(0).v())
                    : new QueryResult.Vector(atT);
            compare(rv, scalar, expected, false, "range query " + q + " at " + et);
        }
    }

    private static void compare(QueryResult.Value v, Double scalar, Map<Labels, Expectation> expected,
            boolean ordered, String what) {
        if (v instanceof QueryResult.Scalar s) {
            if (scalar == null || !almostEqual(scalar, s.v())) {
                throw new AssertionError(what + ": expected scalar " + scalar + " but got " + s.v());
            }
            return;
        }
        if (!(v instanceof QueryResult.Vector vec)) {
            throw new AssertionError(what + ": unexpected result type " + v.typeName());
        }
        if (scalar != null) {
            throw new AssertionError(what + ": expected scalar " + scalar + " but got a vector");
        }
        List<QueryResult.Sample> samples = vec.samples();
        for (int i = 0; i < samples.size(); i++) {
            QueryResult.Sample s = samples.get(i);
            Expectation e = expected.get(s.labels());
            if (e == null) {
                throw new AssertionError(what + ": unexpected metric " + s.labels() + " in result");
            }
            if (ordered && e.position() != i + 1) {
                throw new AssertionError(what + ": expected metric " + s.labels() + " at position "
                        + e.position() + " but was at " + (i + 1));
            }
            if (!almostEqual(e.value(), s.v())) {
                throw new AssertionError(what + ": expected " + e.value() + " for " + s.labels() + " but got " + s.v());
            }
        }
        for (Labels l : expected.keySet()) {
            if (samples.stream().noneMatch(s -> s.labels().equals(l))) {
                throw new AssertionError(what + ": expected metric " + l + " not found");
            }
        }
    }

    static boolean almostEqual(double a, double b) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || diff < Double.MIN_NORMAL) {
            return diff < 1e-6 * Double.MIN_NORMAL;
        }
        return diff / (Math.abs(a) + Math.abs(b)) < 1e-6;
    }

    /** Go's number syntax for expected scalars: integers with base prefix, then floats. */
    static Double goNumber(String s) {
        String t = s.strip();
        try {
            String u = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
            int sign = t.startsWith("-") ? -1 : 1;
            String lower = u.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("inf") || lower.equals("infinity")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (lower.equals("nan")) {
                return Double.NaN;
            }
            if (lower.matches("0x[0-9a-f]+")) {
                return sign * (double) Long.parseLong(u.substring(2), 16);
            }
            if (lower.matches("0b[01]+")) {
                return sign * (double) Long.parseLong(u.substring(2), 2);
            }
            if (lower.matches("0o?[0-7]+")) {
                return sign * (double) Long.parseLong(u.replaceFirst("^0[oO]?", ""), 8);
            }
            if (!lower.matches("[0-9.]+(e[+-]?[0-9]+)?|\\.[0-9]+(e[+-]?[0-9]+)?")) {
                return null;
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether the expression, outside subqueries, calls a function of the evaluation time. */
    private static boolean callsAtUnsafe(Expr e) {
        if (e instanceof Call c) {
            if (AT_UNSAFE.contains(c.func().name())) {
                return true;
            }
            return c.args().stream().anyMatch(ConformanceScript::callsAtUnsafe);
        } else if (e instanceof ParenExpr p) {
            return callsAtUnsafe(p.expr());
        } else if (e instanceof UnaryExpr u) {
            return callsAtUnsafe(u.expr());
        } else if (e instanceof BinaryExpr b) {
            return callsAtUnsafe(b.lhs()) || callsAtUnsafe(b.rhs());
        } else if (e instanceof AggregateExpr a) {
            return callsAtUnsafe(a.expr()) || (a.param() != null && callsAtUnsafe(a.param()));
        }
        return false;
    }

    /** The expression with every selector and subquery not pinned to a timestamp pinned at t. */
    private static Expr pin(Expr e, long t) {
        AtModifier at = AtModifier.at(t);
        if (e instanceof VectorSelector vs) {
            return pinned(vs.at()) ? vs : vs.withAt(at, vs.pos());
        } else if (e instanceof MatrixSelector m) {
            VectorSelector vs = m.selector();
            return pinned(vs.at()) ? m : new MatrixSelector(vs.withAt(at, vs.pos()), m.rangeMs(), m.pos());
        } else if (e instanceof SubqueryExpr s) {
            return pinned(s.at()) ? s : s.withAt(at, s.pos());
        } else if (e instanceof ParenExpr p) {
            return new ParenExpr(pin(p.expr(), t), p.pos());
        } else if (e instanceof UnaryExpr u) {
            return new UnaryExpr(u.negate(), pin(u.expr(), t), u.pos());
        } else if (e instanceof BinaryExpr b) {
            return new BinaryExpr(b.op(), pin(b.lhs(), t), pin(b.rhs(), t), b.matching(), b.returnBool(), b.pos());
        } else if (e instanceof AggregateExpr a) {
            return new AggregateExpr(a.op(), pin(a.expr(), t), a.param() == null ? null : pin(a.param(), t),
                    a.grouping(), a.without(), a.pos());
        } else if (e instanceof Call c) {
            return new Call(c.func(), c.args().stream().map(x -> pin(x, t)).toList(), c.pos());
        }
        return e;
    }

    private static boolean pinned(AtModifier at) {
        return at != null && at.kind() == AtModifier.Kind.TIMESTAMP;
    }
}

package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.StringLiteral;
import dev.ignis.promql.internal.ast.ParenExpr;

import dev.ignis.promql.internal.ast.VectorSelector;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Function calls. Functions not listed here answer "not implemented yet". */
final class FunctionCalls {

    private static final Map<String, DoubleUnaryOperator> MATH = Map.ofEntries(
            Map.entry("abs", Math::abs), Map.entry("ceil", Math::ceil), Map.entry("floor", Math::floor),
            Map.entry("exp", Math::exp), Map.entry("sqrt", Math::sqrt), Map.entry("ln", Math::log),
            Map.entry("log2", v -> Math.log(v) / Math.log(2)), Map.entry("log10", Math::log10),
            Map.entry("sin", Math::sin), Map.entry("cos", Math::cos), Map.entry("tan", Math::tan),
            Map.entry("asin", Math::asin), Map.entry("acos", Math::acos), Map.entry("atan", Math::atan),
            Map.entry("sinh", Math::sinh), Map.entry("cosh", Math::cosh), Map.entry("tanh", Math::tanh),
            Map.entry("asinh", v -> Double.isInfinite(v) ? v : Math.log(v + Math.sqrt(v * v + 1))),
            Map.entry("acosh", v -> Math.log(v + Math.sqrt(v * v - 1))),
            Map.entry("atanh", v -> 0.5 * Math.log((1 + v) / (1 - v))),
            Map.entry("deg", v -> v * 180 / Math.PI), Map.entry("rad", v -> v * Math.PI / 180),
            Map.entry("sgn", v -> v < 0 ? -1 : v > 0 ? 1 : v));
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    // The call being evaluated and its argument values at the current step.
    private Call current;
    private List<Sample>[] values;

    /**
     * The value of a call without range-vector arguments at one step.
     *
     * @param args per argument its instant vector (a scalar: one sample), {@code null} for strings
     */
    List<Sample> call(Call c, List<Sample>[] args, long t) throws QueryException {
        current = c;
        values = args;
        QueryResult.Value v = call(c, t);
        if (v instanceof QueryResult.Scalar s) {
            return List.of(new Sample(Labels.EMPTY, t, s.v()));
        }
        return ((QueryResult.Vector) v).samples();
    }

    private int index(Expr e) {
        List<Expr> args = current.args();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == e) {
                return i;
            }
        }
        throw new IllegalStateException("BUG: not an argument of " + current.func().name() + ": " + e);
    }

    private QueryResult.Value call(Call c, long t) throws QueryException {
        String fn = c.func().name();
        List<Expr> args = c.args();
        DoubleUnaryOperator math = MATH.get(fn);
        if (math != null) {
            return map(args.get(0), t, math, true);
        }
        switch (fn) {
            case "pi":
                return new QueryResult.Scalar(t, Math.PI);
            case "time":
                return new QueryResult.Scalar(t, t / 1000.0);
            case "vector":
                return new QueryResult.Vector(List.of(new Sample(Labels.EMPTY, t, scalar(args.get(0), t))));
            case "scalar": {
                List<Sample> v = vector(args.get(0), t);
                return new QueryResult.Scalar(t, v.size() == 1 ? v.get(0).v() : Double.NaN);
            }
            case "clamp": {
                double min = scalar(args.get(1), t);
                double max = scalar(args.get(2), t);
                if (max < min) {
                    return new QueryResult.Vector(List.of());
                }
                return map(args.get(0), t, v -> Math.max(min, Math.min(max, v)), true);
            }
            case "clamp_min": {
                double min = scalar(args.get(1), t);
                return map(args.get(0), t, v -> Math.max(min, v), true);
            }
            case "clamp_max": {
                double max = scalar(args.get(1), t);
                return map(args.get(0), t, v -> Math.min(max, v), true);
            }
            case "round": {
                double to = args.size() > 1 ? scalar(args.get(1), t) : 1;
                double inverse = 1 / to;
                return map(args.get(0), t, v -> Math.floor(v * inverse + 0.5) / inverse, true);
            }
            case "timestamp":
                return timestamp(args.get(0), t);
            case "minute", "hour", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "month",
                    "year":
                return date(fn, args, t);
            case "sort", "sort_desc": {
                List<Sample> v = new ArrayList<>(vector(args.get(0), t));
                boolean desc = fn.equals("sort_desc");
                v.sort((x, y) -> {
                    if (Double.isNaN(x.v()) || Double.isNaN(y.v())) {
                        return Boolean.compare(Double.isNaN(x.v()), Double.isNaN(y.v()));
                    }
                    return desc ? Double.compare(y.v(), x.v()) : Double.compare(x.v(), y.v());
                });
                return new QueryResult.Vector(v);
            }
            case "label_replace":
                return labelReplace(args, t);
            case "label_join":
                return labelJoin(args, t);
            case "histogram_quantile":
                return histogramQuantile(scalar(args.get(0), t), vector(args.get(1), t), t);
            case "histogram_count", "histogram_sum", "histogram_fraction":
                // Native histograms only; float samples give nothing.
                return new QueryResult.Vector(List.of());
            case "absent":
                return vector(args.get(0), t).isEmpty()
                        ? new QueryResult.Vector(List.of(new Sample(absentLabels(args.get(0)), t, 1)))
                        : new QueryResult.Vector(List.of());
            default:
                break;
        }
        throw new IllegalStateException("BUG: function " + fn + "() is not evaluated step by step");
    }

    private double scalar(Expr e, long t) {
        return values[index(e)].get(0).v();
    }

    private List<Sample> vector(Expr e, long t) {
        return values[index(e)];
    }

    private QueryResult.Value map(Expr arg, long t, DoubleUnaryOperator f, boolean dropName) throws QueryException {
        List<Sample> in = vector(arg, t);
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            out.add(new Sample(dropName ? Evaluator.dropName(s.labels()) : s.labels(), t, f.applyAsDouble(s.v())));
        }
        return new QueryResult.Vector(Evaluator.checkDistinct(out));
    }

    /** {@code timestamp()} of anything but a plain selector: the evaluation time. */
    private QueryResult.Value timestamp(Expr arg, long t) throws QueryException {
        return map(arg, t, v -> t / 1000.0, true);
    }

    private QueryResult.Value date(String fn, List<Expr> args, long t) throws QueryException {
        if (args.isEmpty()) {
            return new QueryResult.Vector(List.of(new Sample(Labels.EMPTY, t, dateField(fn, t / 1000.0))));
        }
        return map(args.get(0), t, v -> dateField(fn, v), true);
    }

    private static double dateField(String fn, double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return Double.NaN;
        }
        ZonedDateTime d = Instant.ofEpochSecond((long) seconds).atZone(ZoneOffset.UTC);
        return switch (fn) {
            case "minute" -> d.getMinute();
            case "hour" -> d.getHour();
            case "day_of_month" -> d.getDayOfMonth();
            case "day_of_week" -> d.getDayOfWeek().getValue() % 7;
            case "day_of_year" -> d.getDayOfYear();
            case "days_in_month" -> d.toLocalDate().lengthOfMonth();
            case "month" -> d.getMonthValue();
            case "year" -> d.getYear();
            default -> throw new IllegalStateException("BUG: date function " + fn);
        };
    }

    private String string(Expr e, long t) {
        return ((StringLiteral) Evaluator.unwrapParens(e)).value();
    }

    private QueryResult.Value labelReplace(List<Expr> args, long t) throws QueryException {
        String dst = string(args.get(1), t);
        String repl = string(args.get(2), t);
        String src = string(args.get(3), t);
        String regex = string(args.get(4), t);
        Pattern re;
        try {
            re = Pattern.compile("^(?:" + regex + ")$", Pattern.DOTALL);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new QueryException(ErrorType.EXECUTION, "invalid regular expression in label_replace(): " + regex);
        }
        if (!LABEL_NAME.matcher(dst).matches()) {
            throw new QueryException(ErrorType.EXECUTION, "invalid destination label name in label_replace(): " + dst);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : vector(args.get(0), t)) {
            Matcher m = re.matcher(s.labels().get(src));
            Labels l = s.labels();
            if (m.matches()) {
                l = l.toBuilder().set(dst, expand(repl, m)).build();
            }
            out.add(new Sample(l, t, s.v()));
        }
        return new QueryResult.Vector(Evaluator.checkDistinct(out));
    }

    /** Go's regexp Expand: $1, ${1}, ${name}; "$1x" names group "1x". */
    private static String expand(String template, Matcher m) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(i + 1);
            if (n == '$') {
                sb.append('$');
                i++;
                continue;
            }
            String name;
            int end;
            if (n == '{') {
                end = template.indexOf('}', i + 2);
                if (end < 0) {
                    sb.append(c);
                    continue;
                }
                name = template.substring(i + 2, end);
                end++;
            } else {
                end = i + 1;
                while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end))
                        || template.charAt(end) == '_')) {
                    end++;
                }
                name = template.substring(i + 1, end);
            }
            if (name.isEmpty()) {
                sb.append(c);
                continue;
            }
            String value = "";
            try {
                int g = Integer.parseInt(name);
                if (g <= m.groupCount() && m.group(g) != null) {
                    value = m.group(g);
                }
            } catch (NumberFormatException e) {
                try {
                    String v = m.group(name);
                    value = v == null ? "" : v;
                } catch (IllegalArgumentException missing) {
                    value = "";
                }
            }
            sb.append(value);
            i = end - 1;
        }
        return sb.toString();
    }

    private QueryResult.Value labelJoin(List<Expr> args, long t) throws QueryException {
        String dst = string(args.get(1), t);
        String sep = string(args.get(2), t);
        List<String> srcs = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
            String src = string(args.get(i), t);
            if (!LABEL_NAME.matcher(src).matches()) {
                throw new QueryException(ErrorType.EXECUTION, "invalid source label name in label_join(): " + src);
            }
            srcs.add(src);
        }
        if (!LABEL_NAME.matcher(dst).matches()) {
            throw new QueryException(ErrorType.EXECUTION, "invalid destination label name in label_join(): " + dst);
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : vector(args.get(0), t)) {
            List<String> values = new ArrayList<>();
            for (String src : srcs) {
                values.add(s.labels().get(src));
            }
            out.add(new Sample(s.labels().toBuilder().set(dst, String.join(sep, values)).build(), t, s.v()));
        }
        return new QueryResult.Vector(Evaluator.checkDistinct(out));
    }

    static String goFixed6(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf")
                : new java.math.BigDecimal(v).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }

    // histogram_quantile, per query: each input label set's group and bucket bound, worked out
    // the first time it is seen (the same Labels object comes back at every step), and each
    // group's buckets gathered into arrays reused from step to step.
    private final Map<Labels, Bucket> buckets = new java.util.IdentityHashMap<>();
    private final Map<Labels, Integer> groupIds = new java.util.HashMap<>();
    private final List<Labels> groupOut = new ArrayList<>();
    private double[][] groupLe = new double[0][];
    private double[][] groupCount = new double[0][];
    private int[] groupSize = new int[0];
    private int[] groupOrder = new int[0];

    /** An input series' group (-1: no usable "le", left out) and upper bound. */
    private record Bucket(int group, double le) {
    }

    /** Quantiles from classic histogram buckets (series with an "le" label), per label set. */
    private QueryResult.Value histogramQuantile(double q, List<Sample> in, long t) throws QueryException {
        int ng = 0;
        for (int i = 0; i < in.size(); i++) {
            Sample s = in.get(i);
            Bucket b = buckets.get(s.labels());
            if (b == null) {
                b = bucket(s.labels());
                buckets.put(s.labels(), b);
            }
            int g = b.group();
            if (g < 0) {
                continue;
            }
            if (groupSize[g] == 0) {
                groupOrder[ng++] = g;
            }
            int n = groupSize[g]++;
            if (n == groupLe[g].length) {
                groupLe[g] = java.util.Arrays.copyOf(groupLe[g], Math.max(16, 2 * n));
                groupCount[g] = java.util.Arrays.copyOf(groupCount[g], groupLe[g].length);
            }
            groupLe[g][n] = b.le();
            groupCount[g][n] = s.v();
        }
        // Groups in the order of their first bucket, as Prometheus lists them.
        List<Sample> out = new ArrayList<>(ng);
        for (int o = 0; o < ng; o++) {
            int g = groupOrder[o];
            out.add(new Sample(groupOut.get(g), t, bucketQuantile(q, groupLe[g], groupCount[g], groupSize[g])));
            groupSize[g] = 0;
        }
        return new QueryResult.Vector(Evaluator.checkDistinct(out));
    }

    private Bucket bucket(Labels labels) {
        double le;
        try {
            le = parseGoFloat(labels.get("le"));
        } catch (NumberFormatException e) {
            return new Bucket(-1, 0);
        }
        // Grouped with the metric name, which the output then drops: two histograms that
        // differ only by name collide, as in Prometheus.
        Labels key = labels.without("le");
        Integer id = groupIds.get(key);
        if (id == null) {
            id = groupOut.size();
            groupIds.put(key, id);
            groupOut.add(Evaluator.dropName(key));
            if (id == groupSize.length) {
                int cap = Math.max(8, 2 * id);
                groupLe = java.util.Arrays.copyOf(groupLe, cap);
                groupCount = java.util.Arrays.copyOf(groupCount, cap);
                groupSize = java.util.Arrays.copyOf(groupSize, cap);
                groupOrder = java.util.Arrays.copyOf(groupOrder, cap);
            }
            groupLe[id] = new double[16];
            groupCount[id] = new double[16];
        }
        return new Bucket(id, le);
    }

    private static double parseGoFloat(String s) {
        String l = s.toLowerCase(java.util.Locale.ROOT);
        if (l.equals("+inf") || l.equals("inf") || l.equals("infinity") || l.equals("+infinity")) {
            return Double.POSITIVE_INFINITY;
        }
        if (l.equals("-inf") || l.equals("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (l.equals("nan")) {
            return Double.NaN;
        }
        if (s.isEmpty() || l.endsWith("d") || l.endsWith("f") || l.startsWith("0x")) {
            throw new NumberFormatException(s);
        }
        return Double.parseDouble(s);
    }

    /**
     * The quantile from {@code n} buckets (bounds {@code le}, cumulative counts {@code count},
     * in input order; both arrays are reordered and overwritten).
     */
    static double bucketQuantile(double q, double[] le, double[] count, int n) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        // Stable: buckets of equal bounds are summed in input order below.
        for (int i = 1; i < n; i++) {
            double l = le[i];
            double c = count[i];
            int j = i;
            for (; j > 0 && Double.compare(le[j - 1], l) > 0; j--) {
                le[j] = le[j - 1];
                count[j] = count[j - 1];
            }
            le[j] = l;
            count[j] = c;
        }
        if (le[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // Equal bounds merged, then counts made monotonic.
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && le[m - 1] == le[i]) {
                count[m - 1] += count[i];
            } else {
                le[m] = le[i];
                count[m++] = count[i];
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (count[i] > max) {
                max = count[i];
            } else if (count[i] < max) {
                count[i] = max;
            }
        }
        if (m < 2) {
            return Double.NaN;
        }
        double observations = count[m - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < m - 1 && count[b] < rank) {
            b++;
        }
        if (b == m - 1) {
            return le[m - 2];
        }
        if (b == 0 && le[0] <= 0) {
            return le[0];
        }
        double start = 0;
        double end = le[b];
        double c = count[b];
        if (b > 0) {
            start = le[b - 1];
            c -= count[b - 1];
            rank -= count[b - 1];
        }
        return start + (end - start) * (rank / c);
    }

    /** The labels absent() derives from a plain selector: its = matchers, each name used once. */
    static Labels absentLabels(Expr arg) {
        Expr e = arg;
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        if (e instanceof MatrixSelector m) {
            e = m.selector();
        }
        if (!(e instanceof VectorSelector vs)) {
            return Labels.EMPTY;
        }
        Map<String, Integer> uses = new java.util.HashMap<>();
        vs.matchers().forEach(m -> uses.merge(m.name(), 1, Integer::sum));
        Labels.Builder b = Labels.builder(vs.matchers().size());
        for (var m : vs.matchers()) {
            if (m.type() == dev.ignis.api.storage.LabelMatcher.Type.EQUAL && !m.name().equals(Labels.METRIC_NAME)
                    && uses.get(m.name()) == 1) {
                b.add(m.name(), m.value());
            }
        }
        return b.build();
    }
}

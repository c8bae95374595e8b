package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.promql.internal.ast.AggregateExpr;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The twelve aggregation operators over one instant vector, as Prometheus 2.42 computes them. */
final class Aggregations {

    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private Aggregations() {
    }

    /** The labels of an element's group. */
    static Labels groupLabels(AggregateExpr a, Labels l) {
        if (a.without()) {
            Labels.Builder b = l.toBuilder().delete(Labels.METRIC_NAME);
            a.grouping().forEach(b::delete);
            return b.build();
        }
        Labels.Builder b = Labels.builder(a.grouping().size());
        for (String name : a.grouping()) {
            b.set(name, l.get(name));
        }
        return b.build();
    }

    static List<Sample> apply(AggregateExpr a, List<Sample> in, Object param, long t) throws QueryException {
        switch (a.op()) {
            case TOPK, BOTTOMK:
                return topk(a, in, (Double) param, t);
            case COUNT_VALUES:
                return countValues(a, in, (String) param, t);
            default:
                break;
        }
        Map<Labels, List<Double>> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            groups.computeIfAbsent(groupLabels(a, s.labels()), k -> new ArrayList<>()).add(s.v());
        }
        List<Sample> out = new ArrayList<>(groups.size());
        for (Map.Entry<Labels, List<Double>> g : groups.entrySet()) {
            List<Double> vs = g.getValue();
            double v = switch (a.op()) {
                case SUM -> vs.stream().reduce(0.0, Double::sum);
                case AVG -> avg(vs);
                case COUNT -> vs.size();
                case GROUP -> 1;
                case MIN -> minMax(vs, true);
                case MAX -> minMax(vs, false);
                case STDVAR -> stdvar(vs);
                case STDDEV -> Math.sqrt(stdvar(vs));
                case QUANTILE -> RangeFunctions.quantile((Double) param,
                        vs.stream().mapToDouble(Double::doubleValue).toArray(), 0, vs.size());
                default -> throw new IllegalStateException("BUG: aggregation " + a.op());
            };
            out.add(new Sample(g.getKey(), t, v));
        }
        return out;
    }

    private static double avg(List<Double> vs) {
        double mean = vs.get(0);
        for (int i = 1; i < vs.size(); i++) {
            double v = vs.get(i);
            int count = i + 1;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            mean += v / count - mean / count;
        }
        return mean;
    }

    private static double minMax(List<Double> vs, boolean min) {
        double r = vs.get(0);
        for (double v : vs) {
            if (min ? (r > v || Double.isNaN(r)) : (r < v || Double.isNaN(r))) {
                r = v;
            }
        }
        return r;
    }

    private static double stdvar(List<Double> vs) {
        double mean = 0;
        double value = 0;
        int count = 0;
        for (double v : vs) {
            count++;
            double delta = v - mean;
            mean += delta / count;
            value += delta * (v - mean);
        }
        return value / count;
    }

    private static List<Sample> topk(AggregateExpr a, List<Sample> in, double param, long t) throws QueryException {
        if (param >= 0x1p63 || param < -0x1p63) {
            throw new QueryException(ErrorType.EXECUTION, "Scalar value " + param + " overflows int64");
        }
        long k = (long) param;
        if (k < 1) {
            return List.of();
        }
        boolean top = a.op() == dev.ignis.promql.internal.ast.AggregateOp.TOPK;
        Map<Labels, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            groups.computeIfAbsent(groupLabels(a, s.labels()), x -> new ArrayList<>()).add(s);
        }
        // NaN ranks below every number for topk and above every number for bottomk.
        Comparator<Sample> order = (x, y) -> {
            boolean xn = Double.isNaN(x.v());
            boolean yn = Double.isNaN(y.v());
            if (xn || yn) {
                return Boolean.compare(xn, yn);
            }
            return top ? Double.compare(y.v(), x.v()) : Double.compare(x.v(), y.v());
        };
        List<Sample> out = new ArrayList<>();
        for (List<Sample> g : groups.values()) {
            g.sort(order);
            for (int i = 0; i < Math.min(k, g.size()); i++) {
                out.add(new Sample(g.get(i).labels(), t, g.get(i).v()));
            }
        }
        return out;
    }

    private static List<Sample> countValues(AggregateExpr a, List<Sample> in, String label, long t)
            throws QueryException {
        if (!LABEL_NAME.matcher(label).matches()) {
            throw new QueryException(ErrorType.EXECUTION, "invalid label name \"" + label + "\"");
        }
        Map<Labels, Integer> counts = new LinkedHashMap<>();
        for (Sample s : in) {
            Labels g = groupLabels(a, s.labels()).toBuilder().set(label, plain(s.v())).build();
            counts.merge(g, 1, Integer::sum);
        }
        List<Sample> out = new ArrayList<>(counts.size());
        counts.forEach((l, c) -> out.add(new Sample(l, t, c)));
        return out;
    }

    /** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
    static String plain(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}

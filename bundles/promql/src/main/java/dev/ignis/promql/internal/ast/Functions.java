package dev.ignis.promql.internal.ast;

import static dev.ignis.promql.internal.ast.ValueType.MATRIX;
import static dev.ignis.promql.internal.ast.ValueType.SCALAR;
import static dev.ignis.promql.internal.ast.ValueType.STRING;
import static dev.ignis.promql.internal.ast.ValueType.VECTOR;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The 70 functions of PromQL as of Prometheus 2.42, by name (case-sensitive). */
public final class Functions {

    private static final Map<String, Function> ALL;

    static {
        Map<String, Function> m = new TreeMap<>();
        for (String name : List.of("abs", "ceil", "floor", "exp", "sqrt", "ln", "log2", "log10",
                "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
                "acosh", "atanh", "deg", "rad", "sgn", "timestamp", "sort", "sort_desc",
                "absent", "histogram_count", "histogram_sum")) {
            add(m, name, List.of(VECTOR), 0, VECTOR);
        }
        for (String name : List.of("avg_over_time", "count_over_time", "last_over_time",
                "max_over_time", "min_over_time", "present_over_time", "stddev_over_time",
                "stdvar_over_time", "sum_over_time", "absent_over_time", "changes", "resets",
                "rate", "increase", "delta", "irate", "idelta", "deriv")) {
            add(m, name, List.of(MATRIX), 0, VECTOR);
        }
        for (String name : List.of("day_of_month", "day_of_week", "day_of_year",
                "days_in_month", "hour", "minute", "month", "year")) {
            add(m, name, List.of(VECTOR), 1, VECTOR);
        }
        add(m, "clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR);
        add(m, "clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR);
        add(m, "clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR);
        add(m, "round", List.of(VECTOR, SCALAR), 1, VECTOR);
        add(m, "pi", List.of(), 0, SCALAR);
        add(m, "time", List.of(), 0, SCALAR);
        add(m, "scalar", List.of(VECTOR), 0, SCALAR);
        add(m, "vector", List.of(SCALAR), 0, VECTOR);
        add(m, "quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR);
        add(m, "predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR);
        add(m, "holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        add(m, "histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR);
        add(m, "histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR);
        add(m, "label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR);
        add(m, "label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR);
        ALL = Collections.unmodifiableMap(m);
    }

    private Functions() {
    }

    private static void add(Map<String, Function> m, String name, List<ValueType> args,
            int variadic, ValueType ret) {
        if (m.put(name, new Function(name, args, variadic, ret)) != null) {
            throw new IllegalStateException("BUG: function " + name + " declared twice");
        }
    }

    /** The function called {@code name}, or {@code null}. */
    public static Function get(String name) {
        return ALL.get(name);
    }

    /** All functions, sorted by name. */
    public static Map<String, Function> all() {
        return ALL;
    }
}

package dev.ignis.api.query;

import dev.ignis.api.labels.Labels;
import java.util.List;
import java.util.Map;

/**
 * The value of an evaluated expression with its warnings and optional statistics.
 *
 * @param value the result value
 * @param warnings non-fatal warnings, possibly empty
 * @param stats statistics as Prometheus reports them under {@code stats}, or {@code null}
 */
public record QueryResult(Value value, List<String> warnings, Map<String, Object> stats) {

    public QueryResult {
        warnings = List.copyOf(warnings);
    }

    /** The four PromQL result types. */
    public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
        /** Prometheus's {@code resultType} name. */
        String typeName();
    }

    /** A scalar at time {@code t} (ms). */
    public record Scalar(long t, double v) implements Value {
        @Override
        public String typeName() {
            return "scalar";
        }
    }

    /** A string at time {@code t} (ms). */
    public record StringValue(long t, String s) implements Value {
        @Override
        public String typeName() {
            return "string";
        }
    }

    /** An instant vector. */
    public record Vector(List<Sample> samples) implements Value {
        @Override
        public String typeName() {
            return "vector";
        }
    }

    /** One element of an instant vector. */
    public record Sample(Labels labels, long t, double v) {
    }

    /** A range vector or range-query result: series sorted by labels. */
    public record Matrix(List<Series> series) implements Value {
        @Override
        public String typeName() {
            return "matrix";
        }
    }

    /**
     * One series of a matrix: {@code count} points in the parallel arrays {@code ts} (ms) and
     * {@code vs}. The arrays may be longer than {@code count}.
     */
    public record Series(Labels labels, long[] ts, double[] vs, int count) {
    }
}

package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.QueryResult.Matrix;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.api.query.QueryResult.Scalar;
import dev.ignis.api.query.QueryResult.Series;
import dev.ignis.api.query.QueryResult.StringValue;
import dev.ignis.api.query.QueryResult.Vector;
import dev.ignis.web.internal.text.GoFloat;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;

/**
 * Query results in Prometheus 2.42's JSON, which uses two encoders (observed on the binary):
 *
 * <ul>
 *   <li>vector and matrix points go through jsoniter's point encoder: the timestamp as whole
 *       seconds plus exactly three decimals when the millisecond part is not zero
 *       ({@code 1.500}, {@code -0.001}, {@code 3}), the value as a string with an exponent when
 *       {@code |v| < 1e-6} or {@code |v| >= 1e21} ({@link GoFloat#appendApi});</li>
 *   <li>scalars and strings go through {@code encoding/json}: the timestamp as the shortest
 *       float of {@code t/1000} ({@code 1.5}), the scalar value never with an exponent
 *       ({@link GoFloat#appendPlain}).</li>
 * </ul>
 */
final class QueryJson {

    private QueryJson() {
    }

    /**
     * Writes {@code {"resultType":...,"result":...}} and, when {@code stats} is not
     * {@code null}, {@code "stats":...}.
     */
    static void writeData(JsonGenerator g, QueryResult.Value value, Map<String, Object> stats) throws IOException {
        g.writeStartObject();
        g.writeStringField("resultType", value.typeName());
        g.writeFieldName("result");
        writeValue(g, value);
        if (stats != null) {
            g.writeFieldName("stats");
            writeAny(g, stats);
        }
        g.writeEndObject();
    }

    static void writeValue(JsonGenerator g, QueryResult.Value value) throws IOException {
        Scratch scratch = new Scratch();
        StringBuilder sb = scratch.sb;
        if (value instanceof Scalar s) {
            g.writeStartArray();
            g.writeNumber(jsonSeconds(sb, s.t()));
            sb.setLength(0);
            g.writeString(GoFloat.appendPlain(sb, s.v()).toString());
            g.writeEndArray();
        } else if (value instanceof StringValue s) {
            g.writeStartArray();
            g.writeNumber(jsonSeconds(sb, s.t()));
            g.writeString(s.s());
            g.writeEndArray();
        } else if (value instanceof Vector v) {
            g.writeStartArray();
            List<Sample> samples = v.samples();
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                g.writeStartObject();
                g.writeFieldName("metric");
                SeriesEndpoints.writeLabels(g, s.labels());
                g.writeFieldName("value");
                writePoint(g, scratch, s.t(), s.v());
                g.writeEndObject();
            }
            g.writeEndArray();
        } else {
            Matrix m = (Matrix) value;
            List<Series> series = m.series();
            if (!(g.getOutputTarget() instanceof OutputStream out)) {
                g.writeStartArray();
                for (int i = 0; i < series.size(); i++) {
                    Series s = series.get(i);
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    SeriesEndpoints.writeLabels(g, s.labels());
                    g.writeArrayFieldStart("values");
                    for (int j = 0; j < s.count(); j++) {
                        writePoint(g, scratch, s.ts()[j], s.vs()[j]);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                return;
            }
            // The series go straight to the response stream as bytes: Jackson writes the
            // envelope, flushed (but not the stream under it) before them.
            g.writeRawValue("");
            boolean flushStream = g.isEnabled(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            try {
                g.flush();
            } finally {
                if (flushStream) {
                    g.enable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
                }
            }
            new MatrixBytes(out).write(series);
        }
    }

    /**
     * Writes {@code [t,"v"]} as one raw value through the buffers of one response: no string
     * per point, one call into the generator (the digits and quotes need no escaping).
     */
    private static void writePoint(JsonGenerator g, Scratch scratch, long t, double v) throws IOException {
        StringBuilder sb = scratch.sb;
        sb.setLength(0);
        sb.append('[');
        pointSeconds(sb, t);
        sb.append(",\"");
        GoFloat.appendApi(sb, v);
        sb.append("\"]");
        g.writeRawValue(scratch.chars(), 0, sb.length());
    }

    /** A text buffer and a char array to hand its contents to Jackson, reused for a whole result. */
    private static final class Scratch {
        final StringBuilder sb = new StringBuilder(32);
        private char[] buf = new char[32];

        char[] chars() {
            if (buf.length < sb.length()) {
                buf = new char[Math.max(sb.length(), buf.length * 2)];
            }
            sb.getChars(0, sb.length(), buf, 0);
            return buf;
        }
    }

    /** The point encoder's timestamp: seconds, then {@code .mmm} unless the milliseconds are zero. */
    static StringBuilder pointSeconds(StringBuilder sb, long t) {
        if (t < 0) {
            sb.append('-');
            t = -t; // Long.MIN_VALUE stays negative, as in Go
        }
        sb.append(t / 1000);
        long frac = t % 1000;
        if (frac != 0) {
            sb.append('.');
            if (frac < 100) {
                sb.append('0');
            }
            if (frac < 10) {
                sb.append('0');
            }
            sb.append(frac);
        }
        return sb;
    }

    /** {@code encoding/json}'s float64 for {@code t/1000}: never an exponent for millisecond times. */
    static String jsonSeconds(StringBuilder sb, long t) {
        sb.setLength(0);
        return GoFloat.appendApi(sb, t / 1000.0).toString();
    }

    /**
     * Writes statistics as jsoniter would write the value: maps as objects in their iteration
     * order, lists and arrays as arrays, integers as integers, other numbers as Go floats.
     */
    static void writeAny(JsonGenerator g, Object o) throws IOException {
        if (o == null) {
            g.writeNull();
        } else if (o instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeAny(g, e.getValue());
            }
            g.writeEndObject();
        } else if (o instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object x : it) {
                writeAny(g, x);
            }
            g.writeEndArray();
        } else if (o.getClass().isArray()) {
            g.writeStartArray();
            for (int i = 0; i < Array.getLength(o); i++) {
                writeAny(g, Array.get(o, i));
            }
            g.writeEndArray();
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            g.writeNumber(((Number) o).longValue());
        } else if (o instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                g.writeNull(); // JSON has no such numbers; jsoniter would fail the response
            } else {
                g.writeNumber(GoFloat.appendApi(new StringBuilder(24), d).toString());
            }
        } else if (o instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(o.toString());
        }
    }
}

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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
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
            g.writeStartArray();
            List<Series> series = m.series();
            if (!(g.getOutputTarget() instanceof OutputStream out)) {
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
            // The points go straight to the response stream as bytes: Jackson writes the
            // rest, flushed (but not the stream under it) before each series' points.
            boolean flushStream = g.isEnabled(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            PointBytes points = new PointBytes();
            try {
                for (int i = 0; i < series.size(); i++) {
                    Series s = series.get(i);
                    g.writeStartObject();
                    g.writeFieldName("metric");
                    SeriesEndpoints.writeLabels(g, s.labels());
                    g.writeFieldName("values");
                    g.writeRawValue("");
                    g.flush();
                    points.write(out, s.ts(), s.vs(), s.count());
                    g.writeEndObject();
                }
            } finally {
                if (flushStream) {
                    g.enable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
                }
            }
            g.writeEndArray();
        }
    }

    /** A matrix series' points as {@code [[t,"v"],...]} in bytes, through one reused buffer. */
    static final class PointBytes {
        private static final int SIZE = 16384;
        // A point is at most "[", the time (21), ",\"", the value, "\"]" and a comma.
        private static final int POINT_MAX = 32 + GoFloat.API_MAX_BYTES;
        private final byte[] buf = new byte[SIZE];
        private final long[] scratch = new long[2];
        private final StringBuilder rare = new StringBuilder();
        // The series of a range result share their steps' timestamps: each one's bytes are
        // kept in a direct-mapped cache and copied, not formatted again for every series.
        // A slot's bytes are kept as three longs and stored whole (past the end of the time
        // too, which the next bytes overwrite): three stores instead of one per character.
        private static final int SLOTS = 512;
        private static final int SLOT_BYTES = 24;
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.LITTLE_ENDIAN);
        private final long[] cachedT = new long[SLOTS];
        private final byte[] cachedLen = new byte[SLOTS];
        private final long[] cached = new long[SLOTS * 3];

        void write(OutputStream out, long[] ts, double[] vs, int n) throws IOException {
            byte[] b = buf;
            int pos = 0;
            b[pos++] = '[';
            for (int j = 0; j < n; j++) {
                if (pos > SIZE - POINT_MAX) {
                    out.write(b, 0, pos);
                    pos = 0;
                }
                if (j > 0) {
                    b[pos++] = ',';
                }
                b[pos++] = '[';
                pos = cachedSeconds(b, pos, ts[j]);
                b[pos++] = ',';
                b[pos++] = '"';
                pos = GoFloat.appendApi(b, pos, vs[j], scratch);
                b[pos++] = '"';
                b[pos++] = ']';
            }
            b[pos++] = ']';
            out.write(b, 0, pos);
        }

        private int cachedSeconds(byte[] b, int pos, long t) {
            int slot = (int) ((t * 0x9E3779B97F4A7C15L) >>> 55);
            int len = cachedLen[slot];
            int from = slot * 3;
            if (len != 0 && cachedT[slot] == t) {
                LONGS.set(b, pos, cached[from]);
                LONGS.set(b, pos + 8, cached[from + 1]);
                LONGS.set(b, pos + 16, cached[from + 2]);
                return pos + len;
            }
            int end = seconds(b, pos, t);
            len = end - pos;
            if (len <= SLOT_BYTES) {
                cached[from] = (long) LONGS.get(b, pos);
                cached[from + 1] = (long) LONGS.get(b, pos + 8);
                cached[from + 2] = (long) LONGS.get(b, pos + 16);
                cachedT[slot] = t;
                cachedLen[slot] = (byte) len;
            }
            return end;
        }

        /** {@link #pointSeconds} in bytes. */
        private int seconds(byte[] b, int pos, long t) {
            if (t == Long.MIN_VALUE) {
                rare.setLength(0);
                pointSeconds(rare, t);
                for (int i = 0; i < rare.length(); i++) {
                    b[pos++] = (byte) rare.charAt(i);
                }
                return pos;
            }
            if (t < 0) {
                b[pos++] = '-';
                t = -t;
            }
            long secs = t / 1000;
            int frac = (int) (t % 1000);
            pos = GoFloat.digits(b, pos, secs, GoFloat.digitCount(secs));
            if (frac != 0) {
                b[pos++] = '.';
                b[pos++] = (byte) ('0' + frac / 100);
                b[pos++] = (byte) ('0' + frac / 10 % 10);
                b[pos++] = (byte) ('0' + frac % 10);
            }
            return pos;
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

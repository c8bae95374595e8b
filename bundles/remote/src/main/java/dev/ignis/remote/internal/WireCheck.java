package dev.ignis.remote.internal;

import java.util.Arrays;

/**
 * Checks a decoded body against the remote write 1.0 messages the way Prometheus 2.42's
 * gogo-generated decoder does, and words the first failure as that decoder does: a known field
 * with another wire type ("proto: wrong wireType = 0 for field Timeseries"), tag 0, a stray end
 * group, a length past the end ("unexpected EOF"), varints over 64 bits, negative lengths.
 * protobuf-java would accept a known field with another wire type as an unknown field, and it
 * words the rest differently; the text is the body of the 400 answer, so the check runs first.
 *
 * <p>One pass, no allocation unless there is an error. Native histograms are checked only as
 * length-delimited fields: the receiver refuses them whatever they hold.
 */
final class WireCheck {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int BYTES = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;

    /** A message of the protocol: its Go name and, per field number, wire type, Go field name, nested message. */
    private enum Msg {
        WRITE_REQUEST("WriteRequest"),
        TIME_SERIES("TimeSeries"),
        LABEL("Label"),
        SAMPLE("Sample"),
        EXEMPLAR("Exemplar"),
        METRIC_METADATA("MetricMetadata"),
        OPAQUE("");

        final String goName;
        int[] wireTypes = new int[0];
        String[] fieldNames = new String[0];
        Msg[] nested = new Msg[0];

        Msg(String goName) {
            this.goName = goName;
        }

        void field(int number, int wireType, String name, Msg msg) {
            if (number >= wireTypes.length) {
                wireTypes = Arrays.copyOf(wireTypes, number + 1);
                fieldNames = Arrays.copyOf(fieldNames, number + 1);
                nested = Arrays.copyOf(nested, number + 1);
            }
            wireTypes[number] = wireType;
            fieldNames[number] = name;
            nested[number] = msg;
        }

        boolean known(int number) {
            return number < fieldNames.length && fieldNames[number] != null;
        }

        static {
            WRITE_REQUEST.field(1, BYTES, "Timeseries", TIME_SERIES);
            WRITE_REQUEST.field(3, BYTES, "Metadata", METRIC_METADATA);
            TIME_SERIES.field(1, BYTES, "Labels", LABEL);
            TIME_SERIES.field(2, BYTES, "Samples", SAMPLE);
            TIME_SERIES.field(3, BYTES, "Exemplars", EXEMPLAR);
            TIME_SERIES.field(4, BYTES, "Histograms", OPAQUE);
            LABEL.field(1, BYTES, "Name", null);
            LABEL.field(2, BYTES, "Value", null);
            SAMPLE.field(1, FIXED64, "Value", null);
            SAMPLE.field(2, VARINT, "Timestamp", null);
            EXEMPLAR.field(1, BYTES, "Labels", LABEL);
            EXEMPLAR.field(2, FIXED64, "Value", null);
            EXEMPLAR.field(3, VARINT, "Timestamp", null);
            METRIC_METADATA.field(1, VARINT, "Type", null);
            METRIC_METADATA.field(2, BYTES, "MetricFamilyName", null);
            METRIC_METADATA.field(4, BYTES, "Help", null);
            METRIC_METADATA.field(5, BYTES, "Unit", null);
        }
    }

    static final String UNEXPECTED_EOF = "unexpected EOF";
    static final String INT_OVERFLOW = "proto: integer overflow";
    static final String INVALID_LENGTH = "proto: negative length found during unmarshaling";
    static final String UNEXPECTED_END_OF_GROUP = "proto: unexpected end of group";

    /** Carries the error text out of the recursion; no stack trace. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String text) {
            super(text, null, false, false);
        }
    }

    private final byte[] b;
    private int pos;

    private WireCheck(byte[] b) {
        this.b = b;
    }

    /** {@code null} when {@code body} decodes as a WriteRequest, else 2.42's error text. */
    static String check(byte[] body) {
        WireCheck c = new WireCheck(body);
        try {
            c.message(Msg.WRITE_REQUEST, body.length);
            return null;
        } catch (Failure f) {
            return f.getMessage();
        }
    }

    private void message(Msg m, int end) throws Failure {
        while (pos < end) {
            int start = pos;
            long wire = varint(end);
            int fieldNum = (int) (wire >>> 3);
            int wireType = (int) (wire & 7);
            if (wireType == END_GROUP) {
                throw new Failure("proto: " + m.goName + ": wiretype end group for non-group");
            }
            if (fieldNum <= 0) {
                throw new Failure("proto: " + m.goName + ": illegal tag " + fieldNum + " (wire type " + wire + ")");
            }
            if (m.known(fieldNum)) {
                if (wireType != m.wireTypes[fieldNum]) {
                    throw new Failure("proto: wrong wireType = " + wireType + " for field " + m.fieldNames[fieldNum]);
                }
                field(wireType, m.nested[fieldNum], end);
            } else {
                pos = start;
                skip(end);
            }
        }
        if (pos > end) {
            throw new Failure(UNEXPECTED_EOF);
        }
    }

    private void field(int wireType, Msg nested, int end) throws Failure {
        switch (wireType) {
            case VARINT -> varint(end);
            case FIXED64 -> {
                if (pos + 8 > end) {
                    throw new Failure(UNEXPECTED_EOF);
                }
                pos += 8;
            }
            default -> {
                int fieldEnd = lengthEnd(end);
                if (nested != null && nested != Msg.OPAQUE) {
                    message(nested, fieldEnd);
                }
                pos = fieldEnd;
            }
        }
    }

    /** Reads a length prefix and returns where the field ends. */
    private int lengthEnd(int end) throws Failure {
        long len = varint(end);
        if (len < 0) {
            throw new Failure(INVALID_LENGTH);
        }
        long fieldEnd = pos + len;
        if (fieldEnd < 0) {
            throw new Failure(INVALID_LENGTH);
        }
        if (fieldEnd > end) {
            throw new Failure(UNEXPECTED_EOF);
        }
        return (int) fieldEnd;
    }

    /** Skips one unknown field, groups included. */
    private void skip(int end) throws Failure {
        int depth = 0;
        do {
            long wire = varint(end);
            int wireType = (int) (wire & 7);
            switch (wireType) {
                case VARINT -> varint(end);
                case FIXED64 -> pos += 8;
                case BYTES -> {
                    long len = varint(end);
                    if (len < 0 || pos + len < 0) {
                        throw new Failure(INVALID_LENGTH);
                    }
                    if (pos + len > end) {
                        throw new Failure(UNEXPECTED_EOF);
                    }
                    pos += (int) len;
                }
                case START_GROUP -> depth++;
                case END_GROUP -> {
                    if (depth == 0) {
                        throw new Failure(UNEXPECTED_END_OF_GROUP);
                    }
                    depth--;
                }
                case FIXED32 -> pos += 4;
                default -> throw new Failure("proto: illegal wireType " + wireType);
            }
            if (pos > end) {
                throw new Failure(UNEXPECTED_EOF);
            }
        } while (depth > 0);
    }

    /** A varint of at most 64 bits, as Go's decoder reads it (bits past 64 in the tenth byte are dropped). */
    private long varint(int end) throws Failure {
        long v = 0;
        for (int shift = 0;; shift += 7) {
            if (shift >= 64) {
                throw new Failure(INT_OVERFLOW);
            }
            if (pos >= end) {
                throw new Failure(UNEXPECTED_EOF);
            }
            int x = b[pos++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }
}

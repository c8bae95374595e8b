package dev.ignis.web.internal.federate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Federated families as length-delimited {@code io.prometheus.client.MetricFamily} protobuf
 * messages (client_model {@code metrics.proto}): each family is a uvarint length followed by
 * {@code name=1, type=3 (UNTYPED), metric=4}; each metric {@code label=1 (name=1, value=2),
 * untyped=5 (value=1, double), timestamp_ms=6}, fields in number order as Go's encoder writes
 * them, empty label values included.
 */
public final class FederationProto {

    private static final int UNTYPED = 3;

    private FederationProto() {
    }

    public static void write(OutputStream out, List<Federation.Family> families) throws IOException {
        ByteArrayOutputStream family = new ByteArrayOutputStream(1024);
        ByteArrayOutputStream metric = new ByteArrayOutputStream(256);
        ByteArrayOutputStream pair = new ByteArrayOutputStream(64);
        for (Federation.Family f : families) {
            family.reset();
            string(family, 1, f.name());
            tag(family, 3, 0);
            varint(family, UNTYPED);
            for (Federation.Metric m : f.metrics()) {
                metric.reset();
                for (int i = 0; i < m.names().length; i++) {
                    pair.reset();
                    string(pair, 1, m.names()[i]);
                    string(pair, 2, m.values()[i]);
                    message(metric, 1, pair);
                }
                tag(metric, 5, 2);
                varint(metric, 9);
                tag(metric, 1, 1);
                long bits = Double.doubleToRawLongBits(m.v());
                for (int b = 0; b < 8; b++) {
                    metric.write((int) (bits >>> (8 * b)));
                }
                tag(metric, 6, 0);
                varint(metric, m.t());
                message(family, 4, metric);
            }
            varint(out, family.size());
            family.writeTo(out);
        }
    }

    private static void message(ByteArrayOutputStream into, int field, ByteArrayOutputStream body) throws IOException {
        tag(into, field, 2);
        varint(into, body.size());
        body.writeTo(into);
    }

    private static void string(OutputStream out, int field, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        tag(out, field, 2);
        varint(out, b.length);
        out.write(b);
    }

    private static void tag(OutputStream out, int field, int wireType) throws IOException {
        varint(out, (long) field << 3 | wireType);
    }

    /** Base-128 varint; negative values take ten bytes, as int64 fields do. */
    private static void varint(OutputStream out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}

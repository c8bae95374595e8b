package dev.ignis.tsdb.internal;

import dev.ignis.api.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Remote-write 0.1.0 request bodies for tests that feed a real Prometheus: protobuf WriteRequest, snappy block format. */
final class RemoteWriteBodies {

    /** The value of series {@code s} at step {@code i}. */
    interface Values {
        double at(int s, int i);
    }

    private RemoteWriteBodies() {
    }

    /** A snappy-compressed WriteRequest with steps [from, to) of each series, at {@code t0 + i * step}. */
    static byte[] request(Labels[] series, long t0, long step, int from, int to, Values values) {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        for (int s = 0; s < series.length; s++) {
            ByteArrayOutputStream ts = new ByteArrayOutputStream();
            Labels l = series[s];
            for (int i = 0; i < l.size(); i++) {
                ByteArrayOutputStream label = new ByteArrayOutputStream();
                field(label, 1, l.name(i).getBytes(StandardCharsets.UTF_8));
                field(label, 2, l.value(i).getBytes(StandardCharsets.UTF_8));
                field(ts, 1, label.toByteArray());
            }
            for (int i = from; i < to; i++) {
                ByteArrayOutputStream sample = new ByteArrayOutputStream();
                sample.write(1 << 3 | 1);
                long bits = Double.doubleToRawLongBits(values.at(s, i));
                for (int b = 0; b < 8; b++) {
                    sample.write((int) (bits >>> (8 * b)));
                }
                sample.write(2 << 3);
                uvarint(sample, t0 + i * step);
                field(ts, 2, sample.toByteArray());
            }
            field(req, 1, ts.toByteArray());
        }
        return snappy(req.toByteArray());
    }

    /** Headers for {@link RealPrometheus#post}. */
    static String[] headers() {
        return new String[] {"Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
            "X-Prometheus-Remote-Write-Version", "0.1.0"};
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        out.write(number << 3 | 2);
        uvarint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void uvarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] snappy(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        uvarint(out, in.length);
        for (int at = 0; at < in.length; at += 65536) {
            int n = Math.min(65536, in.length - at);
            // Literal with a 2-byte length (tag 61).
            out.write(61 << 2);
            out.write((n - 1) & 0xff);
            out.write((n - 1) >>> 8);
            out.write(in, at, n);
        }
        return out.toByteArray();
    }
}

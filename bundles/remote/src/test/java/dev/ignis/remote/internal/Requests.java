package dev.ignis.remote.internal;

import dev.ignis.remote.internal.proto.Exemplar;
import dev.ignis.remote.internal.proto.Label;
import dev.ignis.remote.internal.proto.Sample;
import dev.ignis.remote.internal.proto.TimeSeries;
import dev.ignis.remote.internal.proto.WriteRequest;
import io.airlift.compress.snappy.SnappyCompressor;
import java.util.Arrays;

/** Builds remote write bodies as a sender would: protobuf, then snappy block format. */
final class Requests {

    private Requests() {
    }

    /** A series from alternating label names and values, with samples as (timestamp, value) pairs. */
    static TimeSeries.Builder series(String... labels) {
        TimeSeries.Builder b = TimeSeries.newBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            b.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return b;
    }

    static Sample sample(long t, double v) {
        return Sample.newBuilder().setTimestamp(t).setValue(v).build();
    }

    static Exemplar exemplar(long t, double v, String... labels) {
        Exemplar.Builder b = Exemplar.newBuilder().setTimestamp(t).setValue(v);
        for (int i = 0; i < labels.length; i += 2) {
            b.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        return b.build();
    }

    static byte[] body(TimeSeries.Builder... series) {
        WriteRequest.Builder w = WriteRequest.newBuilder();
        for (TimeSeries.Builder s : series) {
            w.addTimeseries(s);
        }
        return snappy(w.build().toByteArray());
    }

    static byte[] snappy(byte[] raw) {
        SnappyCompressor c = new SnappyCompressor();
        byte[] out = new byte[c.maxCompressedLength(raw.length)];
        int n = c.compress(raw, 0, raw.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }
}

package dev.ignis.tsdb.internal.agent;

import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.wal.ExemplarRecords;
import dev.ignis.tsdb.internal.wal.Records;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a WAL directory (or a checkpoint) with the shared reader into readable lines. */
final class WalDump {

    private WalDump() {
    }

    /** "series ref labels" and "sample ref t v" lines, in log order. */
    static List<String> dump(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        ByteReader br = new ByteReader();
        Records.SampleBuffer sb = new Records.SampleBuffer();
        try (WalReader r = new WalReader(dir, Segments.list(dir))) {
            while (r.next()) {
                br.reset(r.record(), 0, r.recordLength());
                switch (r.record()[0]) {
                    case Records.SERIES -> Records.decodeSeries(br, (ref, l) -> out.add("series " + ref + " " + l));
                    case Records.SAMPLES -> {
                        Records.decodeSamples(br, sb);
                        for (int i = 0; i < sb.size; i++) {
                            out.add("sample " + sb.refs[i] + " " + sb.ts[i] + " " + Double.longBitsToDouble(sb.vBits[i]));
                        }
                    }
                    case Records.EXEMPLARS -> ExemplarRecords.decode(br,
                            (ref, t, v, l) -> out.add("exemplar " + ref + " " + t + " " + v + " " + l));
                    default -> out.add("type " + r.record()[0]);
                }
            }
        }
        return out;
    }

    /** The WAL's segments and checkpoints, then the checkpoint's records, for assertions. */
    static List<String> all(Path walDir) throws IOException {
        List<String> out = new ArrayList<>();
        Path cp = Segments.lastCheckpoint(walDir);
        if (cp != null) {
            out.addAll(dump(cp));
        }
        out.addAll(dump(walDir));
        return out;
    }
}

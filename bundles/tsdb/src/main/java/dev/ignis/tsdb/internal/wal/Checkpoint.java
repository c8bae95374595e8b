package dev.ignis.tsdb.internal.wal;

import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.util.Dirs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WAL truncation after a head truncation, as Prometheus does it ({@code tsdb/wlog/checkpoint.go}):
 * the newest checkpoint and segments [first, last] are rewritten into
 * {@code checkpoint.<last>} (built in {@code .tmp}, then renamed) keeping the series records of
 * series the head still holds and samples at or after the head's new minimum time; then
 * those segments and older checkpoints are deleted. As in 2.42, exemplars are kept from the
 * new minimum time on, only the latest metadata of each live series is kept, and records of
 * other types are dropped. Replay reads the checkpoint, then the segments after {@code last}.
 */
public final class Checkpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoint.class);
    private static final String PREFIX = "checkpoint.";
    private static final int SEGMENT_SIZE = 128 * 1024 * 1024;

    /** What a checkpoint kept and dropped. */
    public record Stats(int last, long seriesKept, long seriesDropped, long samplesKept, long samplesDropped) {
    }

    private Checkpoint() {
    }

    /**
     * Checkpoints segments up to {@code last} (inclusive) of {@code walDir}, then deletes them
     * and older checkpoints.
     *
     * @param keepSeries whether a series ref is still in the head
     * @param mint       samples older than this are dropped
     */
    public static Stats create(Path walDir, int last, LongPredicate keepSeries, long mint, boolean compress)
            throws IOException {
        return create(walDir, last, keepSeries, mint, compress, new WalMetrics());
    }

    /**
     * As {@link #create(Path, int, LongPredicate, long, boolean)}, counting the deletion of older
     * checkpoints in {@code metrics} as Prometheus does (one attempt per checkpoint; a failed
     * deletion is logged and counted, not thrown: a newer checkpoint supersedes them anyway).
     */
    public static Stats create(Path walDir, int last, LongPredicate keepSeries, long mint, boolean compress,
            WalMetrics metrics) throws IOException {
        Path previous = Segments.lastCheckpoint(walDir);
        List<Integer> segs = new ArrayList<>();
        for (int s : Segments.list(walDir)) {
            if (s <= last && (previous == null || s > Segments.checkpointIndex(previous))) {
                segs.add(s);
            }
        }
        Path tmp = walDir.resolve(PREFIX + Segments.name(last) + ".tmp");
        Path dst = walDir.resolve(PREFIX + Segments.name(last));
        Dirs.deleteTree(tmp);
        Filter f = new Filter(keepSeries, mint);
        try (WalWriter out = new WalWriter(tmp, SEGMENT_SIZE, compress, false, new WalMetrics())) {
            f.out = out;
            if (previous != null) {
                try (WalReader r = new WalReader(previous, Segments.list(previous))) {
                    f.copy(r);
                }
            }
            try (WalReader r = new WalReader(walDir, segs)) {
                f.copy(r);
            }
            f.writeMetadata();
        } catch (IOException | RuntimeException e) {
            Dirs.deleteTree(tmp);
            throw e;
        }
        Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
        syncDir(walDir);
        // The checkpoint is durable: what it replaces can go.
        for (int s : Segments.list(walDir)) {
            if (s <= last) {
                Files.deleteIfExists(walDir.resolve(Segments.name(s)));
            }
        }
        metrics.checkpointDeletions.increment();
        try {
            deleteOlder(walDir, last);
        } catch (IOException | RuntimeException e) {
            metrics.checkpointDeletionsFailed.increment();
            LOG.atError().setMessage("delete old checkpoints").addKeyValue("err", e.toString()).log();
        }
        Stats st = new Stats(last, f.seriesKept, f.seriesDropped, f.samplesKept, f.samplesDropped);
        LOG.atInfo().setMessage("WAL checkpoint complete").addKeyValue("first", segs.isEmpty() ? last : segs.get(0))
                .addKeyValue("last", last).addKeyValue("series", st.seriesKept()).addKeyValue("samples", st.samplesKept())
                .log();
        return st;
    }

    private static void deleteOlder(Path walDir, int last) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(walDir, PREFIX + "*")) {
            for (Path p : ds) {
                String suffix = p.getFileName().toString().substring(PREFIX.length());
                boolean old = suffix.length() == 8 && suffix.chars().allMatch(Character::isDigit)
                        && Integer.parseInt(suffix) < last;
                if (old) {
                    Dirs.deleteTree(p);
                }
            }
        }
    }

    /** Rewrites records through the keep rules. */
    private static final class Filter {
        private final LongPredicate keepSeries;
        private final long mint;
        private final ByteReader reader = new ByteReader();
        private final ByteBuf buf = new ByteBuf(1024);
        private final Records.SampleBuffer samples = new Records.SampleBuffer();
        private WalWriter out;
        long seriesKept;
        long seriesDropped;
        long samplesKept;
        long samplesDropped;
        long recordsDropped;
        // Latest metadata entry (its encoded bytes) by series ref, in ref order.
        private final TreeMap<Long, byte[]> latestMetadata = new TreeMap<>();

        Filter(LongPredicate keepSeries, long mint) {
            this.keepSeries = keepSeries;
            this.mint = mint;
        }

        void copy(WalReader r) throws IOException {
            while (r.next()) {
                int len = r.recordLength();
                if (len == 0) {
                    continue;
                }
                byte[] rec = r.record();
                reader.reset(rec, 0, len);
                switch (rec[0] & 0xff) {
                    case Records.SERIES -> {
                        Records.startSeries(buf);
                        int before = buf.length();
                        Records.decodeSeries(reader, (ref, labels) -> {
                            if (keepSeries.test(ref)) {
                                Records.addSeries(buf, ref, labels);
                                seriesKept++;
                            } else {
                                seriesDropped++;
                            }
                        });
                        if (buf.length() > before) {
                            write(buf.array(), buf.length());
                        }
                    }
                    case Records.SAMPLES -> {
                        Records.decodeSamples(reader, samples);
                        int n = 0;
                        for (int i = 0; i < samples.size; i++) {
                            if (samples.ts[i] >= mint) {
                                samples.refs[n] = samples.refs[i];
                                samples.ts[n] = samples.ts[i];
                                samples.vBits[n] = samples.vBits[i];
                                n++;
                            }
                        }
                        samplesKept += n;
                        samplesDropped += samples.size - n;
                        if (n > 0) {
                            Records.samples(buf, samples.refs, samples.ts, samples.vBits, n);
                            write(buf.array(), buf.length());
                        }
                    }
                    case Records.TOMBSTONES -> {
                        // As Prometheus: intervals of series still in the head that end at or after mint.
                        List<long[]> kept = new ArrayList<>();
                        Records.decodeTombstones(reader, (ref, lo, hi) -> {
                            if (keepSeries.test(ref) && hi >= mint) {
                                kept.add(new long[] {ref, lo, hi});
                            }
                        });
                        if (!kept.isEmpty()) {
                            int k = kept.size();
                            long[] refs = new long[k];
                            long[] los = new long[k];
                            long[] his = new long[k];
                            for (int i = 0; i < k; i++) {
                                refs[i] = kept.get(i)[0];
                                los[i] = kept.get(i)[1];
                                his[i] = kept.get(i)[2];
                            }
                            Records.tombstones(buf, refs, los, his, k);
                            write(buf.array(), buf.length());
                        }
                    }
                    case Records.EXEMPLARS -> exemplars(rec, len);
                    case Records.METADATA -> metadata(rec, len);
                    // As 2.42: records of other types (histograms, m-map markers, newer ones) are
                    // not carried over; replay does not use them either.
                    default -> recordsDropped++;
                }
            }
        }

        /**
         * Keeps the exemplars at or after mint (2.42 keeps them whatever their series), re-based
         * on the first one kept; each one's labels are copied as they are.
         */
        private void exemplars(byte[] rec, int len) throws IOException {
            reader.reset(rec, 1, len - 1);
            long ref0 = reader.getBE64();
            long t0 = reader.getBE64();
            buf.reset().putByte(Records.EXEMPLARS);
            long firstRef = 0;
            long firstT = 0;
            int kept = 0;
            while (reader.remaining() > 0) {
                long ref = ref0 + reader.getVarint();
                long t = t0 + reader.getVarint();
                long v = reader.getBE64();
                int labelsAt = reader.position();
                long n = reader.getUvarint();
                for (long i = 0; i < 2 * n; i++) {
                    reader.getUvarintStr();
                }
                if (t < mint) {
                    continue;
                }
                if (kept++ == 0) {
                    firstRef = ref;
                    firstT = t;
                    buf.putBE64(ref);
                    buf.putBE64(t);
                }
                buf.putVarint(ref - firstRef);
                buf.putVarint(t - firstT);
                buf.putBE64(v);
                buf.putBytes(rec, labelsAt, reader.position() - labelsAt);
            }
            if (kept > 0) {
                write(buf.array(), buf.length());
            }
        }

        /** Remembers each live series' latest metadata entry, written once at the end (as 2.42). */
        private void metadata(byte[] rec, int len) {
            reader.reset(rec, 1, len - 1);
            while (reader.remaining() > 0) {
                int at = reader.position();
                long ref = reader.getUvarint();
                reader.getByte();
                long fields = reader.getUvarint();
                for (long i = 0; i < 2 * fields; i++) {
                    reader.getUvarintStr();
                }
                if (keepSeries.test(ref)) {
                    latestMetadata.put(ref, Arrays.copyOfRange(rec, at, reader.position()));
                }
            }
        }

        void writeMetadata() throws IOException {
            if (latestMetadata.isEmpty()) {
                return;
            }
            buf.reset().putByte(Records.METADATA);
            for (byte[] entry : latestMetadata.values()) {
                buf.putBytes(entry, 0, entry.length);
            }
            write(buf.array(), buf.length());
        }

        private void write(byte[] rec, int len) throws IOException {
            out.log(new byte[][] {rec}, new int[] {len}, 1);
        }
    }

    private static void syncDir(Path dir) {
        try (java.nio.channels.FileChannel d = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.atDebug().setMessage("fsync of WAL directory failed").addKeyValue("dir", dir).addKeyValue("err", e.toString())
                    .log();
        }
    }
}

package dev.ignis.tsdb.internal.wal;

import dev.ignis.tsdb.internal.head.AppendBatch;
import dev.ignis.tsdb.internal.head.CommitLog;
import dev.ignis.tsdb.internal.head.ExemplarBatch;
import dev.ignis.tsdb.internal.util.ByteBuf;
import java.io.IOException;
import java.util.Arrays;

/**
 * Logs each committed batch to the WAL as Prometheus's head does: a series record for series
 * not yet in the WAL, then one samples record, then one exemplars record if it has exemplars. Encoding buffers are reused. Thread-safe.
 */
public final class WalCommitLog implements CommitLog {

    private final WalWriter wal;
    private final ByteBuf series = new ByteBuf(1024);
    private final ByteBuf samples = new ByteBuf(4096);
    private final ByteBuf exemplars = new ByteBuf(256);
    private final byte[][] records = new byte[3][];
    private final int[] lengths = new int[3];
    private int[] marked = new int[64];
    private long[] refs = new long[64];
    private long[] ts = new long[64];
    private long[] vs = new long[64];

    public WalCommitLog(WalWriter wal) {
        this.wal = wal;
    }

    @Override
    public synchronized void log(AppendBatch b) throws IOException {
        int n = b.size();
        if (refs.length < n) {
            int cap = Math.max(n, refs.length * 2);
            refs = new long[cap];
            ts = new long[cap];
            vs = new long[cap];
            marked = new int[cap];
        }
        Records.startSeries(series);
        int nMarked = 0;
        for (int i = 0; i < n; i++) {
            refs[i] = b.ref(i);
            ts[i] = b.t(i);
            vs[i] = b.vBits(i);
            if (b.needsSeriesRecord(i)) {
                b.markLogged(i, true);
                marked[nMarked++] = i;
                Records.addSeries(series, refs[i], b.labels(i));
            }
        }
        Records.samples(samples, refs, ts, vs, n);
        int count = 0;
        if (nMarked > 0) {
            records[count] = series.array();
            lengths[count++] = series.length();
        }
        if (n > 0) {
            records[count] = samples.array();
            lengths[count++] = samples.length();
        }
        ExemplarBatch ex = b.exemplars();
        if (ex != null) {
            // After the samples, as Prometheus logs them.
            ExemplarRecords.encode(exemplars, ex.refs(), ex.timestamps(), ex.valueBits(), ex.labels(), ex.size());
            records[count] = exemplars.array();
            lengths[count++] = exemplars.length();
        }
        try {
            wal.log(records, lengths, count);
        } catch (IOException | RuntimeException e) {
            for (int k = 0; k < nMarked; k++) {
                b.markLogged(marked[k], false);
            }
            throw e;
        } finally {
            Arrays.fill(records, null);
        }
    }
}

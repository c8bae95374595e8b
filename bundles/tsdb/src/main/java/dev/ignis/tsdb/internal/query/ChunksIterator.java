package dev.ignis.tsdb.internal.query;

import dev.ignis.api.storage.SampleIterator;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.tombstones.Intervals;

/**
 * Samples of consecutive chunks of one series within [mint, maxt], without those in the
 * series' deleted intervals (tombstones). Reusable.
 */
public final class ChunksIterator implements SampleIterator {
    private static final byte[] NO_BYTES = new byte[0];

    private final ChunkList chunks;
    private final long mint;
    private final long maxt;
    private final XorIterator xor = new XorIterator();
    // The current chunk, decoded at once (a tight loop, then array reads per sample).
    private long[] ts = new long[128];
    private double[] vs = new double[128];
    // Data of chunks read from the list's source.
    private byte[] buf = NO_BYTES;
    private int n;
    private int i;
    // Samples of the loaded chunk before this index (and after i) are in [mint, maxt] with no
    // deleted intervals to check: next() only moves to them.
    private int clear;
    private int chunk;
    private int end;
    private boolean done;
    private Intervals deleted;
    // Index of the first deleted interval that may still hold a coming timestamp.
    private int del;

    public ChunksIterator(ChunkList chunks, long mint, long maxt) {
        this.chunks = chunks;
        this.mint = mint;
        this.maxt = maxt;
    }

    public ChunksIterator reset(int from, int to) {
        return reset(from, to, null);
    }

    /** Iterates chunks [from, to) skipping timestamps in {@code deleted} (null: none). */
    public ChunksIterator reset(int from, int to, Intervals deleted) {
        this.deleted = deleted == null || deleted.isEmpty() ? null : deleted;
        del = 0;
        chunk = from;
        end = to;
        n = 0;
        i = -1;
        clear = 0;
        done = from >= to;
        return this;
    }

    @Override
    public boolean next() {
        // Within the loaded chunk's run of samples that need no checks: one compare.
        int j = i + 1;
        if (j < clear) {
            i = j;
            return true;
        }
        return nextChecked();
    }

    private boolean nextChecked() {
        while (!done) {
            if (++i >= n) {
                if (!load()) {
                    return false;
                }
                continue;
            }
            long t = ts[i];
            if (t < mint) {
                continue;
            }
            if (t > maxt) {
                done = true;
                clear = 0;
                return false;
            }
            if (deleted != null && isDeleted(t)) {
                continue;
            }
            return true;
        }
        return false;
    }

    @Override
    public int nextBatch(long upTo, long[] outT, double[] outV, int off, int len) {
        int copied = 0;
        while (copied < len) {
            int j = i + 1;
            if (j < clear) {
                // A run that needs no checks but the caller's bound: copied in one go.
                int stop = Math.min(clear, j + (len - copied));
                boolean past = ts[stop - 1] > upTo;
                if (past) {
                    stop = firstAfter(j, stop, upTo);
                }
                int run = stop - j;
                System.arraycopy(ts, j, outT, off + copied, run);
                System.arraycopy(vs, j, outV, off + copied, run);
                copied += run;
                if (past) {
                    i = stop; // the first sample after upTo becomes the current one
                    return copied;
                }
                i = stop - 1;
                continue;
            }
            if (!nextChecked()) {
                return copied;
            }
            long t = ts[i];
            if (t > upTo) {
                return copied;
            }
            outT[off + copied] = t;
            outV[off + copied] = vs[i];
            copied++;
        }
        return copied;
    }

    /** Index of the first decoded sample in [from, to) after {@code t}, else to. */
    private int firstAfter(int from, int to, long t) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Decodes the next chunk into the buffers, placed before its first sample at or after mint;
     * false when there is none.
     */
    private boolean load() {
        clear = 0;
        if (chunk >= end) {
            done = true;
            n = 0;
            i = -1;
            return false;
        }
        byte[] d = chunks.data[chunk];
        if (d != null) {
            xor.reset(d, 0, d.length, chunks.samples[chunk]);
        } else {
            // Read from the source into one reused buffer: no copy per chunk kept by a select.
            int len = chunks.length[chunk];
            if (buf.length < len) {
                buf = new byte[Math.max(Math.max(len, 256), buf.length * 2)];
            }
            chunks.source.copy(chunks.at[chunk], buf, len);
            xor.reset(buf, 0, len, chunks.samples[chunk]);
        }
        int room = xor.remaining();
        if (ts.length < room) {
            ts = new long[Math.max(room, ts.length * 2)];
            vs = new double[ts.length];
        }
        n = xor.decode(ts, vs);
        chunk++;
        // Timestamps ascend: samples before mint are skipped at once, and those up to maxt
        // need no checks unless deleted intervals apply.
        i = firstAtOrAfter(0, mint) - 1;
        if (deleted == null) {
            clear = maxt == Long.MAX_VALUE ? n : firstAtOrAfter(i + 1, maxt + 1);
        }
        return true;
    }

    /** Index of the first decoded sample in [from, n) at or after {@code t}, else n. */
    private int firstAtOrAfter(int from, long t) {
        int lo = from;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private boolean isDeleted(long t) {
        // Timestamps only grow: intervals ending before t are done with.
        while (del < deleted.size() && deleted.maxt(del) < t) {
            del++;
        }
        return del < deleted.size() && deleted.mint(del) <= t;
    }

    @Override
    public boolean seek(long t) {
        if (done) {
            return false;
        }
        if (i >= 0 && i < n && ts[i] >= t && ts[i] >= mint) {
            return true;
        }
        while (true) {
            if (i < n - 1 && ts[n - 1] >= t) {
                // In this chunk: the first sample at or after t past the current one.
                i = firstAtOrAfter(i + 1, t) - 1;
                return next();
            }
            // Nothing at or after t in this chunk: past it and whole chunks that end before t.
            i = n - 1;
            while (chunk < end && chunks.maxT[chunk] < t) {
                chunk++;
            }
            if (!next()) {
                return false;
            }
            if (ts[i] >= t) {
                return true;
            }
        }
    }

    @Override
    public long t() {
        return ts[i];
    }

    @Override
    public double v() {
        return vs[i];
    }
}

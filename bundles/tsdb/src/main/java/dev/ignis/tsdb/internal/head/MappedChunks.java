package dev.ignis.tsdb.internal.head;

import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import dev.ignis.tsdb.internal.query.ChunkList;
import dev.ignis.tsdb.internal.util.LongObjectMap;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's side of {@code chunks_head/}: writing a completed chunk, and the chunks found on
 * start, by series ref, until the WAL's series records claim them (Prometheus's
 * {@code loadMmappedChunks}).
 */
final class MappedChunks {

    private static final Logger LOG = LoggerFactory.getLogger(MappedChunks.class);
    private static final AtomicLong WRITE_FAILURES = new AtomicLong();

    private MappedChunks() {
    }

    /** Writes a completed chunk; -1 (logged) when it could not be written. */
    static long write(HeadChunkMapper m, long seriesRef, long mint, long maxt, byte[] data, int len) {
        try {
            return m.write(seriesRef, mint, maxt, XorChunk.ENCODING, data, len);
        } catch (IOException e) {
            long n = WRITE_FAILURES.incrementAndGet();
            // Once, then every 10000th: a full disk fails every chunk cut.
            if (n == 1 || n % 10_000 == 0) {
                LOG.atError().setMessage("Writing a head chunk to chunks_head failed, it stays in memory")
                        .addKeyValue("failures", n).addKeyValue("err", e.getMessage()).log();
            }
            return -1;
        }
    }

    /** What {@link #load} found. */
    record Loaded(LongObjectMap<ChunkList> bySeries, long chunks, long maxSeriesRef) {
    }

    /**
     * Reads every chunk of {@code m} (checking and repairing the files), keeping the in-order XOR
     * chunks that end at or after {@code minValidTime}. A chunk that does not start after the
     * previous chunk of its series is treated as corruption (its file is cut there), as
     * Prometheus refuses such files.
     */
    static Loaded load(HeadChunkMapper m, long minValidTime) throws IOException {
        LongObjectMap<ChunkList> by = new LongObjectMap<>();
        long[] counts = new long[2];
        m.iterate((seriesRef, chunkRef, mint, maxt, numSamples, encoding) -> {
            counts[1] = Math.max(counts[1], seriesRef);
            // Out-of-order chunks are Prometheus's (out-of-order ingestion is off in Ignis).
            if ((encoding & HeadChunkMapper.OUT_OF_ORDER_MASK) != 0 || encoding != XorChunk.ENCODING || maxt < minValidTime) {
                return true;
            }
            // No head cuts such a chunk (HeadOptions bounds the chunk range): corruption.
            if (maxt < mint || maxt - mint < 0 || maxt - mint > MemSeries.MAX_CHUNK_SPAN) {
                return false;
            }
            ChunkList s = by.get(seriesRef);
            if (s == null) {
                s = new ChunkList();
                by.put(seriesRef, s);
            } else if (s.maxT[s.size - 1] >= mint) {
                return false;
            }
            s.addMapped(chunkRef, numSamples, mint, maxt);
            counts[0]++;
            return true;
        });
        return new Loaded(by, counts[0], counts[1]);
    }

    /** Value bits of the last sample of the chunk at {@code ref}. */
    static long lastValueBits(HeadChunkMapper m, long ref, int numSamples, XorIterator it) throws IOException {
        byte[] d = m.chunk(ref);
        it.reset(d, 0, d.length, numSamples);
        long bits = 0;
        while (it.next()) {
            bits = it.vBits();
        }
        return bits;
    }
}

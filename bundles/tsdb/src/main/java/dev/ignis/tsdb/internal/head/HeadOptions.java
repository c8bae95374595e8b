package dev.ignis.tsdb.internal.head;

/**
 * Head settings.
 *
 * @param chunkRange       width of the aligned time ranges a chunk may not span, and twice the
 *                         appendable window behind the newest sample (ms; Prometheus: 2h; at
 *                         most 2^46 ms, so that a chunk's span packs into 47 bits)
 * @param samplesPerChunk  target samples per chunk (Prometheus: 120): at a quarter of it a chunk
 *                         predicts its end so that the chunk range splits evenly; at twice it
 *                         a chunk is cut regardless (at most 0x7fff: twice it must fit the
 *                         chunk's 2-byte sample count)
 * @param initialChunkBytes bytes reserved for a new chunk (grows as needed)
 * @param stripes          lock stripes of the series map (a power of two)
 */
public record HeadOptions(long chunkRange, int samplesPerChunk, int initialChunkBytes, int stripes) {

    /** Prometheus's defaults. */
    public static HeadOptions defaults() {
        return new HeadOptions(2 * 60 * 60 * 1000L, 120, 128, 1024);
    }

    public HeadOptions {
        if (chunkRange <= 0 || chunkRange > MemSeries.MAX_CHUNK_SPAN || samplesPerChunk <= 0 || samplesPerChunk > 0x7fff
                || initialChunkBytes <= 0) {
            throw new IllegalArgumentException("invalid head options");
        }
    }
}

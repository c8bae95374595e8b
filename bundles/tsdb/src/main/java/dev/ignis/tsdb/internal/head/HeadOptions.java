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
 * @param initialChunkBytes bytes reserved for a new chunk (grows by half as needed; small, so
 *                         that the open chunk of each series carries little slack)
 * @param stripes          lock stripes of the series map (a power of two)
 */
public record HeadOptions(long chunkRange, int samplesPerChunk, int initialChunkBytes, int stripes) {

    /** Prometheus's defaults. */
    public static HeadOptions defaults() {
        // 32 initial bytes: 32-48-72-108-162-... fits a typical chunk (1-2 bytes a sample) with
        // less slack than 128-192-288 (measured on bench/scrape.sh's fixture, about 6 bytes a
        // sample: 253 against 280 bytes reserved after 36 samples, 812 against 929 after 120).
        return new HeadOptions(2 * 60 * 60 * 1000L, 120, 32, 1024);
    }

    public HeadOptions {
        if (chunkRange <= 0 || chunkRange > MemSeries.MAX_CHUNK_SPAN || samplesPerChunk <= 0 || samplesPerChunk > 0x7fff
                || initialChunkBytes <= 0) {
            throw new IllegalArgumentException("invalid head options");
        }
    }
}

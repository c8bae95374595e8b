package dev.ignis.tsdb.internal.block;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A block's {@code meta.json} (Prometheus {@code tsdb/block.go} BlockMeta): the fields the
 * reader needs. Time range is [minTime, maxTime), ms.
 */
public record BlockMeta(String ulid, long minTime, long maxTime, long numSamples, long numSeries, long numChunks,
        int level, int version) {

    /** Reads and checks {@code dir/meta.json}. */
    public static BlockMeta read(Path dir) throws IOException {
        String text = Files.readString(dir.resolve("meta.json"), StandardCharsets.UTF_8);
        try {
            if (!(Json.parse(text) instanceof Map<?, ?> m)) {
                throw new IOException("meta.json is not an object");
            }
            Map<?, ?> stats = m.get("stats") instanceof Map<?, ?> st ? st : Map.of();
            Map<?, ?> compaction = m.get("compaction") instanceof Map<?, ?> c ? c : Map.of();
            BlockMeta meta = new BlockMeta(String.valueOf(m.get("ulid")), num(m, "minTime"), num(m, "maxTime"),
                    num(stats, "numSamples"), num(stats, "numSeries"), num(stats, "numChunks"),
                    (int) num(compaction, "level"), (int) num(m, "version"));
            if (meta.version != 1) {
                throw new IOException("unsupported meta.json version " + meta.version);
            }
            return meta;
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static long num(Map<?, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.longValue() : 0;
    }
}

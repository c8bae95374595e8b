package dev.ignis.tsdb.internal.block;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * All of a block's {@code meta.json} (Prometheus 2.42 {@code tsdb/block.go} BlockMeta), for the
 * compactor and retention: {@link BlockMeta} plus the tombstone count and the compaction
 * section. Written as Go's {@code json.MarshalIndent(meta, "", "\t")} prints it (empty
 * optional fields left out), through {@code meta.json.tmp} and a rename.
 *
 * @param meta          the fields every reader needs
 * @param numTombstones {@code stats.numTombstones}
 * @param compaction    the {@code compaction} section
 */
public record MetaFile(BlockMeta meta, long numTombstones, Compaction compaction) {

    /** A parent block ({@code compaction.parents[]}). */
    public record Parent(String ulid, long minTime, long maxTime) {
    }

    /**
     * The {@code compaction} section.
     *
     * @param level     1 for a block cut from the head, one more than its highest parent after that
     * @param sources   ULIDs of the level-1 blocks whose data this block holds, sorted
     * @param deletable the compactor found nothing left in it: delete on the next reload
     * @param parents   the blocks merged into this one
     * @param failed    a compaction including this block failed: the planner leaves it alone
     * @param hints     free-form hints (e.g. {@code from-out-of-order})
     */
    public record Compaction(int level, List<String> sources, boolean deletable, List<Parent> parents, boolean failed,
            List<String> hints) {
        public Compaction {
            sources = List.copyOf(sources);
            parents = List.copyOf(parents);
            hints = List.copyOf(hints);
        }

        /** A block cut from the head (or backfilled): level 1, its own source. */
        public static Compaction level1(String ulid) {
            return new Compaction(1, List.of(ulid), false, List.of(), false, List.of());
        }

        public Compaction withDeletable(boolean d) {
            return new Compaction(level, sources, d, parents, failed, hints);
        }

        public Compaction withFailed(boolean f) {
            return new Compaction(level, sources, deletable, parents, f, hints);
        }
    }

    /** Reads {@code dir/meta.json}. */
    public static MetaFile read(Path dir) throws IOException {
        BlockMeta meta = BlockMeta.read(dir);
        String text = Files.readString(dir.resolve("meta.json"), StandardCharsets.UTF_8);
        try {
            Map<?, ?> m = (Map<?, ?>) Json.parse(text);
            Map<?, ?> stats = m.get("stats") instanceof Map<?, ?> st ? st : Map.of();
            Map<?, ?> c = m.get("compaction") instanceof Map<?, ?> cm ? cm : Map.of();
            List<Parent> parents = new ArrayList<>();
            for (Object p : list(c.get("parents"))) {
                if (p instanceof Map<?, ?> pm) {
                    parents.add(new Parent(String.valueOf(pm.get("ulid")), num(pm.get("minTime")), num(pm.get("maxTime"))));
                }
            }
            Compaction comp = new Compaction((int) num(c.get("level")), strings(c.get("sources")),
                    Boolean.TRUE.equals(c.get("deletable")), parents, Boolean.TRUE.equals(c.get("failed")),
                    strings(c.get("hints")));
            return new MetaFile(meta, num(stats.get("numTombstones")), comp);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IOException("meta.json: " + e.getMessage(), e);
        }
    }

    /** Writes this as {@code dir/meta.json} (through {@code meta.json.tmp}, fsynced, renamed). */
    public void write(Path dir) throws IOException {
        byte[] json = json().getBytes(StandardCharsets.UTF_8);
        Path tmp = dir.resolve("meta.json.tmp");
        try (SyncedFile f = new SyncedFile(tmp)) {
            f.write(json, 0, json.length);
        }
        Files.move(tmp, dir.resolve("meta.json"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The JSON text, as Prometheus writes it. */
    public String json() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n\t\"ulid\": \"").append(meta.ulid()).append("\",\n");
        sb.append("\t\"minTime\": ").append(meta.minTime()).append(",\n");
        sb.append("\t\"maxTime\": ").append(meta.maxTime()).append(",\n");
        List<String> stats = new ArrayList<>();
        addNonZero(stats, "numSamples", meta.numSamples());
        addNonZero(stats, "numSeries", meta.numSeries());
        addNonZero(stats, "numChunks", meta.numChunks());
        addNonZero(stats, "numTombstones", numTombstones);
        if (stats.isEmpty()) {
            sb.append("\t\"stats\": {},\n");
        } else {
            sb.append("\t\"stats\": {\n\t\t").append(String.join(",\n\t\t", stats)).append("\n\t},\n");
        }
        sb.append("\t\"compaction\": {\n\t\t\"level\": ").append(compaction.level());
        stringArray(sb, "sources", compaction.sources());
        if (compaction.deletable()) {
            sb.append(",\n\t\t\"deletable\": true");
        }
        if (!compaction.parents().isEmpty()) {
            sb.append(",\n\t\t\"parents\": [");
            for (int i = 0; i < compaction.parents().size(); i++) {
                Parent p = compaction.parents().get(i);
                sb.append(i == 0 ? "\n" : ",\n");
                sb.append("\t\t\t{\n\t\t\t\t\"ulid\": \"").append(p.ulid()).append("\",\n");
                sb.append("\t\t\t\t\"minTime\": ").append(p.minTime()).append(",\n");
                sb.append("\t\t\t\t\"maxTime\": ").append(p.maxTime()).append("\n\t\t\t}");
            }
            sb.append("\n\t\t]");
        }
        if (compaction.failed()) {
            sb.append(",\n\t\t\"failed\": true");
        }
        stringArray(sb, "hints", compaction.hints());
        sb.append("\n\t},\n\t\"version\": ").append(meta.version()).append("\n}");
        return sb.toString();
    }

    private static void addNonZero(List<String> out, String name, long v) {
        if (v != 0) {
            out.add("\"" + name + "\": " + v);
        }
    }

    private static void stringArray(StringBuilder sb, String name, List<String> values) {
        if (!values.isEmpty()) {
            sb.append(",\n\t\t\"").append(name).append("\": [\n\t\t\t\"").append(String.join("\",\n\t\t\t\"", values))
                    .append("\"\n\t\t]");
        }
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object x : list(o)) {
            out.add(String.valueOf(x));
        }
        return out;
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}

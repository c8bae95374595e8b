package dev.ignis.tool;

import dev.ignis.tsdb.internal.block.BlockMeta;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * promtool's block table: columns padded as Go's tabwriter (min width 13, padding 2), last
 * column unpadded; human-readable times to the second in UTC, durations as Go prints them,
 * sizes as the units package's Base2Bytes.
 */
final class BlockTable {
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"BLOCK ULID", "MIN TIME", "MAX TIME", "DURATION", "NUM SAMPLES",
        "NUM CHUNKS", "NUM SERIES", "SIZE"};

    /** A block and its size on disk. */
    record Row(BlockMeta meta, long size) {
    }

    private BlockTable() {
    }

    /** The bytes of the block's files (meta.json, index, chunks, tombstones). */
    static long size(Path blockDir) throws IOException {
        try (Stream<Path> s = Files.walk(blockDir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void print(PrintWriter out, List<Row> rows, boolean human) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row r : rows) {
            BlockMeta m = r.meta();
            cells.add(new String[] {m.ulid(), time(m.minTime(), human), time(m.maxTime(), human),
                GoDuration.format(m.maxTime() - m.minTime()), Long.toString(m.numSamples()),
                Long.toString(m.numChunks()), Long.toString(m.numSeries()),
                human ? base2Bytes(r.size()) : Long.toString(r.size())});
        }
        int cols = HEADER.length;
        int[] width = new int[cols];
        for (String[] row : cells) {
            for (int i = 0; i < cols - 1; i++) {
                width[i] = Math.max(width[i], Math.max(13, row[i].length() + 2));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : cells) {
            for (int i = 0; i < cols - 1; i++) {
                sb.append(row[i]).append(" ".repeat(width[i] - row[i].length()));
            }
            sb.append(row[cols - 1]).append('\n');
        }
        out.print(sb);
        out.flush();
    }

    private static String time(long ms, boolean human) {
        return human ? HUMAN.format(Instant.ofEpochSecond(Math.floorDiv(ms, 1000))) : Long.toString(ms);
    }

    /** Go units.Base2Bytes.String: each non-zero 1024-power part, largest first ("1KiB476B"). */
    static String base2Bytes(long n) {
        String[] units = {"", "K", "M", "G", "T", "P", "E"};
        String[] parts = new String[units.length];
        for (int i = 0; i < units.length; i++) {
            if (n % 1024 != 0 || (i == 0 && n == 0)) {
                parts[units.length - 1 - i] = (n % 1024) + units[i] + (i == 0 ? "B" : "iB");
            }
            n /= 1024;
            if (n == 0) {
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null) {
                sb.append(p);
            }
        }
        return sb.toString();
    }
}

package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreateBlocksFromTest {
    @TempDir
    Path dir;

    static String ulidsOut(String table) {
        return table.replaceAll("(?m)^[0-9A-Z]{26}  ", "ULID                        ");
    }

    private static List<String> blockDirs(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void printsCreatedBlocksAndProgress() throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.SMALL);
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", in.toString(), dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                BLOCK ULID                  MIN TIME       MAX TIME       DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE
                ULID                        1669500000000  1669500015001  15.001s      4            3            3            998
                ULID                        1669510000000  1669510000001  1ms          1            1            1            702
                ULID                        1669520000000  1669520000001  1ms          1            1            1            586
                """, ulidsOut(r.out()));
        List<String> blocks = blockDirs(dir.resolve("out"));
        assertEquals(3, blocks.size());
        assertEquals("block 1 written: " + blocks.get(0) + "\nblock 2 written: " + blocks.get(1) + "\nblock 3 written: "
                + blocks.get(2) + "\n", r.err());
    }

    @ParameterizedTest
    @CsvSource({"-q, 3", "--quiet, 3", "'-q --max-block-duration=6h', 2", "'--max-block-duration=1d --quiet', 2"})
    void quietPrintsNothingAndMaxBlockDurationWidensBlocks(String flags, int expectedBlocks) throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.big());
        Path out = dir.resolve("out");
        ToolRun r = ToolRun.ignis(concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, flags.split(" "),
                in.toString(), out.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
        assertEquals(expectedBlocks, blockDirs(out).size());
    }

    @Test
    void humanReadableTable() throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.big());
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-r", in.toString(),
                dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                BLOCK ULID                  MIN TIME                       MAX TIME                       DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE
                ULID                        2022-11-26 22:00:00 +0000 UTC  2022-11-26 23:59:00 +0000 UTC  1h59m0.001s  362          5            5            3KiB899B
                ULID                        2022-11-27 00:00:00 +0000 UTC  2022-11-27 01:59:00 +0000 UTC  1h59m0.001s  360          3            3            3KiB753B
                ULID                        2022-11-27 02:00:00 +0000 UTC  2022-11-27 03:59:00 +0000 UTC  1h59m0.001s  360          3            3            3KiB739B
                """, ulidsOut(r.out()));
    }

    @Test
    void malformedInputFailsWithoutBlocks() throws Exception {
        Path in = Files.writeString(dir.resolve("bad.om"), "m 1 2\nbad line here\n# EOF\n");
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", in.toString(), dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("import samples: "), r.err());
        assertTrue(!Files.exists(dir.resolve("out")) || blockDirs(dir.resolve("out")).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"small, ''", "small, -r", "big, ''", "big, -r", "big, --max-block-duration=24h"})
    void tableEqualsPromtools(String input, String flag) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path in = Files.writeString(dir.resolve("in.om"), input.equals("small") ? ToolRun.SMALL : ToolRun.big());
        String[] extra = flag.isEmpty() ? new String[0] : new String[] {flag};
        ToolRun ignis = ToolRun.ignis(concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, extra,
                in.toString(), dir.resolve("i").toString()));
        ToolRun prom = ToolRun.promtool(concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, extra,
                in.toString(), dir.resolve("p").toString()));
        assertEquals(0, ignis.code(), ignis.err());
        assertEquals(0, prom.code(), prom.err());
        assertEquals(ulidsOut(prom.out()), ulidsOut(ignis.out()));
    }

    static String[] concat(String[] head, String[] mid, String... tail) {
        String[] all = new String[head.length + mid.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(mid, 0, all, head.length, mid.length);
        System.arraycopy(tail, 0, all, head.length + mid.length, tail.length);
        return all;
    }
}

package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TsdbListTest {
    @TempDir
    Path dir;

    private Path ignisBlocks(String om, String name) throws Exception {
        Path in = Files.writeString(dir.resolve(name + ".om"), om);
        Path out = dir.resolve(name);
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void listsWhatCreateBlocksFromPrinted() throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.SMALL);
        Path out = dir.resolve("data");
        ToolRun created = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", in.toString(), out.toString());
        Files.createDirectories(out.resolve("wal"));
        Files.createDirectories(out.resolve("chunks_head"));
        ToolRun list = ToolRun.ignis("tsdb", "list", out.toString());
        assertEquals(0, list.code(), list.err());
        assertEquals(created.out(), list.out());
        ToolRun human = ToolRun.ignis("tsdb", "list", "-r", out.toString());
        assertEquals("""
                BLOCK ULID                  MIN TIME                       MAX TIME                       DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE
                ULID                        2022-11-26 22:00:00 +0000 UTC  2022-11-26 22:00:15 +0000 UTC  15.001s      4            3            3            998B
                ULID                        2022-11-27 00:46:40 +0000 UTC  2022-11-27 00:46:40 +0000 UTC  1ms          1            1            1            702B
                ULID                        2022-11-27 03:33:20 +0000 UTC  2022-11-27 03:33:20 +0000 UTC  1ms          1            1            1            586B
                """, CreateBlocksFromTest.ulidsOut(human.out()));
    }

    @Test
    void blocksOfTwoImportsInterleaveByMinTime() throws Exception {
        Path out = ignisBlocks(ToolRun.SMALL, "data");
        Path in = Files.writeString(dir.resolve("again.om"), ToolRun.SMALL);
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        String table = CreateBlocksFromTest.ulidsOut(ToolRun.ignis("tsdb", "list", out.toString()).out());
        String[] lines = table.split("\n");
        assertEquals(7, lines.length);
        assertEquals(lines[1], lines[2]);
        assertEquals(lines[3], lines[4]);
        assertEquals(lines[5], lines[6]);
    }

    @Test
    void emptyAndMissingDirs() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ToolRun r = ToolRun.ignis("tsdb", "list", empty.toString());
        assertEquals(0, r.code());
        assertEquals("BLOCK ULID   MIN TIME     MAX TIME     DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE\n",
                r.out());
        ToolRun missing = ToolRun.ignis("tsdb", "list", dir.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals("opening the db dir: stat " + dir.resolve("nope") + ": no such file or directory\n", missing.err());
    }

    @ParameterizedTest
    @CsvSource({"small, ''", "small, -r", "big, ''", "big, -r", "empty, ''"})
    void sameTableAsPromtoolOnBlocksOfBothTools(String input, String flag) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        String om = switch (input) {
            case "small" -> ToolRun.SMALL;
            case "big" -> ToolRun.big();
            default -> "# EOF\n";
        };
        Path in = Files.writeString(dir.resolve("in.om"), om);
        Path p = dir.resolve("p");
        assertEquals(0, ToolRun.promtool("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), p.toString())
                .code());
        Files.createDirectories(p);
        Path i = ignisBlocks(om, "i");
        String[] extra = flag.isEmpty() ? new String[0] : new String[] {flag};
        for (Path db : new Path[] {p, i}) {
            ToolRun prom = ToolRun.promtool(CreateBlocksFromTest.concat(new String[] {"tsdb", "list"}, extra, db.toString()));
            ToolRun ignis = ToolRun.ignis(CreateBlocksFromTest.concat(new String[] {"tsdb", "list"}, extra, db.toString()));
            assertEquals(0, prom.code(), prom.err());
            assertEquals(0, ignis.code(), ignis.err());
            assertEquals(prom.out(), ignis.out(), db.toString());
        }
    }
}

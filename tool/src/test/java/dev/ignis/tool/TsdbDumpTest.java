package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TsdbDumpTest {
    @TempDir
    Path dir;

    private static final String SMALL_DUMP = """
            {__name__="http_requests_total", code="200", method="get"} 1027 1669500000000
            {__name__="http_requests_total", code="200", method="get"} 1030 1669500015000
            {__name__="http_requests_total", code="400", method="post"} 3 1669500000000
            {__name__="http_requests_total", code="400", method="post"} 4 1669510000000
            {__name__="temp", room="a"} 21.5 1669500000500
            {__name__="temp", room="a"} 22 1669520000000
            """;

    private Path blocks(String om, String name) throws Exception {
        Path in = Files.writeString(dir.resolve(name + ".om"), om);
        Path out = dir.resolve(name);
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        return out;
    }

    @Test
    void dumpsEverySampleInLabelOrder() throws Exception {
        ToolRun r = ToolRun.ignis("tsdb", "dump", blocks(ToolRun.SMALL, "data").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(SMALL_DUMP, r.out());
    }

    @Test
    void samplesInSeveralBlocksArePrintedOnce() throws Exception {
        Path db = blocks(ToolRun.SMALL, "data");
        Path in = Files.writeString(dir.resolve("again.om"), ToolRun.SMALL);
        assertEquals(0, ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), db.toString())
                .code());
        assertEquals(SMALL_DUMP, ToolRun.ignis("tsdb", "dump", db.toString()).out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--match={room=\"a\"}|{__name__=\"temp\", room=\"a\"} 21.5 1669500000500\\n{__name__=\"temp\", room=\"a\"} 22 1669520000000\\n",
        "--match=temp{room!~'b.*'}|{__name__=\"temp\", room=\"a\"} 21.5 1669500000500\\n{__name__=\"temp\", room=\"a\"} 22 1669520000000\\n",
        "--match={code=~\"4..\"}|{__name__=\"http_requests_total\", code=\"400\", method=\"post\"} 3 1669500000000\\n"
                + "{__name__=\"http_requests_total\", code=\"400\", method=\"post\"} 4 1669510000000\\n",
        "--min-time=1669500000500|{__name__=\"http_requests_total\", code=\"200\", method=\"get\"} 1030 1669500015000\\n"
                + "{__name__=\"http_requests_total\", code=\"400\", method=\"post\"} 4 1669510000000\\n"
                + "{__name__=\"temp\", room=\"a\"} 21.5 1669500000500\\n{__name__=\"temp\", room=\"a\"} 22 1669520000000\\n",
        "--max-time=1669500000000|{__name__=\"http_requests_total\", code=\"200\", method=\"get\"} 1027 1669500000000\\n"
                + "{__name__=\"http_requests_total\", code=\"400\", method=\"post\"} 3 1669500000000\\n",
        "--match=nothing|",
    })
    void matchAndTimeRange(String flag, String expected) throws Exception {
        ToolRun r = ToolRun.ignis("tsdb", "dump", flag, blocks(ToolRun.SMALL, "data").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(expected == null ? "" : expected.replace("\\n", "\n"), r.out());
    }

    private Path walFixture(String which, Path db) throws Exception {
        Files.createDirectories(db.resolve("wal"));
        try (InputStream in = getClass().getResourceAsStream(which + "/00000000")) {
            Files.copy(in, db.resolve("wal/00000000"));
        }
        return db;
    }

    private String fixtureDump(String which) throws Exception {
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream(which + "/promtool-dump.txt.gz"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wal-plain", "wal-snappy"})
    void walOfPrometheusDumpsAsPromtoolDid(String which) throws Exception {
        Path db = walFixture(which, dir.resolve("data"));
        ToolRun r = ToolRun.ignis("tsdb", "dump", db.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(fixtureDump(which), r.out());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"wal-plain|", "wal-snappy|", "wal-snappy|--match={__name__=~\"go_.*\"}", "wal-plain|--match=up",
        "wal-plain|--min-time=0", "wal-snappy|--max-time=1669510000000"})
    void blocksAndWalAsPromtool(String which, String flag) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path db = walFixture(which, blocks(ToolRun.SMALL, "data"));
        String[] extra = flag == null ? new String[0] : new String[] {flag};
        ToolRun prom = ToolRun.promtool(CreateBlocksFromTest.concat(new String[] {"tsdb", "dump"}, extra, db.toString()));
        ToolRun ignis = ToolRun.ignis(CreateBlocksFromTest.concat(new String[] {"tsdb", "dump"}, extra, db.toString()));
        assertEquals(0, prom.code(), prom.err());
        assertEquals(0, ignis.code(), ignis.err());
        assertTrue(prom.out().length() > SMALL_DUMP.length() || flag != null);
        assertEquals(prom.out(), ignis.out());
    }

    @Test
    void walSamplesOlderThanTheNewestBlockAreSkipped() throws Exception {
        Path db = walFixture("wal-snappy", blocks("late 1 4102444800\n# EOF\n", "data")); // year 2100
        ToolRun ignis = ToolRun.ignis("tsdb", "dump", db.toString());
        assertEquals(0, ignis.code(), ignis.err());
        assertEquals("{__name__=\"late\"} 1 4102444800000\n", ignis.out());
        if (ToolRun.hasPromtool()) {
            assertEquals(ToolRun.promtool("tsdb", "dump", db.toString()).out(), ignis.out());
        }
    }

    @Test
    void badSelectorFails() throws Exception {
        ToolRun r = ToolRun.ignis("tsdb", "dump", "--match={a=b}", blocks(ToolRun.SMALL, "data").toString());
        assertEquals(1, r.code());
        assertEquals("1:4: parse error: unexpected identifier \"b\" in label matching, expected string\n", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--match={a=b}", "--match=up{a=~\"(\"}", "--match=up{", "--match=rate(up[5m])", "--match={}",
        "--match=up offset 5m", "--match={__name__=~\"temp|up\",room!=\"\"}"})
    void selectorsAsPromtool(String flag) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path db = blocks(ToolRun.SMALL, "data");
        Files.createDirectories(db.resolve("wal"));
        ToolRun prom = ToolRun.promtool("tsdb", "dump", flag, db.toString());
        ToolRun ignis = ToolRun.ignis("tsdb", "dump", flag, db.toString());
        assertEquals(prom.code(), ignis.code(), ignis.err());
        assertEquals(prom.err(), ignis.err());
        assertEquals(prom.out(), ignis.out());
    }

    @ParameterizedTest
    @CsvSource({"1e6, 1e+06", "100000, 100000", "0.00001, 1e-05", "0.0001, 0.0001", "123456789.5, 1.234567895e+08",
        "1152921504606846976, 1.152921504606847e+18", "-3.25, -3.25", "0.1, 0.1", "NaN, NaN", "Infinity, +Inf",
        "-Infinity, -Inf", "0, 0", "-0.0, -0", "5e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308"})
    void valuesAsGoPrintsThem(double v, String expected) {
        assertEquals(expected, GoFloat.formatG(v));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"small|", "big|", "big|--match={s=~\"[01]\"}",
        "big|--min-time=1669507200000", "big|--max-time=1669510000000", "small|--match=temp"})
    void sameLinesAsPromtool(String input, String flag) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        String om = input.equals("small") ? ToolRun.SMALL : ToolRun.big();
        Path in = Files.writeString(dir.resolve("in.om"), om);
        Path p = dir.resolve("p");
        assertEquals(0, ToolRun.promtool("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), p.toString())
                .code());
        Path i = blocks(om, "i");
        String[] extra = flag == null ? new String[0] : new String[] {flag};
        for (Path db : new Path[] {p, i}) {
            Files.createDirectories(db.resolve("wal")); // promtool's dump opens the WAL
            ToolRun prom = ToolRun.promtool(CreateBlocksFromTest.concat(new String[] {"tsdb", "dump"}, extra, db.toString()));
            ToolRun ignis = ToolRun.ignis(CreateBlocksFromTest.concat(new String[] {"tsdb", "dump"}, extra, db.toString()));
            assertEquals(0, prom.code(), prom.err());
            assertEquals(0, ignis.code(), ignis.err());
            assertTrue(!prom.out().isEmpty() || flag != null);
            assertEquals(prom.out(), ignis.out(), db.toString());
        }
    }
}

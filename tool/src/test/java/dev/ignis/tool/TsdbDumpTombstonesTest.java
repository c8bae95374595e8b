package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tsdb dump} leaves out what tombstones delete, as promtool does: the blocks of
 * {@code blocks.om} carry the tombstones a real Prometheus 2.42 wrote for them (see the tsdb
 * bundle's {@code TombstoneFixtures}), and the dump must be promtool's dump of Prometheus's blocks.
 */
class TsdbDumpTombstonesTest {

    private static final String FIXTURES = "/prometheus-2.42/tombstones/";
    private static final String[] PROMETHEUS_BLOCKS = {"01M8E9F9F56VJF5N2XPJBG4ZVG", "01M8E9F9H0W1R0SXBZV4XFDF3T"};

    @TempDir
    Path dir;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TsdbDumpTombstonesTest.class.getResourceAsStream(FIXTURES + name)) {
            return in.readAllBytes();
        }
    }

    private static String gunzip(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(TsdbDumpTombstonesTest.class.getResourceAsStream(FIXTURES + name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dumpLeavesOutWhatPrometheusTombstonesDelete() throws Exception {
        Path om = Files.writeString(dir.resolve("blocks.om"), gunzip("blocks.om.gz"));
        Path db = dir.resolve("data");
        ToolRun made = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", om.toString(), db.toString());
        assertEquals(0, made.code(), made.err());
        int matched = 0;
        try (DirectoryStream<Path> blocks = Files.newDirectoryStream(db)) {
            for (Path b : blocks) {
                String meta = Files.readString(b.resolve("meta.json"));
                for (String u : PROMETHEUS_BLOCKS) {
                    String theirs = new String(resource("deleted/" + u + "/meta.json"), StandardCharsets.UTF_8);
                    String minTime = theirs.substring(theirs.indexOf("\"minTime\""), theirs.indexOf(",", theirs.indexOf("\"minTime\"")));
                    if (meta.contains(minTime + ",")) {
                        Files.write(b.resolve("tombstones"), resource("deleted/" + u + "/tombstones"));
                        matched++;
                    }
                }
            }
        }
        assertEquals(2, matched);
        ToolRun dump = ToolRun.ignis("tsdb", "dump", db.toString());
        assertEquals(0, dump.code(), dump.err());
        assertEquals(gunzip("deleted-promtool-dump.txt.gz"), dump.out());
    }
}

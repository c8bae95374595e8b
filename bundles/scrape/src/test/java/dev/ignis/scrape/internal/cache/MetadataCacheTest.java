package dev.ignis.scrape.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.ExpositionParser;
import dev.ignis.scrape.internal.parse.OpenMetricsParser;
import dev.ignis.scrape.internal.parse.ParseException;
import dev.ignis.scrape.internal.parse.TextParser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataCacheTest {

    /** Feeds a body's metadata lines into the cache as the scrape loop does, then ends the scrape. */
    private static void scrape(ScrapeCache c, ExpositionParser p, String body) throws ParseException {
        scrape(c, p, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void scrape(ScrapeCache c, ExpositionParser p, byte[] b) throws ParseException {
        p.reset(b, 0, b.length);
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            switch (e) {
                case TYPE -> c.metadata().setType(p, c.iter());
                case HELP -> c.metadata().setHelp(p, c.iter());
                case UNIT -> c.metadata().setUnit(p, c.iter());
                default -> { }
            }
        }
        c.iterDone(true);
    }

    @Test
    void keepsHelpTypeAndUnitPerFamily() throws ParseException {
        ScrapeCache c = new ScrapeCache();
        scrape(c, new TextParser(), "# HELP a_total Requests\\nserved \\\\ here.\n# TYPE a_total counter\na_total 1\n"
                + "# TYPE b untyped\nb 1\n");
        assertEquals(List.of(new MetricMetadata("a_total", "counter", "Requests\nserved \\ here.", ""),
                new MetricMetadata("b", "unknown", "", "")), c.metadata().list());
        scrape(c, new OpenMetricsParser(), "# TYPE q_seconds gaugehistogram\n# UNIT q_seconds seconds\n"
                + "# HELP q_seconds Queue \\\"time\\\".\n# EOF\n");
        assertEquals(new MetricMetadata("q_seconds", "gaugehistogram", "Queue \"time\".", "seconds"),
                c.metadata().get("q_seconds"));
        assertNull(c.metadata().get("nope"));
    }

    @Test
    void changedLinesReplaceTheOldValues() throws ParseException {
        ScrapeCache c = new ScrapeCache();
        TextParser p = new TextParser();
        scrape(c, p, "# HELP x One.\n# TYPE x gauge\n");
        scrape(c, p, "# HELP x Two.\n# TYPE x counter\n");
        assertEquals(new MetricMetadata("x", "counter", "Two.", ""), c.metadata().get("x"));
    }

    @Test
    void forgetsFamiliesUnseenForMoreThanTenScrapes() throws ParseException {
        ScrapeCache c = new ScrapeCache();
        TextParser p = new TextParser();
        scrape(c, p, "# TYPE gone gauge\n# TYPE stays gauge\n");
        for (int i = 0; i < 10; i++) {
            scrape(c, p, "# TYPE stays gauge\n");
        }
        assertEquals(2, c.metadata().size(), "kept for 10 scrapes after it disappeared");
        scrape(c, p, "# TYPE stays gauge\n");
        assertEquals(List.of(new MetricMetadata("stays", "gauge", "", "")), c.metadata().list());
    }

    @Test
    void unchangedMetadataOfARealBodyAllocatesNothing() throws ParseException, IOException {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/exposition/node-exporter-1.5.0.prom.txt")) {
            body = in.readAllBytes();
        }
        ScrapeCache c = new ScrapeCache();
        TextParser p = new TextParser();
        for (int i = 0; i < 20; i++) {
            scrape(c, p, body);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // The least of three scrapes: a one-off JIT or class-loading event in the measured
        // window would otherwise fail a test about the steady state.
        long allocated = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            scrape(c, p, body);
            allocated = Math.min(allocated, mx.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(c.metadata().size() > 50);
        assertTrue(allocated < 256, "allocated " + allocated + " bytes");
    }
}

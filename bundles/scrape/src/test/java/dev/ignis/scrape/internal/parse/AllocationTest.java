package dev.ignis.scrape.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The steady path (next, series slice, value, timestamp; no label materialization) allocates
 * nothing per sample. Values with more than 15 significant digits or large exponents take a
 * slow path that allocates one short string; the synthetic body avoids them.
 */
class AllocationTest {

    @Test
    void steadyPathAllocatesNothingPerSample() throws ParseException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StringBuilder sb = new StringBuilder("# HELP req Requests.\n# TYPE req counter\n");
        for (int i = 0; i < 2000; i++) {
            sb.append("req{code=\"").append(200 + i % 5).append("\",path=\"/api/v").append(i).append("\"} ")
                    .append(i * 1.25).append(" 1700000000").append(i % 1000).append('\n');
        }
        byte[] text = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] om = (sb.toString().replace(" 1700000000", " 1700000.") + "# EOF\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (ExpositionParser p : new ExpositionParser[] {new TextParser(), new OpenMetricsParser()}) {
            byte[] body = p instanceof TextParser ? text : om;
            long sum = 0;
            for (int round = 0; round < 20; round++) { // warm up
                sum += parseAll(p, body);
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            int samples = parseAll(p, body);
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertEquals(2000, samples);
            assertTrue(sum > 0);
            assertTrue(allocated < 2048, p.getClass().getSimpleName() + " allocated " + allocated + " bytes for 2000 samples");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        Fixtures.NODE_EXPORTER, Fixtures.PROMETHEUS, Fixtures.PYTHON_OM, Fixtures.PYTHON_TEXT})
    void realBodiesParseWithoutAllocating(String fixture) throws ParseException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] body = Fixtures.bytes(fixture);
        ExpositionParser p = Fixtures.isOpenMetrics(fixture) ? new OpenMetricsParser() : new TextParser();
        for (int round = 0; round < 20; round++) {
            parseAll(p, body);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        int samples = parseAll(p, body);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(samples > 30);
        assertTrue(allocated < 256, fixture + ": allocated " + allocated + " bytes for " + samples + " samples");
    }

    private static int parseAll(ExpositionParser p, byte[] body) throws ParseException {
        p.reset(body, 0, body.length);
        int n = 0;
        long check = 0;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.SERIES) {
                n++;
                check += p.seriesLength() + (long) p.value() + p.timestamp();
            }
        }
        return check == 0 ? -1 : n;
    }
}

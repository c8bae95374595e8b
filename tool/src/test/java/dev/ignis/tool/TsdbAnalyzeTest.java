package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TsdbAnalyzeTest {
    @TempDir
    Path dir;

    /** Six series in one 2h block; four of them cover its first hour only. */
    static String churn() {
        StringBuilder sb = new StringBuilder("# TYPE g gauge\n");
        long base = 1669500000L - 1669500000L % 7200;
        for (int s = 0; s < 6; s++) {
            for (int i = 0; i < 7200; i += 60) {
                if (s < 4 && i >= 3600) {
                    continue;
                }
                sb.append("g{s=\"").append(s).append("\",k=\"").append(s % 2 == 1 ? "x" : "y").append("\"} 1 ")
                        .append(base + i).append('\n');
            }
        }
        return sb.append("# EOF\n").toString();
    }

    private Path blocks(String om, String name) throws Exception {
        Path in = Files.writeString(dir.resolve(name + ".om"), om);
        Path out = dir.resolve(name);
        assertEquals(0, ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), out.toString())
                .code());
        return out;
    }

    /** promtool orders equal counts arbitrarily: order each section by count, then text. */
    static String normalize(String report) {
        List<String> out = new ArrayList<>();
        List<String> section = new ArrayList<>();
        for (String line : (report + "\n").split("\n", -1)) {
            if (line.isEmpty() || line.endsWith(":") || !Character.isDigit(line.charAt(0))) {
                section.sort(Comparator.comparingLong((String l) -> -Long.parseLong(l.substring(0, l.indexOf(' '))))
                        .thenComparing(l -> l.substring(l.indexOf(' ') + 1)));
                out.addAll(section);
                section.clear();
                out.add(line);
            } else {
                section.add(line);
            }
        }
        return String.join("\n", out);
    }

    @Test
    void churnAndCardinalityOfTheLastBlock() throws Exception {
        Path db = blocks(churn(), "data");
        String ulid;
        try (Stream<Path> s = Files.list(db)) {
            ulid = s.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
        ToolRun r = ToolRun.ignis("tsdb", "analyze", db.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Block ID: " + ulid + "\nDuration: 1h59m0.001s\nSeries: 6\nLabel names: 3\n"
                + "Postings (unique label pairs): 9\nPostings entries (total label pairs): 18\n\n"
                + "Label pairs most involved in churning:\n2 __name__=g\n1 k=x\n1 k=y\n0 s=0\n0 s=1\n0 s=2\n0 s=3\n"
                + "0 s=4\n0 s=5\n\nLabel names most involved in churning:\n2 __name__\n2 k\n2 s\n\n"
                + "Most common label pairs:\n6 __name__=g\n3 k=x\n3 k=y\n1 s=0\n1 s=1\n1 s=2\n1 s=3\n1 s=4\n1 s=5\n\n"
                + "Label names with highest cumulative label value length:\n6 s\n2 k\n1 __name__\n\n"
                + "Highest cardinality labels:\n6 s\n2 k\n1 __name__\n\nHighest cardinality metric names:\n6 g\n", r.out());
        ToolRun limited = ToolRun.ignis("tsdb", "analyze", "--limit=1", db.toString(), ulid);
        assertEquals(0, limited.code(), limited.err());
        assertEquals(6 + 6 * 3 + 1, limited.out().split("\n", -1).length); // headers, 6 x (blank, title, 1 item), ""
        assertEquals(1, ToolRun.ignis("tsdb", "analyze", db.toString(), "01ARZ3NDEKTSV4RRFFQ69G5FAV").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"churn", "small", "big"})
    void sameReportAsPromtool(String input) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        String om = switch (input) {
            case "churn" -> churn();
            case "small" -> ToolRun.SMALL;
            default -> ToolRun.big();
        };
        Path in = Files.writeString(dir.resolve("in.om"), om);
        Path p = dir.resolve("p");
        assertEquals(0, ToolRun.promtool("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), p.toString())
                .code());
        Path i = blocks(om, "i");
        for (Path db : new Path[] {p, i}) {
            ToolRun prom = ToolRun.promtool("tsdb", "analyze", db.toString());
            ToolRun ignis = ToolRun.ignis("tsdb", "analyze", db.toString());
            assertEquals(0, prom.code(), prom.err());
            assertEquals(0, ignis.code(), ignis.err());
            assertEquals(normalize(prom.out()), ignis.out() + "\n", db.toString());
            String promExtended = ToolRun.promtool("tsdb", "analyze", "--extended", db.toString()).out();
            String ignisExtended = ToolRun.ignis("tsdb", "analyze", "--extended", db.toString()).out();
            String section = "\nCompaction analysis:\n";
            assertTrue(promExtended.contains(section + "Fullness"), promExtended);
            assertTrue(promExtended.substring(promExtended.indexOf(section)).contains("#"), promExtended);
            assertEquals(promExtended.substring(promExtended.indexOf(section)),
                    ignisExtended.substring(ignisExtended.indexOf(section)), db.toString());
        }
    }
}

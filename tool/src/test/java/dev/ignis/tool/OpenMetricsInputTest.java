package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.tsdb.internal.backfill.BackfillSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The file read in parts on several threads gives what one sequential parse gives: the same
 * samples in the same order with the same series, or the same first error, wherever the parts
 * are cut (every part size from one byte up, so every line boundary is a cut somewhere).
 */
class OpenMetricsInputTest {
    @TempDir
    Path dir;

    static Stream<Arguments> inputs() {
        List<Arguments> all = new ArrayList<>();
        CreateBlocksFromTest.refusedInputs().forEach(all::add);
        CreateBlocksFromTest.acceptedInputs().forEach(all::add);
        all.add(Arguments.of("empty", ""));
        all.add(Arguments.of("only EOF", "# EOF\n"));
        all.add(Arguments.of("EOF without newline", "a 1 1\na 2 2\n# EOF"));
        all.add(Arguments.of("blank line after EOF", "a 1 1\n# EOF\n\n"));
        all.add(Arguments.of("EOF twice", "a 1 1\n# EOF\n# EOF\n"));
        all.add(Arguments.of("EOF then a comment", "a 1 1\n# EOF\n# HELP a x\n"));
        all.add(Arguments.of("blank line", "a 1 1\n\na 2 2\n# EOF\n"));
        all.add(Arguments.of("truncated line", "a 1 1\na 2"));
        all.add(Arguments.of("error in a late line", "a 1 1\na 2 2\na 3 3\na 4 4\nb{c=\"d\"} 5 5\nb{c=\"d\"} 6\n# EOF\n"));
        all.add(Arguments.of("two errors", "a 1 1\na 2 2\nb{c=\"d\"} 5\nb{c=\"d\"} 6 6\nx y z\n# EOF\n"));
        all.add(Arguments.of("repeated label name", "a 1 1\na{b=\"1\",b=\"2\"} 1 1\n# EOF\n"));
        all.add(Arguments.of("unit not a suffix", "a 1 1\n# UNIT a seconds\na 2 2\n# EOF\n"));
        all.add(Arguments.of("metadata", "# HELP a Some \\\"help\\\".\n# TYPE a gauge\n# UNIT a_s s\na_s 1 1\n# EOF\n"));
        all.add(Arguments.of("long line", "a{b=\"" + "x".repeat(300) + "\"} 1 1\na 2 2\n# EOF\n"));
        all.add(Arguments.of("series interleaved", "a 1 1\nb 1 1\na 2 2\nb 2 2\na{x=\"1\"} 3 3\nb 3 3\n# EOF\n"));
        all.add(Arguments.of("small table", ToolRun.SMALL));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void partsGiveWhatOneParseGives(String name, String text) throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), text);
        String whole = outcome(in, 1 << 20, 1);
        // Short texts are cut everywhere; the long ones (5000 lines) at a few sizes.
        int[] sizes = text.length() <= 2000 ? IntStream.rangeClosed(1, text.length() + 1).toArray()
                : new int[] {7, 100, 4096, text.length() / 3};
        for (int part : sizes) {
            for (int threads = 1; threads <= 3; threads++) {
                assertEquals(whole, outcome(in, part, threads), "part " + part + ", threads " + threads);
            }
        }
    }

    @Test
    void largerFilesInManyParts() throws Exception {
        String text = (ToolRun.big() + CreateBlocksFromTest.generate(40, 2, 3)).replace("# EOF\n", "") + "# EOF\n";
        Path in = Files.writeString(dir.resolve("big.om"), text);
        String whole = outcome(in, 1 << 24, 1);
        assertTrue(whole.lines().count() > 10_000, "samples: " + whole.lines().count());
        for (int part : new int[] {64, 1000, 4096, 65_536}) {
            assertEquals(whole, outcome(in, part, 2), "part " + part);
        }
    }

    /** Each sample as "labels t value-bits", one a line, or "ERR message". */
    private static String outcome(Path in, int partBytes, int threads) throws Exception {
        BackfillSamples s;
        try {
            s = OpenMetricsInput.read(in, partBytes, threads);
        } catch (OpenMetricsInput.InputException e) {
            return "ERR " + e.getMessage();
        }
        StringBuilder sb = new StringBuilder();
        s.forEach((series, t, v) -> sb.append(s.seriesLabels(series)).append(' ').append(t).append(' ')
                .append(Long.toHexString(Double.doubleToRawLongBits(v))).append('\n'));
        return sb.toString();
    }
}

package dev.ignis.tsdb.internal.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planner's choices for block layouts, the cases of Prometheus 2.42's
 * {@code TestLeveledCompactor_plan} (ranges 20, 60, 180, 540, 1620). A block is written
 * {@code "id:mint-maxt"}, optionally {@code ":series/tombstones"} and {@code ":failed"}.
 */
class PlannerTest {

    static final long[] RANGES = {20, 60, 180, 540, 1620};

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("a single block is never compacted", "1:0-20", ""),
                Arguments.of("two blocks of 20: wait for the range to fill", "1:0-20 2:20-40", ""),
                Arguments.of("three of 20 but the newest is left out", "1:0-20 2:20-40 3:40-60", ""),
                Arguments.of("the block after the range appears: the range is compacted", "1:0-20 2:20-40 3:40-60 4:60-80",
                        "1 2 3"),
                Arguments.of("a gap and only the fresh block after it: nothing", "1:0-20 2:20-40 4:60-80", ""),
                Arguments.of("a gap then two blocks: the two before the gap", "1:0-20 2:20-40 4:60-80 5:80-100", "1 2"),
                Arguments.of("20, 20, 20, 60 and a fresh 60: the three small ones",
                        "1:0-20 2:20-40 3:40-60 4:60-120 5:120-180", "1 2 3"),
                Arguments.of("20, 60, 60 of one 180 range with later blocks", "2:20-40 4:60-120 5:960-980 6:120-180 7:720-960",
                        "2 4 6"),
                Arguments.of("a large block with many tombstones but no fresh block", "1:0-540:10/10", ""),
                Arguments.of("a large block with many tombstones once a fresh one appears", "1:0-540:10/10 2:540-560", "1"),
                Arguments.of("a small block with tombstones is not rewritten", "1:0-60:10/3 2:60-80", ""),
                Arguments.of("a small block entirely deleted is rewritten", "1:0-20:10/10 2:20-40", "1"),
                Arguments.of("no series and no tombstones: no endless rewrite", "1:0-540:0/0 2:540-560", ""),
                Arguments.of("a large block with few tombstones", "1:0-540:100/5 2:540-560", ""),
                Arguments.of("the fresh block is the one with the greatest min time, not the newest ULID",
                        "5:0-360 6:540-560 7:360-420 8:420-540", "7 8"),
                Arguments.of("a group with a failed compaction is skipped", "1:0-20:failed 2:20-40 3:40-60 4:60-80", ""),
                Arguments.of("failed blocks do not stop a later group",
                        "1:0-20:failed 2:20-40 3:40-60 4:60-80 5:80-100 6:100-120 7:120-140", "4 5 6"),
                Arguments.of("overlapping blocks 1", "1:0-20 2:19-40 3:40-60", "1 2"),
                Arguments.of("overlapping blocks 2", "1:0-20 2:20-40 3:30-50", "2 3"),
                Arguments.of("overlapping blocks 3", "1:0-20 2:10-40 3:30-50", "1 2 3"),
                Arguments.of("overlapping blocks 4", "5:0-360 6:340-560 7:360-420 8:720-760", "5 6 7"),
                Arguments.of("overlapping blocks 5", "1:0-10 2:9-20 3:30-40", "1 2"),
                Arguments.of("an overlap wins over a full range", "1:0-20 2:20-40 3:40-60 4:60-80 5:70-90", "4 5"),
                Arguments.of("a block inside another", "1:0-100 2:20-40 3:100-120", "1 2"),
                Arguments.of("negative times are aligned downwards", "1:-60--40 2:-40--20 3:-20-0 4:0-20", "1 2 3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void plansAsPrometheus(String name, String blocks, String want) {
        List<Planner.Meta> in = new ArrayList<>();
        for (String b : blocks.split(" ")) {
            in.add(meta(b));
        }
        List<String> got = new Planner(RANGES).plan(in).stream().map(Planner.Meta::ulid).toList();
        assertEquals(want.isEmpty() ? List.of() : List.of(want.split(" ")), got);
    }

    static Planner.Meta meta(String spec) {
        String[] p = spec.split(":");
        String range = p[1];
        int dash = range.indexOf('-', 1);
        long mint = Long.parseLong(range.substring(0, dash));
        long maxt = Long.parseLong(range.substring(dash + 1));
        long series = 0;
        long tombstones = 0;
        boolean failed = false;
        for (int i = 2; i < p.length; i++) {
            if (p[i].equals("failed")) {
                failed = true;
            } else {
                String[] st = p[i].split("/");
                series = Long.parseLong(st[0]);
                tombstones = Long.parseLong(st[1]);
            }
        }
        return new Planner.Meta(p[0], mint, maxt, series, tombstones, failed);
    }

    static Stream<Arguments> rangeCases() {
        long h = 3_600_000L;
        return Stream.of(
                Arguments.of("default: 15d retention caps at 36h", 2 * h, 36 * h, new long[] {2 * h, 6 * h, 18 * h}),
                Arguments.of("31d cap", 2 * h, 31 * 24 * h,
                        new long[] {2 * h, 6 * h, 18 * h, 54 * h, 162 * h, 486 * h}),
                Arguments.of("max below min: one range", 2 * h, h, new long[] {2 * h}),
                Arguments.of("max equal to a range keeps it", 2 * h, 54 * h, new long[] {2 * h, 6 * h, 18 * h, 54 * h}),
                Arguments.of("ten steps at most", 1, Long.MAX_VALUE / 4,
                        new long[] {1, 3, 9, 27, 81, 243, 729, 2187, 6561, 19683}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeCases")
    void rangesGrowByThreeUpToTheMaxBlockDuration(String name, long min, long max, long[] want) {
        assertArrayEquals(want, Planner.ranges(min, max));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void splitsByAlignedRanges(String name, String blocks, long range, String want) {
        List<Planner.Meta> in = new ArrayList<>();
        for (String b : blocks.split(" ")) {
            in.add(meta(b));
        }
        List<String> got = new ArrayList<>();
        for (List<Planner.Meta> g : Planner.splitByRange(in, range)) {
            got.add(String.join(",", g.stream().map(Planner.Meta::ulid).toList()));
        }
        assertEquals(List.of(want.split(" ")), got);
    }

    static Stream<Arguments> splits() {
        return Stream.of(
                Arguments.of("doc example", "a:0-10 b:10-20 c:50-60 d:90-100", 30L, "a,b c d"),
                Arguments.of("a block crossing its range is left out", "a:0-10 b:25-35 c:40-50", 30L, "a c"),
                Arguments.of("a block as long as the range", "a:0-30 b:30-60", 30L, "a b"),
                Arguments.of("blocks in one range", "a:0-10 b:10-20 c:20-30", 30L, "a,b,c"));
    }
}

package dev.ignis.tsdb.internal.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which blocks retention deletes; blocks written {@code "id:maxTime:bytes"}. */
class RetentionTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, blocks, anyLoaded, retention ms, max bytes, head bytes, deleted, byTime, bySize
                Arguments.of("nothing beyond the time retention", "a:100:1 b:200:1 c:300:1", true, 200L, 0L, 0L, "", false,
                        false),
                Arguments.of("exactly the retention is kept", "a:100:1 c:300:1", true, 200L, 0L, 0L, "", false, false),
                Arguments.of("older than the retention before the newest block's end", "a:99:1 b:200:1 c:300:1", true, 200L,
                        0L, 0L, "a", true, false),
                Arguments.of("every older block goes with the first one beyond", "a:50:1 b:60:1 c:99:1 d:300:1", true, 200L,
                        0L, 0L, "a b c", true, false),
                Arguments.of("order of the input does not matter", "d:300:1 a:50:1 c:99:1 b:60:1", true, 200L, 0L, 0L,
                        "a b c", true, false),
                Arguments.of("the newest block is never deleted by time", "a:300:1", true, 1L, 0L, 0L, "", false, false),
                Arguments.of("no retention when nothing was loaded before (first reload)", "a:10:1 b:300:1", false, 200L, 0L,
                        0L, "", false, false),
                Arguments.of("time retention off", "a:10:1 b:300:1", true, 0L, 0L, 0L, "", false, false),
                Arguments.of("size: within the limit", "a:100:10 b:200:10 c:300:10", true, 0L, 30L, 0L, "", false, false),
                Arguments.of("size: the block crossing the limit", "a:100:10 b:200:10 c:300:10", true, 0L, 25L, 0L, "a",
                        false, true),
                Arguments.of("size: the block crossing the limit and older ones", "a:100:10 b:200:10 c:300:10", true, 0L, 15L,
                        0L, "a b", false, true),
                Arguments.of("size: the head counts first", "a:100:10 b:200:10 c:300:10", true, 0L, 30L, 5L, "a", false,
                        true),
                Arguments.of("size: even the newest block when the head alone fills it", "a:100:10 b:200:10", true, 0L, 30L,
                        40L, "a b", false, true),
                Arguments.of("both rules at once", "a:10:10 b:200:10 c:300:10", true, 200L, 15L, 0L, "a b", true, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deletesWholeBlocksOldestFirst(String name, String blocks, boolean anyLoaded, long retention, long maxBytes,
            long headBytes, String deleted, boolean byTime, boolean bySize) {
        List<Retention.BlockInfo> in = new ArrayList<>();
        for (String b : blocks.split(" ")) {
            String[] p = b.split(":");
            in.add(new Retention.BlockInfo(p[0], Long.parseLong(p[1]), Long.parseLong(p[2])));
        }
        Retention.Decision d = Retention.decide(in, anyLoaded, retention, maxBytes, headBytes);
        Set<String> want = deleted.isEmpty() ? Set.of() : new TreeSet<>(List.of(deleted.split(" ")));
        assertEquals(want, new TreeSet<>(d.deletable()));
        assertEquals(byTime, d.byTime());
        assertEquals(bySize, d.bySize());
    }
}

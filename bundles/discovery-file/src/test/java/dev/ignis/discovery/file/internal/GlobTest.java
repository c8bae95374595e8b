package dev.ignis.discovery.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's filepath.Match and Glob on Unix. */
class GlobTest {

    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of("*.json", "a.json", true),
                Arguments.of("*.json", ".hidden.json", true),
                Arguments.of("*.json", "a.yml", false),
                Arguments.of("*", "a/b", false),
                Arguments.of("a*b*.json", "axxbyy.json", true),
                Arguments.of("a*b*.json", "ab.json", true),
                Arguments.of("a*b*.json", "ba.json", false),
                Arguments.of("?.json", "a.json", true),
                Arguments.of("?.json", "ab.json", false),
                Arguments.of("[a-c].json", "b.json", true),
                Arguments.of("[a-c].json", "d.json", false),
                Arguments.of("[^a-c].json", "d.json", true),
                Arguments.of("[^a-c].json", "a.json", false),
                Arguments.of("[\\]].json", "].json", true),
                Arguments.of("\\*.json", "*.json", true),
                Arguments.of("\\*.json", "a.json", false),
                Arguments.of("t_[0-9][0-9].yml", "t_42.yml", true),
                Arguments.of("é*.json", "été.json", true));
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @MethodSource("matches")
    void matchesLikeGo(String pattern, String name, boolean expected) throws Exception {
        Glob.validate(pattern);
        assertEquals(expected, Glob.matches(pattern, name));
    }

    static Stream<String> badPatterns() {
        return Stream.of("[.json", "[].json", "[a-].json", "[-a].json", "x\\", "[a\\", "[^].json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPatterns")
    void rejectsBadPatterns(String pattern) {
        assertThrows(Glob.BadPatternException.class, () -> Glob.glob("/nonexistent/" + pattern));
    }

    @Test
    void globsSortedMatchesInTheLastElement(@TempDir Path dir) throws Exception {
        for (String n : List.of("b.json", "a.json", "c.yml", "x.json.bak")) {
            Files.writeString(dir.resolve(n), "[]");
        }
        Files.createDirectories(dir.resolve("d1"));
        Files.createDirectories(dir.resolve("d2"));
        Files.writeString(dir.resolve("d1/t.json"), "[]");
        Files.writeString(dir.resolve("d2/t.json"), "[]");
        String base = dir.toString();
        assertEquals(List.of(base + "/a.json", base + "/b.json"), Glob.glob(base + "/*.json"));
        assertEquals(List.of(base + "/c.yml"), Glob.glob(base + "/c.yml"));
        assertEquals(List.of(), Glob.glob(base + "/missing.yml"));
        assertEquals(List.of(), Glob.glob(base + "/nodir/*.yml"));
        assertEquals(List.of(base + "/d1/t.json", base + "/d2/t.json"), Glob.glob(base + "/d?/t.json"));
        List<String> all = new ArrayList<>(Glob.glob(base + "/[ab].json"));
        assertEquals(List.of(base + "/a.json", base + "/b.json"), all);
    }
}

package dev.ignis.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FormTest {

    static Stream<Arguments> queries() {
        return Stream.of(
                Arguments.of("a=1&b=2&a=3", Map.of("a", List.of("1", "3"), "b", List.of("2")), null),
                Arguments.of("match[]=up%7Bjob%3D%22a%22%7D", Map.of("match[]", List.of("up{job=\"a\"}")), null),
                Arguments.of("q=a+b%2Bc", Map.of("q", List.of("a b+c")), null),
                Arguments.of("k&k=&=v", Map.of("k", List.of("", ""), "", List.of("v")), null),
                Arguments.of("&&a=1&", Map.of("a", List.of("1")), null),
                Arguments.of("a=%C3%A9%E2%82%AC", Map.of("a", List.of("é€")), null),
                Arguments.of("a=é", Map.of("a", List.of("é")), null),
                Arguments.of("a=1&x=%zz&b=2", Map.of("a", List.of("1"), "b", List.of("2")), "invalid URL escape \"%zz\""),
                Arguments.of("x=%4&y=%&a=1", Map.of("a", List.of("1")), "invalid URL escape \"%4\""),
                Arguments.of("%zz=1", Map.of(), "invalid URL escape \"%zz\""),
                Arguments.of("a=1;b=2&c=3", Map.of("c", List.of("3")), "invalid semicolon separator in query"),
                Arguments.of("x=%zz&a=1;b", Map.of(), "invalid semicolon separator in query"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void parsesQueriesAsGo(String query, Map<String, List<String>> expected, String error) {
        Form f = Form.ofQuery(query);
        assertEquals(error, f.error());
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            assertEquals(e.getValue(), f.values(e.getKey()), e.getKey());
            assertEquals(e.getValue().get(0), f.value(e.getKey()));
        }
        assertEquals(List.of(), f.values("absent"));
        assertEquals("", f.value("absent"));
    }
}

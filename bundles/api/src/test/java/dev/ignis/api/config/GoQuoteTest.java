package dev.ignis.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoQuoteTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "abc            | '\"abc\"'",
        "a\"b           | '\"a\\\"b\"'",
        "a\\b           | '\"a\\\\b\"'",
        "%zz            | '\"%zz\"'",
        "é€😀           | '\"é€😀\"'",
        "'a b'          | '\"a b\"'",
    })
    void quotesAsGo(String text, String expected) {
        assertEquals(expected, GoQuote.quote(text));
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource(delimiter = '|', value = {"0007|\\a", "0008|\\b", "0009|\\t", "000a|\\n", "000b|\\v", "000c|\\f",
        "000d|\\r", "0001|\\x01", "001f|\\x1f", "007f|\\x7f", "0085|\\u0085", "00a0|\\u00a0", "2028|\\u2028",
        "feff|\\ufeff", "e000|\\ue000", "d800|\\ud800", "f0000|\\U000f0000"})
    void escapesNonPrintablesAsGo(String hex, String escaped) {
        String s = new String(Character.toChars(Integer.parseInt(hex, 16)));
        assertEquals("\"" + escaped + "\"", GoQuote.quote(s));
    }
}

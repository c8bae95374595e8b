package dev.ignis.web.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.GoQuote;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1795769000       | 1.795769E9",
        "1795769000.5     | 1.7957690005E9",
        "1.7957690005e9   | 1.7957690005E9",
        "1E3              | 1000",
        "1.5e-3           | 0.0015",
        "-1.5             | -1.5",
        "+5               | 5",
        ".5               | 0.5",
        "5.               | 5",
        "00012            | 12",
        "1_000            | 1000",
        "1_000.000_1      | 1000.0001",
        "0x1p30           | 1073741824",
        "0X1.8P1          | 3",
        "0x_1p-2          | 0.25",
        "inf              | Infinity",
        "+Inf             | Infinity",
        "-infinity        | -Infinity",
        "INFINITY         | Infinity",
        "1e-400           | 0",
        "-0               | -0.0",
    })
    void parsesFloatsAsGo(String text, double expected) {
        assertEquals(expected, GoText.parseFloat(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NaN", "nan", "nAn"})
    void parsesNaN(String text) {
        assertTrue(Double.isNaN(GoText.parseFloat(text)));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "abc", "0x10", "0x1.8", "1e400", "-1e400", " 1", "1 ", "1d", "1f", "1__0", "_1", "1_",
        "1_.5", "1e_5", "+nan", "-NaN", "infin", ".", "+", "e5", "1e", "1e+", "0x", "0xp1", "1.2.3", "Infinity1",
        "0b101", "1,5"})
    void rejectsWhatGoRejects(String text) {
        assertThrows(NumberFormatException.class, () -> GoText.parseFloat(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"1|true", "t|true", "T|true", "TRUE|true", "true|true", "True|true",
        "0|false", "f|false", "F|false", "FALSE|false", "false|false", "False|false"})
    void parsesBoolsAsGo(String text, boolean expected) {
        assertEquals(expected, GoText.parseBool(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"yes", "tRUE", "2", "maybe", " true"})
    void rejectsOtherBools(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoText.parseBool(text));
        assertEquals("strconv.ParseBool: parsing " + GoQuote.quote(text) + ": invalid syntax", e.getMessage());
    }
}

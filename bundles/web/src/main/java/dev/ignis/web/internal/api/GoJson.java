package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Jackson set up to write JSON as Go's {@code encoding/json} (and the jsoniter configuration
 * Prometheus uses) does: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 written as
 * six-character unicode escapes, and control characters other than newline, carriage return
 * and tab likewise (Jackson's defaults would write backspace and form feed as short escapes),
 * with lower-case hex digits.
 */
public final class GoJson {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new GoEscapes())
            // Go writes \u001b, Jackson by default \u001B.
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    private GoJson() {
    }

    /** A generator over {@code out}; closing it flushes but does not close {@code out}. */
    public static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    /** A generator over characters, with the same escapes (tests compare it with the byte output). */
    static JsonGenerator generator(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    private static final class GoEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private static final SerializedString LT = new SerializedString("\\u003c");
        private static final SerializedString GT = new SerializedString("\\u003e");
        private static final SerializedString AMP = new SerializedString("\\u0026");
        private static final SerializedString BS = new SerializedString("\\u0008");
        private static final SerializedString FF = new SerializedString("\\u000c");
        private static final SerializedString LS = new SerializedString("\\u2028");
        private static final SerializedString PS = new SerializedString("\\u2029");

        private final int[] ascii;

        GoEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
            ascii['\b'] = ESCAPE_CUSTOM;
            ascii['\f'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> LT;
                case '>' -> GT;
                case '&' -> AMP;
                case '\b' -> BS;
                case '\f' -> FF;
                case 0x2028 -> LS;
                case 0x2029 -> PS;
                default -> null;
            };
        }
    }
}

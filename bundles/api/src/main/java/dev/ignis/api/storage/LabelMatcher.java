package dev.ignis.api.storage;

import java.util.Objects;

/**
 * A label matcher as in PromQL selectors. Regular expressions are RE2 syntax, fully anchored.
 * A matcher that matches the empty string also matches series that lack the label.
 *
 * <p>Compiling the regex is the storage's business; this record only carries the text.
 */
public record LabelMatcher(Type type, String name, String value) {

    /** The four matcher kinds. */
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String op;

        Type(String op) {
            this.op = op;
        }

        /** The PromQL operator. */
        public String op() {
            return op;
        }
    }

    public LabelMatcher {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    public static LabelMatcher equal(String name, String value) {
        return new LabelMatcher(Type.EQUAL, name, value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(type.op()).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

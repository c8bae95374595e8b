package dev.ignis.api.config;

import java.util.regex.Pattern;

/**
 * A relabeling regular expression: the text as written in the config and the compiled,
 * fully anchored pattern ({@code ^(?:text)$}) as Prometheus uses it. Equality is by text, so
 * configs compare by value. Thread-safe.
 */
public final class Regex {
    /** The default relabel regex, {@code (.*)}. */
    public static final Regex DEFAULT = new Regex("(.*)", Pattern.compile("^(?:(.*))$"));

    private final String text;
    private final Pattern pattern;

    /**
     * @param text the expression as written
     * @param pattern its anchored compiled form
     */
    public Regex(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** The expression as written in the config. */
    public String text() {
        return text;
    }

    /** The anchored pattern. */
    public Pattern pattern() {
        return pattern;
    }

    /** Whether the whole of {@code s} matches. */
    public boolean matches(String s) {
        return pattern.matcher(s).matches();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Regex r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}

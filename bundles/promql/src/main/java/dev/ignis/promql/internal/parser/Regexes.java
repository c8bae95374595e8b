package dev.ignis.promql.internal.parser;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks the parser makes on matcher regexes: they must compile as RE2 would, and a
 * selector needs one matcher that does not match the empty string. Regexes are anchored
 * ({@code ^(?:re)$}) as in Prometheus.
 */
final class Regexes {

    private Regexes() {
    }

    /**
     * Compiles an anchored matcher regex.
     *
     * @throws IllegalArgumentException with a message in the style of Go's regexp package
     */
    static Pattern compile(String re) {
        String anchored = "^(?:" + re + ")$";
        for (String perl : new String[] {"(?=", "(?!", "(?<=", "(?<!", "(?>"}) {
            int i = re.indexOf(perl);
            if (i >= 0) {
                throw new IllegalArgumentException(
                        "error parsing regexp: invalid or unsupported Perl syntax: `" + perl + "`");
            }
        }
        try {
            // RE2's named groups (?P<name>...) are Java's (?<name>...).
            return Pattern.compile(anchored.replace("(?P<", "(?<"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + goCode(e) + ": `" + anchored + "`", e);
        }
    }

    private static String goCode(PatternSyntaxException e) {
        String d = e.getDescription();
        if (d.startsWith("Unclosed group")) {
            return "missing closing )";
        }
        if (d.startsWith("Unclosed character class")) {
            return "missing closing ]";
        }
        if (d.startsWith("Dangling meta character")) {
            return "missing argument to repetition operator";
        }
        if (d.startsWith("Unmatched closing ')'")) {
            return "unexpected )";
        }
        if (d.startsWith("Illegal character range")) {
            return "invalid character class range";
        }
        if (d.contains("escape sequence") || d.startsWith("Unexpected internal error")) {
            return "invalid escape sequence";
        }
        return d.toLowerCase(java.util.Locale.ROOT);
    }
}

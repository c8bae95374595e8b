package dev.ignis.web.internal.api;

import dev.ignis.api.config.GoQuote;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.web.internal.http.Form;
import dev.ignis.web.internal.text.GoDurations;
import dev.ignis.web.internal.text.GoText;
import dev.ignis.web.internal.text.GoTime;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parameters of the API as Prometheus reads them: form values (body before query), times as
 * float Unix seconds or RFC 3339, and {@code match[]} series selectors.
 */
public final class ApiParams {

    /** Prometheus's default start: the earliest time Go can format, in milliseconds. */
    public static final long MIN_TIME = (Long.MIN_VALUE / 1000 + 62135596801L) * 1000;
    /** Prometheus's default end: the latest time Go can format, in milliseconds. */
    public static final long MAX_TIME = (Long.MAX_VALUE / 1000 - 62135596801L) * 1000 + 999;
    // Go cannot parse its own formatting of the two bounds; Prometheus accepts them by name.
    static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
    static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private ApiParams() {
    }

    /** The request's form; a body that cannot be read is an internal error. */
    public static Form form(HttpServletRequest req) {
        try {
            return Form.of(req);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The request's form as Go's {@code FormValue} reads it, multipart bodies included
     * ({@link Form#ofFormValue}); for handlers that never call {@code ParseForm} first.
     */
    public static Form formValues(HttpServletRequest req) {
        try {
            return Form.ofFormValue(req);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with {@code bad_data} "error parsing form values: ..." when the form did not parse. */
    public static void requireParsed(Form form) throws ApiException {
        if (form.error() != null) {
            throw new ApiException(ErrorType.BAD_DATA, "error parsing form values: " + form.error());
        }
    }

    /** {@code invalid parameter "<name>": <message>} as {@code bad_data}. */
    public static ApiException invalidParam(String name, String message) {
        return new ApiException(ErrorType.BAD_DATA, "invalid parameter " + GoQuote.quote(name) + ": " + message);
    }

    /**
     * The time parameter {@code name} in milliseconds, {@code def} when absent or empty.
     *
     * @throws ApiException {@code invalid parameter "start": Invalid time value for 'start': ...}
     */
    public static long time(Form form, String name, long def) throws ApiException {
        String v = form.value(name);
        if (v.isEmpty()) {
            return def;
        }
        try {
            return parseTime(v);
        } catch (IllegalArgumentException e) {
            throw invalidParam(name, "Invalid time value for '" + name + "': cannot parse " + GoQuote.quote(v)
                    + " to a valid timestamp");
        }
    }

    /**
     * A time as Prometheus parses it, in milliseconds: float seconds (fraction rounded to the
     * millisecond), RFC 3339, or the formatted minimum and maximum times. Out-of-range floats
     * wrap as Prometheus's int64 arithmetic does on amd64.
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static long parseTime(String s) {
        double f;
        try {
            f = GoText.parseFloat(s);
        } catch (NumberFormatException e) {
            return parseTimeText(s);
        }
        return floatSecondsToMillis(f);
    }

    private static long parseTimeText(String s) {
        try {
            return millis(GoTime.parseRfc3339Nano(s));
        } catch (IllegalArgumentException e) {
            return switch (s) {
                case MIN_TIME_FORMATTED -> MIN_TIME;
                case MAX_TIME_FORMATTED -> MAX_TIME;
                default -> throw e;
            };
        }
    }

    /** Go: {@code s, ns := math.Modf(f); ns = math.Round(ns*1000)/1000; time.Unix(int64(s), int64(ns*1e9))}, then to ms. */
    static long floatSecondsToMillis(double f) {
        double whole = Double.isInfinite(f) ? f : (f < 0 ? Math.ceil(f) : Math.floor(f));
        double frac = Double.isInfinite(f) ? Double.NaN : f - whole;
        frac = goRound(frac * 1000) / 1000;
        long sec = goInt64(whole);
        long nsec = goInt64(frac * 1e9);
        if (nsec < 0 || nsec >= 1_000_000_000L) {
            long n = nsec / 1_000_000_000L;
            sec += n;
            nsec -= n * 1_000_000_000L;
            if (nsec < 0) {
                nsec += 1_000_000_000L;
                sec--;
            }
        }
        return sec * 1000 + nsec / 1_000_000L;
    }

    private static long millis(Instant t) {
        return t.getEpochSecond() * 1000 + t.getNano() / 1_000_000;
    }

    /** Go's {@code math.Round}: half away from zero. */
    private static double goRound(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        double t = x < 0 ? Math.ceil(x) : Math.floor(x);
        if (Math.abs(x - t) >= 0.5) {
            t += Math.signum(x);
        }
        return t;
    }

    /** Go's float64 to int64 conversion on amd64: NaN and out-of-range values become MinInt64. */
    private static long goInt64(double x) {
        if (Double.isNaN(x) || x >= 0x1p63 || x < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) x;
    }

    /**
     * A duration ({@code step}, {@code timeout}) as Prometheus's API parses it, in nanoseconds:
     * float seconds (truncated to the nanosecond; NaN and the exact 2^63 wrap to the smallest
     * int64 as Go's conversion does on amd64) or a Prometheus duration such as {@code 1h30m}.
     *
     * @throws IllegalArgumentException with Prometheus's message ({@code cannot parse "x" to a
     *         valid duration}, {@code ... It overflows int64})
     */
    public static long parseDurationNanos(String s) {
        double f;
        try {
            f = GoText.parseFloat(s);
        } catch (NumberFormatException e) {
            return parsePromDurationNanos(s);
        }
        double ns = f * 1e9;
        if (ns > 0x1p63 || ns < -0x1p63) {
            throw new IllegalArgumentException("cannot parse " + GoQuote.quote(s)
                    + " to a valid duration. It overflows int64");
        }
        return goInt64(ns);
    }

    private static long parsePromDurationNanos(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7f) { // model.ParseDuration's [0-9] and unit letters are ASCII
                throw cannotParseDuration(s);
            }
        }
        try {
            return Math.multiplyExact(GoDurations.parseDurationMillis(s), 1_000_000L);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw cannotParseDuration(s);
        }
    }

    private static IllegalArgumentException cannotParseDuration(String s) {
        return new IllegalArgumentException("cannot parse " + GoQuote.quote(s) + " to a valid duration");
    }

    /** Whether {@code name} is a valid label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}). */
    public static boolean isLabelName(String name) {
        return LABEL_NAME.matcher(name).matches();
    }

    /**
     * Parses every selector, in order.
     *
     * @throws ApiException {@code unavailable} when no parser is registered
     * @throws QueryException the first parse error
     */
    public static List<List<LabelMatcher>> parseSelectors(SelectorParser parser, List<String> selectors)
            throws ApiException, QueryException {
        List<List<LabelMatcher>> sets = new ArrayList<>(selectors.size());
        for (String s : selectors) {
            sets.add(parser(parser).parseSelector(s));
        }
        return sets;
    }

    /** The parser, or the {@code unavailable} error that stands for its absence. */
    public static SelectorParser parser(SelectorParser parser) throws ApiException {
        if (parser == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "selector parser not available");
        }
        return parser;
    }

    /**
     * Prometheus's check on the selectors of /series, /labels and /label/.../values: each must
     * have a matcher that does not match the empty string.
     *
     * @return the error message, or {@code null} when every set qualifies
     */
    public static String checkNonEmpty(List<List<LabelMatcher>> sets) {
        for (List<LabelMatcher> set : sets) {
            boolean ok = false;
            for (LabelMatcher m : set) {
                if (!matchesEmpty(m)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return "match[] must contain at least one non-empty matcher";
            }
        }
        return null;
    }

    /** Whether the matcher matches the empty string (a series without the label). */
    static boolean matchesEmpty(LabelMatcher m) {
        return switch (m.type()) {
            case EQUAL -> m.value().isEmpty();
            case NOT_EQUAL -> !m.value().isEmpty();
            case REGEX -> regexMatchesEmpty(m.value());
            case NOT_REGEX -> !regexMatchesEmpty(m.value());
        };
    }

    private static boolean regexMatchesEmpty(String re) {
        try {
            // RE2's named groups (?P<n>...) are (?<n>...) in Java; the rest that selectors use agrees.
            return Pattern.compile(re.replace("(?P<", "(?<")).matcher("").matches();
        } catch (PatternSyntaxException e) {
            return false; // the selector parser accepted it; assume it needs characters
        }
    }
}

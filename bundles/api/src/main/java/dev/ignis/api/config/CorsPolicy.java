package dev.ignis.api.config;

import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prometheus's CORS rule for the HTTP API, from {@code --web.cors.origin} (an anchored regex,
 * {@code .*} when empty): the headers an API response carries for a request's {@code Origin}.
 * Free of servlet types so that every bundle serving {@code /api/v1} routes applies one rule.
 */
public final class CorsPolicy {
    private static final String ANY_ORIGIN = ".*";

    private final boolean any;
    private final Pattern origin;
    private final String invalidReason;

    private CorsPolicy(boolean any, Pattern origin, String invalidReason) {
        this.any = any;
        this.origin = origin;
        this.invalidReason = invalidReason;
    }

    /** The policy of a {@code --web.cors.origin} value; a value that is not a regex allows no origin. */
    public static CorsPolicy of(String flag) {
        String regex = flag == null || flag.isEmpty() ? ANY_ORIGIN : flag;
        if (regex.equals(ANY_ORIGIN)) {
            return new CorsPolicy(true, null, null);
        }
        try {
            return new CorsPolicy(false, Pattern.compile("^(?:" + regex + ")$"), null);
        } catch (PatternSyntaxException e) {
            return new CorsPolicy(false, null, e.getDescription());
        }
    }

    /** Why the flag is not a valid regex, or null when it is. */
    public String invalidReason() {
        return invalidReason;
    }

    /**
     * Sets the CORS headers for a request from {@code requestOrigin} (nothing when the request
     * has no {@code Origin}); {@code Access-Control-Allow-Origin} only when the origin is allowed.
     */
    public void apply(String requestOrigin, BiConsumer<String, String> setHeader) {
        if (requestOrigin == null || requestOrigin.isEmpty()) {
            return;
        }
        setHeader.accept("Access-Control-Allow-Headers", "Accept, Authorization, Content-Type, Origin");
        setHeader.accept("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        setHeader.accept("Access-Control-Expose-Headers", "Date");
        setHeader.accept("Vary", "Origin");
        if (any) {
            setHeader.accept("Access-Control-Allow-Origin", "*");
        } else if (origin != null && origin.matcher(requestOrigin).matches()) {
            setHeader.accept("Access-Control-Allow-Origin", requestOrigin);
        }
    }
}

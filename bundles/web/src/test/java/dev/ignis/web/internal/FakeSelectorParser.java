package dev.ignis.web.internal;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the simple selectors the web tests use ({@code up}, {@code up{job="a"}},
 * {@code {__name__=~"a.*",x!=""}}; no escapes inside values). Anything else fails with
 * Prometheus's message for an unclosed brace, or a generic parse error.
 */
public final class FakeSelectorParser implements SelectorParser {
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?(?:\\{(.*)\\})?");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"\\s*");

    @Override
    public List<LabelMatcher> parseSelector(String selector) throws QueryException {
        Matcher m = SELECTOR.matcher(selector);
        if (selector.isEmpty() || !m.matches()) {
            if (selector.indexOf('{') >= 0 && selector.indexOf('}') < 0) {
                throw new QueryException(ErrorType.BAD_DATA,
                        "1:" + (selector.length() + 1) + ": parse error: unexpected end of input inside braces");
            }
            throw new QueryException(ErrorType.BAD_DATA, "1:1: parse error: unexpected character in " + selector);
        }
        List<LabelMatcher> out = new ArrayList<>();
        if (m.group(1) != null) {
            out.add(LabelMatcher.equal("__name__", m.group(1)));
        }
        String body = m.group(2);
        if (body != null && !body.isBlank()) {
            for (String part : body.split(",")) {
                Matcher lm = MATCHER.matcher(part);
                if (!lm.matches()) {
                    throw new QueryException(ErrorType.BAD_DATA, "1:1: parse error: bad matcher " + part);
                }
                LabelMatcher.Type type = switch (lm.group(2)) {
                    case "=" -> LabelMatcher.Type.EQUAL;
                    case "!=" -> LabelMatcher.Type.NOT_EQUAL;
                    case "=~" -> LabelMatcher.Type.REGEX;
                    default -> LabelMatcher.Type.NOT_REGEX;
                };
                out.add(new LabelMatcher(type, lm.group(1), lm.group(3)));
            }
        }
        return out;
    }

    /** A bare selector's matchers; none for a number or a call without arguments. */
    @Override
    public List<List<LabelMatcher>> extractSelectors(String expr) throws QueryException {
        if (expr.matches("[a-z_]+\\(\\)|[0-9.+ ]+")) {
            return List.of();
        }
        return List.of(parseSelector(expr));
    }
}

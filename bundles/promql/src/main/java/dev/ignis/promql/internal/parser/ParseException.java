package dev.ignis.promql.internal.parser;

import dev.ignis.promql.internal.ast.PosRange;
import java.nio.charset.StandardCharsets;

/**
 * A PromQL syntax or type error. {@link #getMessage()} is Prometheus's text,
 * {@code <line>:<column>: parse error: <reason>}, where the column counts UTF-8 bytes from 1
 * as Prometheus does.
 */
public final class ParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient PosRange pos;
    private final String reason;

    /**
     * @param query the whole query text
     * @param pos the offending range, in code points; only its start is reported
     * @param reason the error without position
     */
    public ParseException(String query, PosRange pos, String reason) {
        super(format(query, pos.start(), reason), null, false, false);
        this.pos = pos;
        this.reason = reason;
    }

    /** The offending range, in code points. */
    public PosRange pos() {
        return pos;
    }

    /** The error without the position prefix. */
    public String reason() {
        return reason;
    }

    private static String format(String query, int codePointPos, String reason) {
        int cps = query.codePointCount(0, query.length());
        int charPos = query.offsetByCodePoints(0, Math.min(codePointPos, cps));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < charPos; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int col = query.substring(lineStart, charPos).getBytes(StandardCharsets.UTF_8).length + 1;
        return line + ":" + col + ": parse error: " + reason;
    }
}

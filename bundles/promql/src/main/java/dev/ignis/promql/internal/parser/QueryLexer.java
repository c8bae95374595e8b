package dev.ignis.promql.internal.parser;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * The generated lexer plus what a grammar cannot express: parenthesis balance, escape
 * validation, and Prometheus's lexer messages. Every lexical error becomes one
 * {@link ErrorToken}; since no parser rule accepts it, parsing stops there with its message,
 * which is how Prometheus's lazy lexer orders lexical and syntax errors.
 */
final class QueryLexer extends PromQLLexer {

    /** A token standing for a lexical error. */
    static final class ErrorToken extends CommonToken {
        private static final long serialVersionUID = 1L;
        final String message;

        ErrorToken(Token original, String message) {
            super(original);
            setType(ERROR);
            this.message = message;
        }

        /** An error reported where Prometheus's lexer stood: after the token. */
        static ErrorToken after(Token original, String message) {
            ErrorToken t = new ErrorToken(original, message);
            t.setStartIndex(original.getStopIndex() + 1);
            return t;
        }
    }

    private int parenDepth;
    private int colonsInBracket;
    private int previousType = Token.INVALID_TYPE;
    private boolean eofReported;

    QueryLexer(CharStream input) {
        super(input);
        removeErrorListeners();
    }

    @Override
    public Token nextToken() {
        Token t = super.nextToken();
        Token result = check(t);
        previousType = t.getType();
        return result;
    }

    private Token check(Token t) {
        if (previousType == LEFT_BRACKET) {
            // Right after '[' Prometheus's lexer reads a duration and nothing else.
            switch (t.getType()) {
                case DURATION -> {
                }
                case BRACKET_CHAR_ERROR -> t = afterBracketError(t);
                case BAD_DURATION_ERROR -> t = new ErrorToken(t, "bad duration syntax: \""
                        + NumberScan.consumed(t.getText()) + "\"");
                default -> t = new ErrorToken(t, "missing unit character in duration");
            }
            if (t instanceof ErrorToken) {
                return t;
            }
        } else if (t.getType() == BRACKET_CHAR_ERROR && Character.isLetter(t.getText().charAt(0))) {
            // Prometheus 2.42's lexer reads a letter after the range as the subquery colon.
            if (++colonsInBracket > 1) {
                return new ErrorToken(t, "unexpected colon " + Strings.quoteRune(t.getText().codePointAt(0)));
            }
            ((CommonToken) t).setType(COLON);
            return t;
        } else if (_mode == BRACKETS && t.getType() == MISSING_UNIT_ERROR) {
            // Elsewhere in brackets a number is a token the parser will complain about.
            ((CommonToken) t).setType(NUMBER);
            return t;
        }
        switch (t.getType()) {
            case LEFT_PAREN -> {
                parenDepth++;
                if (previousType == GROUP_LEFT || previousType == GROUP_RIGHT) {
                    ((CommonToken) t).setType(GROUP_LEFT_PAREN);
                }
            }
            case RIGHT_PAREN -> {
                if (parenDepth == 0) {
                    return ErrorToken.after(t, "unexpected right parenthesis ')'");
                }
                parenDepth--;
            }
            case LEFT_BRACKET -> colonsInBracket = 0;
            case COLON -> {
                if (_mode == BRACKETS && ++colonsInBracket > 1) {
                    return new ErrorToken(t, "unexpected colon ':'");
                }
            }
            case STRING -> {
                try {
                    Strings.unquote(t.getText());
                } catch (Strings.BadEscape e) {
                    return new ErrorToken(t, e.getMessage());
                }
            }
            case Token.EOF -> {
                return eofReported ? t : unclosed(t);
            }
            default -> {
                String message = errorMessage(t);
                if (message != null) {
                    return new ErrorToken(t, message);
                }
            }
        }
        return t;
    }

    /** A character right after '[' that no duration starts with. */
    private Token afterBracketError(Token t) {
        int c = t.getText().codePointAt(0);
        if (!Character.isLetter(c)) {
            return new ErrorToken(t, "missing unit character in duration");
        }
        String text = t.getText() + ahead(24);
        String duration = NumberScan.unitsOnlyDuration(text);
        if (duration != null) {
            ErrorToken e = new ErrorToken(t, "not a valid duration string: \"" + duration + "\"");
            return e;
        }
        return new ErrorToken(t, "bad duration syntax: \"" + NumberScan.unitsConsumed(text) + "\"");
    }

    /** Up to n characters after the current token. */
    private String ahead(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 1; i <= n && _input.LA(i) != CharStream.EOF; i++) {
            sb.appendCodePoint(_input.LA(i));
        }
        return sb.toString();
    }

    private Token unclosed(Token eof) {
        String message = null;
        if (_mode == BRACES) {
            message = "unexpected end of input inside braces";
        } else if (parenDepth > 0) {
            message = "unclosed left parenthesis";
        } else if (_mode == BRACKETS) {
            message = "unclosed left bracket";
        }
        if (message == null) {
            return eof;
        }
        // The generated lexer keeps answering EOF, so the stream still gets its EOF after this.
        eofReported = true;
        return new ErrorToken(eof, message);
    }

    private String errorMessage(Token t) {
        String text = t.getText();
        return switch (t.getType()) {
            case CHAR_ERROR, STRAY_RIGHT_BRACE_ERROR ->
                    "unexpected character: " + Strings.quoteRune(text.codePointAt(0));
            case STRAY_RIGHT_BRACKET_ERROR -> "unexpected right bracket ']'";
            case BANG_ERROR -> {
                int next = _input.LA(1);
                yield "unexpected character after '!': "
                        + Strings.quoteRune(next == CharStream.EOF ? 0xFFFD : next);
            }
            case BAD_NUMBER_ERROR, BAD_DURATION_ERROR ->
                    "bad number or duration syntax: \"" + NumberScan.consumed(text) + "\"";
            case EQL_TILDE_ERROR -> "unexpected character after '=': '~'";
            case UNTERMINATED_STRING -> t.getText().startsWith("`") ? "unterminated raw string"
                    : _input.LA(1) == '\\' && _input.LA(2) == CharStream.EOF
                    ? "escape sequence not terminated" : "unterminated quoted string";
            case BRACE_LEFT_BRACE_ERROR -> "unexpected left brace '{'";
            case BRACKET_LEFT_BRACKET_ERROR -> "unexpected left bracket '['";
            case BRACE_BANG_ERROR -> {
                int next = _input.LA(1);
                yield "unexpected character after '!' inside braces: "
                        + Strings.quoteRune(next == CharStream.EOF ? 0xFFFD : next);
            }
            case BRACE_CHAR_ERROR ->
                    "unexpected character inside braces: " + Strings.quoteRune(text.codePointAt(0));
            case BRACKET_CHAR_ERROR -> "unexpected character: " + Strings.quoteRune(text.codePointAt(0));
            default -> null;
        };
    }
}

package dev.ignis.promql.internal.parser;

import static dev.ignis.promql.internal.parser.PromQLParser.*;

import dev.ignis.api.config.GoQuote;
import dev.ignis.promql.internal.ast.PosRange;
import java.util.Locale;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * Turns the first syntax error into a {@link ParseException} worded as Prometheus words it:
 * {@code unexpected <token>[ in <context>][, expected <what>]}. There is no recovery: like
 * Prometheus, only the first error is reported.
 */
final class SyntaxErrors extends DefaultErrorStrategy {

    private final String query;
    private ParserRuleContext failedIn;
    private Token offendingToken;

    SyntaxErrors(String query) {
        this.query = query;
    }

    /** The innermost rule being parsed when the error was found, or null. */
    ParserRuleContext failedIn() {
        return failedIn;
    }

    /** The token the error was found at, or null. */
    Token offendingToken() {
        return offendingToken;
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        throw toParseException(recognizer, e.getOffendingToken());
    }

    @Override
    public Token recoverInline(Parser recognizer) {
        throw toParseException(recognizer, new InputMismatchException(recognizer).getOffendingToken());
    }

    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        throw toParseException(recognizer, e.getOffendingToken());
    }

    @Override
    public void sync(Parser recognizer) {
        // Errors surface when a token is matched or an alternative predicted.
    }

    private ParseException toParseException(Parser parser, Token offending) {
        failedIn = parser.getContext();
        offendingToken = offending;
        PosRange pos = new PosRange(offending.getStartIndex(), offending.getStopIndex() + 1);
        if (offending instanceof QueryLexer.ErrorToken err) {
            return new ParseException(query, pos, err.message);
        }
        TokenStream tokens = parser.getInputStream();
        int prev = offset(tokens, offending, 1);
        if (prev == COMMA && inCallArguments(parser.getContext())) {
            // Prometheus's grammar takes "f(a," followed by anything but an expression as a
            // trailing comma, and reports that first.
            Token comma = tokens.get(offending.getTokenIndex() - 1);
            return new ParseException(query, new PosRange(comma.getStartIndex(), comma.getStopIndex() + 1),
                    "trailing commas not allowed in function call args");
        }
        String context = context(parser.getContext(), prev, tokens, offending);
        return new ParseException(query, pos, "unexpected " + describe(offending) + context);
    }

    private static String context(ParserRuleContext ctx, int prev, TokenStream tokens, Token offending) {
        if (ctx instanceof LabelMatcherContext) {
            return prev == IDENTIFIER ? " in label matching, expected label matching operator"
                    : " in label matching, expected string";
        }
        if (ctx instanceof LabelMatchersContext) {
            return prev == STRING ? " in label matching, expected \",\" or \"}\""
                    : " in label matching, expected identifier or \"}\"";
        }
        if (ctx instanceof GroupingContext || ctx instanceof BinModifiersContext
                && (prev == ON || prev == IGNORING)) {
            return " in grouping opts, expected \"(\"";
        }
        if (ctx instanceof GroupLabelsContext) {
            return prev == GROUP_LEFT_PAREN || prev == COMMA ? " in grouping opts, expected label"
                    : " in grouping opts, expected \",\" or \")\"";
        }
        if (ctx instanceof LabelListContext && ctx.getStart() == offending) {
            return " in grouping opts, expected \"(\"";
        }
        if (ctx instanceof LabelListContext) {
            return prev == LEFT_PAREN || prev == COMMA ? " in grouping opts, expected label"
                    : " in grouping opts, expected \",\" or \")\"";
        }
        if (ctx instanceof OffsetContext) {
            return " in offset, expected duration";
        }
        if (ctx instanceof AtContext || ctx instanceof AtNumberContext) {
            return " in @, expected timestamp";
        }

        // In brackets, the tokens before the offending one tell what was expected.
        if (inBrackets(prev, tokens, offending)) {
            return bracketContext(prev, tokens, offending);
        }
        // Anywhere else inside an aggregation's arguments, or after its grouping, Prometheus
        // only says where it was.
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (c instanceof CallBodyContext && c.getParent() instanceof AggregateContext) {
                return " in aggregation";
            }
        }
        return "";
    }

    private static boolean inCallArguments(ParserRuleContext ctx) {
        return ctx instanceof CallBodyContext
                || ctx instanceof ExprContext && ctx.getParent() instanceof CallBodyContext;
    }

    private static boolean inBrackets(int prev, TokenStream tokens, Token offending) {
        return prev == COLON || prev == DURATION && (offset(tokens, offending, 2) == COLON
                || offset(tokens, offending, 2) == LEFT_BRACKET);
    }

    private static String bracketContext(int prev, TokenStream tokens, Token offending) {
        if (prev == COLON) {
            return " in subquery selector, expected duration or \"]\"";
        }
        if (prev == DURATION && offset(tokens, offending, 2) == COLON) {
            return " in subquery selector, expected \"]\"";
        }
        if (prev == DURATION && offset(tokens, offending, 2) == LEFT_BRACKET) {
            return " in subquery or range, expected \":\" or \"]\"";
        }
        return "";
    }

    /** The type of the token {@code back} places before {@code t}. */
    private static int offset(TokenStream tokens, Token t, int back) {
        int i = t.getTokenIndex() - back;
        return i >= 0 ? tokens.get(i).getType() : Token.INVALID_TYPE;
    }

    /** A token as Prometheus names it in messages. */
    static String describe(Token t) {
        String text = t.getText();
        return switch (t.getType()) {
            case Token.EOF -> "end of input";
            case IDENTIFIER -> "identifier " + goQuote(text);
            case METRIC_IDENTIFIER -> "metric identifier " + goQuote(text);
            case NUMBER -> "number " + goQuote(text);
            case DURATION -> "duration " + goQuote(text);
            case STRING -> "string " + truncatedQuote(text);
            case BOOL, BY, GROUP_LEFT, GROUP_RIGHT, IGNORING, OFFSET, ON, WITHOUT -> "<" + text + ">";
            case AVG, BOTTOMK, COUNT, COUNT_VALUES, GROUP, MAX, MIN, QUANTILE, STDDEV, STDVAR,
                    SUM, TOPK -> "<aggr:" + text + ">";
            // Prometheus 2.42 lacks a name for '@' and prints its token number (57385) instead.
            case AT -> "\"<Item 57385>\" <op:@>";
            case ADD, DIV, EQLC, EQL_REGEX, GTE, GTR, LAND, LOR, LSS, LTE, LUNLESS, MOD, MUL, NEQ,
                    NEQ_REGEX, POW, SUB, ATAN2 -> "<op:" + text + ">";
            default -> goQuote(text);
        };
    }

    private static String goQuote(String s) {
        return GoQuote.quote(s);
    }

    /** Go's {@code %.10q...}: the first ten characters quoted, then an ellipsis. */
    private static String truncatedQuote(String s) {
        if (s.codePointCount(0, s.length()) <= 10) {
            return goQuote(s);
        }
        return goQuote(s.substring(0, s.offsetByCodePoints(0, 10))) + "...";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

package dev.ignis.promql.internal.parser;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.PosRange;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/** Entry point: PromQL text to a type-checked syntax tree. Thread-safe. */
public final class PromQL {

    private PromQL() {
    }

    /**
     * Parses and type-checks a query.
     *
     * @throws ParseException with Prometheus's message and position for the first error
     */
    public static Expr parse(String query) {
        QueryLexer lexer = new QueryLexer(CharStreams.fromString(query));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        if (tokens.LT(1).getType() == Token.EOF) {
            throw new ParseException(query, PosRange.NONE, "no expression found in input");
        }
        PromQLParser parser = new PromQLParser(tokens);
        parser.removeErrorListeners();
        SyntaxErrors errors = new SyntaxErrors(query);
        parser.setErrorHandler(errors);
        AstBuilder builder = new AstBuilder(query);
        PromQLParser.QueryContext tree;
        try {
            tree = parser.query();
        } catch (ParseException syntaxError) {
            ParseException earlier = builder.firstErrorBefore(errors.failedIn(),
                    errors.offendingToken() instanceof QueryLexer.ErrorToken lexical
                            ? lexical.getTokenIndex() : -1);
            throw earlier != null ? earlier : syntaxError;
        }
        Expr expr = builder.build(tree.expr());
        return new TypeChecker(query).check(expr);
    }

    /**
     * Parses a bare series selector, as the match[] parameters of the HTTP API take it:
     * a metric name and/or braces, nothing after. Not type-checked, so {@code {}} yields no
     * matchers (the API reports that itself).
     *
     * @throws ParseException with Prometheus's message for the first token that does not fit
     */
    public static List<LabelMatcher> parseSelector(String input) {
        QueryLexer lexer = new QueryLexer(CharStreams.fromString(input));
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        PromQLParser parser = new PromQLParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new SyntaxErrors(input));
        PromQLParser.VectorSelectorContext selector = parser.vectorSelector();
        Token next = tokens.LT(1);
        if (next.getType() != Token.EOF) {
            throw new ParseException(input, new PosRange(next.getStartIndex(), next.getStopIndex() + 1),
                    "unexpected " + SyntaxErrors.describe(next));
        }
        return new AstBuilder(input).selector(selector).matchers();
    }
}

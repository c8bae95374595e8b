package dev.ignis.promql.internal.parser;

import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.PosRange;
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
}

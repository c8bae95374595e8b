package dev.ignis.promql.internal;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import dev.ignis.promql.internal.ast.VectorSelector;
import dev.ignis.promql.internal.parser.ParseException;
import dev.ignis.promql.internal.parser.PromQL;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/** The {@link SelectorParser} service: PromQL's series-selector syntax for match[] parameters. */
@Component(service = SelectorParser.class)
public final class SelectorParserComponent implements SelectorParser {

    @Override
    public List<LabelMatcher> parseSelector(String selector) throws QueryException {
        try {
            return PromQL.parseSelector(selector);
        } catch (ParseException e) {
            throw new QueryException(ErrorType.BAD_DATA, e.getMessage());
        }
    }

    @Override
    public List<List<LabelMatcher>> extractSelectors(String expr) throws QueryException {
        Expr e;
        try {
            e = PromQL.parse(expr);
        } catch (ParseException pe) {
            throw new QueryException(ErrorType.BAD_DATA, pe.getMessage());
        }
        List<List<LabelMatcher>> out = new ArrayList<>();
        collect(e, out);
        return out;
    }

    /** Vector selectors in the order Prometheus's AST walk visits them. */
    static void collect(Expr e, List<List<LabelMatcher>> out) {
        if (e instanceof VectorSelector vs) {
            out.add(vs.matchers());
        } else if (e instanceof MatrixSelector ms) {
            collect(ms.selector(), out);
        } else if (e instanceof SubqueryExpr sq) {
            collect(sq.expr(), out);
        } else if (e instanceof ParenExpr p) {
            collect(p.expr(), out);
        } else if (e instanceof UnaryExpr u) {
            collect(u.expr(), out);
        } else if (e instanceof BinaryExpr b) {
            collect(b.lhs(), out);
            collect(b.rhs(), out);
        } else if (e instanceof AggregateExpr a) {
            if (a.param() != null) {
                collect(a.param(), out);
            }
            collect(a.expr(), out);
        } else if (e instanceof Call c) {
            for (Expr arg : c.args()) {
                collect(arg, out);
            }
        }
        // Number and string literals select nothing.
    }
}

package dev.ignis.promql.internal.parser;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.Function;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.NumberLiteral;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.PosRange;
import dev.ignis.promql.internal.ast.StringLiteral;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import dev.ignis.promql.internal.ast.ValueType;
import dev.ignis.promql.internal.ast.VectorMatching;
import dev.ignis.promql.internal.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * The type check Prometheus runs after a successful parse: operand and argument types,
 * argument counts, {@code bool} and set-operator rules, non-empty selectors. It also settles
 * vector matching the way Prometheus does (set operators match many-to-many; matching is
 * dropped unless both sides are instant vectors), so it returns the final tree.
 */
final class TypeChecker {

    private final String query;

    TypeChecker(String query) {
        this.query = query;
    }

    private ParseException error(PosRange pos, String reason) {
        return new ParseException(query, pos, reason);
    }

    Expr check(Expr e) {
        if (e instanceof NumberLiteral || e instanceof StringLiteral) {
            return e;
        } else if (e instanceof VectorSelector vs) {
            return checkSelector(vs);
        } else if (e instanceof MatrixSelector m) {
            checkSelector(m.selector());
            return m;
        } else if (e instanceof ParenExpr p) {
            return new ParenExpr(check(p.expr()), p.pos());
        } else if (e instanceof UnaryExpr u) {
            Expr inner = check(u.expr());
            if (inner.type() != ValueType.SCALAR && inner.type() != ValueType.VECTOR) {
                throw error(u.pos(), "unary expression only allowed on expressions of type"
                        + " scalar or instant vector, got \"" + inner.type().documentedName() + "\"");
            }
            return new UnaryExpr(u.negate(), inner, u.pos());
        } else if (e instanceof SubqueryExpr s) {
            Expr inner = check(s.expr());
            if (inner.type() != ValueType.VECTOR) {
                throw error(s.pos(), "subquery is only allowed on instant vector, got "
                        + inner.type().internalName() + " instead");
            }
            return new SubqueryExpr(inner, s.rangeMs(), s.stepMs(), s.offsetMs(), s.at(), s.pos());
        } else if (e instanceof AggregateExpr a) {
            Expr inner = expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
            Expr param = a.param() == null ? null
                    : expectType(a.param(), a.op().paramType(), "aggregation parameter");
            return new AggregateExpr(a.op(), inner, param, a.grouping(), a.without(), a.pos());
        } else if (e instanceof Call c) {
            return checkCall(c);
        } else if (e instanceof BinaryExpr b) {
            return checkBinary(b);
        }
        throw new IllegalStateException("BUG: unknown node " + e.getClass().getSimpleName());
    }

    private Expr expectType(Expr e, ValueType want, String context) {
        Expr checked = check(e);
        if (checked.type() != want) {
            throw error(e.pos(), "expected type " + want.documentedName() + " in " + context
                    + ", got " + checked.type().documentedName());
        }
        return checked;
    }

    private VectorSelector checkSelector(VectorSelector vs) {
        List<LabelMatcher> ms = vs.matchers();
        if (!vs.name().isEmpty()) {
            for (int i = 0; i < ms.size() - 1; i++) {
                if (ms.get(i).name().equals(dev.ignis.api.labels.Labels.METRIC_NAME)) {
                    throw error(vs.pos(), "metric name must not be set twice: \"" + vs.name()
                            + "\" or \"" + ms.get(i).value() + "\"");
                }
            }
            return vs;
        }
        for (LabelMatcher m : ms) {
            if (!matchesEmpty(m)) {
                return vs;
            }
        }
        throw error(vs.pos(), "vector selector must contain at least one non-empty matcher");
    }

    private static boolean matchesEmpty(LabelMatcher m) {
        return switch (m.type()) {
            case EQUAL -> m.value().isEmpty();
            case NOT_EQUAL -> !m.value().isEmpty();
            case REGEX -> Regexes.compile(m.value()).matcher("").matches();
            case NOT_REGEX -> !Regexes.compile(m.value()).matcher("").matches();
        };
    }

    private Expr checkCall(Call c) {
        Function f = c.func();
        int n = c.args().size();
        String name = "\"" + f.name() + "\"";
        if (f.variadic() == 0) {
            if (n != f.argTypes().size()) {
                throw error(c.pos(), "expected " + f.argTypes().size() + " argument(s) in call to "
                        + name + ", got " + n);
            }
        } else if (n < f.minArgs()) {
            throw error(c.pos(), "expected at least " + f.minArgs() + " argument(s) in call to "
                    + name + ", got " + n);
        } else if (n > f.maxArgs()) {
            throw error(c.pos(), "expected at most " + f.maxArgs() + " argument(s) in call to "
                    + name + ", got " + n);
        }
        List<Expr> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int typeIndex = Math.min(i, f.argTypes().size() - 1);
            args.add(expectType(c.args().get(i), f.argTypes().get(typeIndex),
                    "call to function " + name));
        }
        return new Call(f, args, c.pos());
    }

    /** Checks a binary expression; left-nested chains are walked with a loop, not recursion. */
    private Expr checkBinary(BinaryExpr top) {
        List<BinaryExpr> chain = new ArrayList<>();
        Expr inner = top;
        while (inner instanceof BinaryExpr b) {
            chain.add(b);
            inner = b.lhs();
        }
        Expr lhs = check(inner);
        // The type of the left side is carried along, so that the chain is not re-walked.
        ValueType lt = lhs.type();
        for (int i = chain.size() - 1; i >= 0; i--) {
            BinaryExpr checked = checkBinary(chain.get(i), lhs, lt);
            lt = lt == ValueType.SCALAR && checked.rhs().type() == ValueType.SCALAR
                    ? ValueType.SCALAR : ValueType.VECTOR;
            lhs = checked;
        }
        return lhs;
    }

    private BinaryExpr checkBinary(BinaryExpr b, Expr lhs, ValueType lt) {
        Expr rhs = check(b.rhs());
        ValueType rt = rhs.type();
        VectorMatching vm = b.matching();
        if (b.returnBool() && !b.op().isComparison()) {
            throw error(operatorPos(b), "bool modifier can only be used on comparison operators");
        }
        if (b.op().isComparison() && !b.returnBool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            throw error(operatorPos(b), "comparisons between scalars must use BOOL modifier");
        }
        if (b.op().isSetOperator() && vm.card() == VectorMatching.Cardinality.ONE_TO_ONE) {
            vm = vm.withCard(VectorMatching.Cardinality.MANY_TO_MANY);
        }
        if (vm.on()) {
            for (String l : vm.matchingLabels()) {
                if (vm.include().contains(l)) {
                    throw error(operatorPos(b), "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            throw error(lhs.pos(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            throw error(rhs.pos(), "binary expression must contain only scalar and instant vector types");
        }
        if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
            if (!vm.matchingLabels().isEmpty()) {
                throw error(b.pos(), "vector matching only allowed between instant vectors");
            }
            vm = null;
        } else if (b.op().isSetOperator()) {
            if (vm.card() == VectorMatching.Cardinality.ONE_TO_MANY
                    || vm.card() == VectorMatching.Cardinality.MANY_TO_ONE) {
                throw error(b.pos(), "no grouping allowed for \"" + b.op().text() + "\" operation");
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
            throw error(b.pos(), "set operator \"" + b.op().text() + "\" not allowed in binary scalar expression");
        }
        return new BinaryExpr(b.op(), lhs, rhs, vm, b.returnBool(), b.pos());
    }

    /** Where the operator starts: the first non-blank after the left operand. */
    private PosRange operatorPos(BinaryExpr b) {
        int cp = b.lhs().pos().end();
        int i = query.offsetByCodePoints(0, cp);
        while (i < query.length() && " \t\n\r".indexOf(query.charAt(i)) >= 0) {
            i++;
            cp++;
        }
        return new PosRange(cp, cp + 1);
    }
}

package dev.ignis.promql.internal.ast;

import dev.ignis.api.config.GoQuote;
import java.util.stream.Collectors;

/**
 * A fully parenthesised, position-free rendering of a tree, for tests: two trees are equal
 * (positions aside, and the order of a selector's matchers, which is a conjunction) exactly
 * when their dumps are equal.
 *
 * <pre>
 * (+ 1 (* -2 1))                          binary: operator, modifiers, operands
 * (- x)                                   unary
 * (paren x)                               parentheses
 * (sel foo [__name__="foo",a="b"] offset=5m @=start())
 * (matrix (sel ...) 5m)                   range selector
 * (subquery x 1h:5m offset=1m)            subquery
 * (sum by(a) x)  (topk 5 x)               aggregation
 * (call rate (matrix ...))                function call
 * </pre>
 */
public final class AstDump {

    private AstDump() {
    }

    public static String dump(Expr e) {
        if (e instanceof NumberLiteral n) {
            return Printing.formatNumber(n.value());
        } else if (e instanceof StringLiteral s) {
            return GoQuote.quote(s.value());
        } else if (e instanceof VectorSelector vs) {
            String matchers = vs.matchers().stream()
                    .map(m -> m.name() + m.type().op() + GoQuote.quote(m.value()))
                    .sorted()
                    .collect(Collectors.joining(","));
            return "(sel " + (vs.name().isEmpty() ? "" : vs.name() + " ") + "[" + matchers + "]"
                    + modifiers(vs.offsetMs(), vs.at()) + ")";
        } else if (e instanceof MatrixSelector m) {
            return "(matrix " + dump(m.selector()) + " " + Durations.format(m.rangeMs()) + ")";
        } else if (e instanceof SubqueryExpr s) {
            return "(subquery " + dump(s.expr()) + " " + Durations.format(s.rangeMs()) + ":"
                    + (s.stepMs() == 0 ? "" : Durations.format(s.stepMs()))
                    + modifiers(s.offsetMs(), s.at()) + ")";
        } else if (e instanceof ParenExpr p) {
            return "(paren " + dump(p.expr()) + ")";
        } else if (e instanceof UnaryExpr u) {
            return "(" + (u.negate() ? "-" : "+") + " " + dump(u.expr()) + ")";
        } else if (e instanceof BinaryExpr b) {
            StringBuilder sb = new StringBuilder("(").append(b.op().text());
            if (b.returnBool()) {
                sb.append(" bool");
            }
            VectorMatching vm = b.matching();
            if (vm != null) {
                if (vm.on() || !vm.matchingLabels().isEmpty()) {
                    sb.append(vm.on() ? " on(" : " ignoring(")
                            .append(String.join(",", vm.matchingLabels())).append(')');
                }
                switch (vm.card()) {
                    case MANY_TO_ONE -> sb.append(" group_left(").append(String.join(",", vm.include())).append(')');
                    case ONE_TO_MANY -> sb.append(" group_right(").append(String.join(",", vm.include())).append(')');
                    case MANY_TO_MANY -> sb.append(" many-to-many");
                    case ONE_TO_ONE -> sb.append(" one-to-one");
                }
            }
            return sb.append(' ').append(dump(b.lhs())).append(' ').append(dump(b.rhs())).append(')').toString();
        } else if (e instanceof AggregateExpr a) {
            StringBuilder sb = new StringBuilder("(").append(a.op().text());
            if (a.without()) {
                sb.append(" without(").append(String.join(",", a.grouping())).append(')');
            } else if (!a.grouping().isEmpty()) {
                sb.append(" by(").append(String.join(",", a.grouping())).append(')');
            }
            if (a.param() != null) {
                sb.append(' ').append(dump(a.param()));
            }
            return sb.append(' ').append(dump(a.expr())).append(')').toString();
        } else if (e instanceof Call c) {
            StringBuilder sb = new StringBuilder("(call ").append(c.func().name());
            for (Expr arg : c.args()) {
                sb.append(' ').append(dump(arg));
            }
            return sb.append(')').toString();
        }
        throw new IllegalStateException("BUG: unknown node " + e);
    }

    private static String modifiers(long offsetMs, AtModifier at) {
        String s = "";
        if (offsetMs != 0) {
            s += " offset=" + (offsetMs < 0 ? "-" + Durations.format(-offsetMs) : Durations.format(offsetMs));
        }
        if (at != null) {
            s += " @=" + (at.kind() == AtModifier.Kind.TIMESTAMP ? Long.toString(at.timestampMs())
                    : at.kind() == AtModifier.Kind.START ? "start()" : "end()");
        }
        return s;
    }

}

package dev.ignis.promql.internal.ast;

import java.nio.charset.StandardCharsets;

/**
 * Prometheus's multi-line layout of a query (what {@code /api/v1/format_query} answers): a node
 * whose one-line form exceeds 100 bytes is broken up, binary operands, aggregation and call
 * arguments and parenthesised expressions going on their own lines, indented two spaces a level.
 */
public final class Pretty {

    private static final int MAX_LINE = 100;

    private Pretty() {
    }

    public static String print(Expr e) {
        return print(e, 0);
    }

    private static String indent(int level) {
        return "  ".repeat(level);
    }

    private static boolean needsSplit(Expr e) {
        return e.toString().getBytes(StandardCharsets.UTF_8).length > MAX_LINE;
    }

    private static String print(Expr e, int level) {
        if (e instanceof SubqueryExpr s) {
            // Prometheus does not indent a subquery that fits on a line.
            return needsSplit(s) ? print(s.expr(), level) + s.toString().substring(s.expr().toString().length())
                    : s.toString();
        }
        if (e instanceof UnaryExpr u) {
            return indent(level) + (u.negate() ? "-" : "+") + print(u.expr(), level).strip();
        }
        if (!needsSplit(e)) {
            return indent(level) + e;
        }
        if (e instanceof BinaryExpr b) {
            StringBuilder op = new StringBuilder(b.op().text());
            if (b.returnBool()) {
                op.append(" bool");
            }
            if (b.matching() != null) {
                op.append(b.matching().text());
            }
            return print(b.lhs(), level + 1) + "\n" + indent(level) + op + "\n" + print(b.rhs(), level + 1);
        }
        if (e instanceof AggregateExpr a) {
            StringBuilder sb = new StringBuilder(indent(level)).append(a.op().text());
            if (a.without()) {
                sb.append(" without (").append(String.join(", ", a.grouping())).append(") ");
            } else if (!a.grouping().isEmpty()) {
                sb.append(" by (").append(String.join(", ", a.grouping())).append(") ");
            }
            sb.append("(\n");
            if (a.param() != null) {
                sb.append(print(a.param(), level + 1)).append(",\n");
            }
            return sb.append(print(a.expr(), level + 1)).append('\n').append(indent(level)).append(')').toString();
        }
        if (e instanceof Call c) {
            StringBuilder sb = new StringBuilder(indent(level)).append(c.func().name()).append("(\n");
            for (int i = 0; i < c.args().size(); i++) {
                sb.append(print(c.args().get(i), level + 1)).append(i + 1 < c.args().size() ? ",\n" : "");
            }
            return sb.append('\n').append(indent(level)).append(')').toString();
        }
        if (e instanceof ParenExpr p) {
            return indent(level) + "(\n" + print(p.expr(), level + 1) + "\n" + indent(level) + ")";
        }
        return indent(level) + e;
    }
}

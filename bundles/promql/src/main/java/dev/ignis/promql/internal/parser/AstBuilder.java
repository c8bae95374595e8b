package dev.ignis.promql.internal.parser;

import static dev.ignis.promql.internal.parser.PromQLParser.*;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.AggregateOp;
import dev.ignis.promql.internal.ast.AtModifier;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.BinaryOp;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Durations;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.Function;
import dev.ignis.promql.internal.ast.Functions;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.NumberLiteral;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.PosRange;
import dev.ignis.promql.internal.ast.StringLiteral;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import dev.ignis.promql.internal.ast.VectorMatching;
import dev.ignis.promql.internal.ast.VectorSelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Builds the syntax tree from a parse tree, raising the errors Prometheus raises while it
 * parses (as opposed to those of the later type check): bad durations and numbers, unknown
 * functions, argument counts of aggregations, and where ranges, offsets and {@code @} may go.
 */
final class AstBuilder {

    private final String query;

    AstBuilder(String query) {
        this.query = query;
    }

    private ParseException error(PosRange pos, String reason) {
        return new ParseException(query, pos, reason);
    }

    private static PosRange pos(Token t) {
        return new PosRange(t.getStartIndex(), t.getStopIndex() + 1);
    }

    private static PosRange pos(ParserRuleContext ctx) {
        return new PosRange(ctx.getStart().getStartIndex(), ctx.getStop().getStopIndex() + 1);
    }

    /**
     * After a syntax error: the first error that building the expressions completed before it
     * raises, or null. Prometheus's parser builds each expression as soon as it is complete, so
     * such an error comes first there ({@code 1[5m] foo} fails on the range, not on {@code foo}).
     *
     * @param failedIn the innermost rule being parsed at the syntax error; it and its ancestors
     *     are incomplete
     * @param lexicalError index of the offending token if it is a lexical error, else -1: an
     *     aggregation ending right before it is not complete yet for Prometheus, which must
     *     read the next token to see whether a by/without clause follows
     */
    ParseException firstErrorBefore(ParserRuleContext failedIn, int lexicalError) {
        if (failedIn == null) {
            return null;
        }
        java.util.Set<ParserRuleContext> incomplete = new java.util.HashSet<>();
        ParserRuleContext root = failedIn;
        for (ParserRuleContext c = failedIn; c != null; c = c.getParent()) {
            incomplete.add(c);
            root = c;
        }
        return firstError(root, incomplete, lexicalError);
    }

    private ParseException firstError(ParserRuleContext ctx, java.util.Set<ParserRuleContext> incomplete,
            int lexicalError) {
        if (ctx.children != null) {
            for (org.antlr.v4.runtime.tree.ParseTree child : ctx.children) {
                if (child instanceof ParserRuleContext c) {
                    ParseException e = firstError(c, incomplete, lexicalError);
                    if (e != null) {
                        return e;
                    }
                }
            }
        }
        if (ctx instanceof ExprContext e && !incomplete.contains(ctx) && ctx.exception == null
                && !(ctx instanceof AggregateContext && ctx.getStop() != null
                        && ctx.getStop().getTokenIndex() == lexicalError - 1)) {
            try {
                build(e);
            } catch (ParseException ex) {
                return ex;
            } catch (RuntimeException ignored) {
                // A part the parser never finished; Prometheus would not have built it either.
            }
        }
        return null;
    }

    Expr build(ExprContext ctx) {
        if (ctx instanceof NumberContext c) {
            return new NumberLiteral(number(c.NUMBER().getSymbol()), pos(c));
        } else if (ctx instanceof StringContext c) {
            return new StringLiteral(string(c.STRING().getSymbol()), pos(c));
        } else if (ctx instanceof SelectorContext c) {
            return selector(c.vectorSelector());
        } else if (ctx instanceof ParenContext c) {
            return new ParenExpr(build(c.expr()), pos(c));
        } else if (ctx instanceof UnaryContext c) {
            return unary(c);
        } else if (ctx instanceof BinaryContext c) {
            return binary(c);
        } else if (ctx instanceof AggregateContext c) {
            return aggregate(c);
        } else if (ctx instanceof CallContext c) {
            return call(c);
        } else if (ctx instanceof MatrixSelectorContext c) {
            return matrix(c);
        } else if (ctx instanceof SubqueryContext c) {
            return subquery(c);
        } else if (ctx instanceof OffsetContext c) {
            return offset(c);
        } else if (ctx instanceof AtContext c) {
            return at(c);
        }
        throw new IllegalStateException("BUG: unknown expression context " + ctx.getClass().getSimpleName());
    }

    private double number(Token t) {
        try {
            return Numbers.parse(t.getText());
        } catch (IllegalArgumentException e) {
            throw error(pos(t), "error parsing number: " + e.getMessage());
        }
    }

    private String string(Token t) {
        try {
            return Strings.unquote(t.getText());
        } catch (Strings.BadEscape e) {
            // The lexer has already rejected bad escapes.
            throw new IllegalStateException("BUG: unchecked string literal " + t.getText(), e);
        }
    }

    private long duration(Token t) {
        long ms;
        try {
            ms = Durations.parse(t.getText());
        } catch (IllegalArgumentException e) {
            throw error(pos(t), e.getMessage());
        }
        if (ms == 0) {
            throw error(pos(t), "duration must be greater than 0");
        }
        return ms;
    }

    VectorSelector selector(VectorSelectorContext c) {
        String name = c.metricIdentifier() == null ? "" : c.metricIdentifier().getText();
        List<LabelMatcher> matchers = new ArrayList<>();
        if (c.labelMatchers() != null) {
            for (LabelMatcherContext m : c.labelMatchers().labelMatcher()) {
                matchers.add(matcher(m));
            }
        }
        if (!name.isEmpty()) {
            matchers.add(LabelMatcher.equal(Labels.METRIC_NAME, name));
        }
        return new VectorSelector(name, matchers, 0, null, pos(c));
    }

    private LabelMatcher matcher(LabelMatcherContext m) {
        LabelMatcher.Type type = switch (m.op.getType()) {
            case EQL -> LabelMatcher.Type.EQUAL;
            case NEQ -> LabelMatcher.Type.NOT_EQUAL;
            case EQL_REGEX -> LabelMatcher.Type.REGEX;
            case NEQ_REGEX -> LabelMatcher.Type.NOT_REGEX;
            default -> throw new IllegalStateException("BUG: matcher operator " + m.op.getText());
        };
        String value = string(m.STRING().getSymbol());
        if (type == LabelMatcher.Type.REGEX || type == LabelMatcher.Type.NOT_REGEX) {
            try {
                Regexes.compile(value);
            } catch (IllegalArgumentException e) {
                throw error(pos(m), e.getMessage());
            }
        }
        return new LabelMatcher(type, m.IDENTIFIER().getText(), value);
    }

    private Expr unary(UnaryContext c) {
        Expr inner = build(c.expr());
        boolean negate = c.op.getType() == SUB;
        PosRange p = inner.pos().withStart(c.op.getStartIndex());
        if (inner instanceof NumberLiteral n) {
            return new NumberLiteral(negate ? -n.value() : n.value(), p);
        }
        return new UnaryExpr(negate, inner, p);
    }

    /**
     * Builds a binary expression. Left-nested chains ({@code a - b - c - ...}) are walked with
     * a loop rather than recursion: a query may chain thousands of operators.
     */
    private Expr binary(BinaryContext top) {
        List<BinaryContext> chain = new ArrayList<>();
        ExprContext inner = top;
        while (inner instanceof BinaryContext b) {
            chain.add(b);
            inner = b.lhs;
        }
        Expr lhs = build(inner);
        for (int i = chain.size() - 1; i >= 0; i--) {
            lhs = binary(chain.get(i), lhs);
        }
        return lhs;
    }

    private Expr binary(BinaryContext c, Expr lhs) {
        Expr rhs = build(c.rhs);
        BinaryOp op = switch (c.op.getType()) {
            case ADD -> BinaryOp.ADD;
            case SUB -> BinaryOp.SUB;
            case MUL -> BinaryOp.MUL;
            case DIV -> BinaryOp.DIV;
            case MOD -> BinaryOp.MOD;
            case POW -> BinaryOp.POW;
            case ATAN2 -> BinaryOp.ATAN2;
            case EQLC -> BinaryOp.EQLC;
            case NEQ -> BinaryOp.NEQ;
            case GTR -> BinaryOp.GTR;
            case LSS -> BinaryOp.LSS;
            case GTE -> BinaryOp.GTE;
            case LTE -> BinaryOp.LTE;
            case LAND -> BinaryOp.LAND;
            case LOR -> BinaryOp.LOR;
            case LUNLESS -> BinaryOp.LUNLESS;
            default -> throw new IllegalStateException("BUG: binary operator " + c.op.getText());
        };
        BinModifiersContext m = c.binModifiers();
        VectorMatching matching = VectorMatching.oneToOne();
        if (m.matching != null) {
            List<String> labels = labels(m.labelList());
            VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
            List<String> include = List.of();
            if (m.group != null) {
                card = m.group.getType() == GROUP_LEFT
                        ? VectorMatching.Cardinality.MANY_TO_ONE : VectorMatching.Cardinality.ONE_TO_MANY;
                include = labels(m.groupLabels().labelName());
            }
            matching = new VectorMatching(card, labels, m.matching.getType() == ON, include);
        }
        return new BinaryExpr(op, lhs, rhs, matching, m.BOOL() != null, lhs.pos().merge(rhs.pos()));
    }

    private List<String> labels(LabelListContext c) {
        return labels(c.labelName());
    }

    private List<String> labels(List<LabelNameContext> names) {
        List<String> out = new ArrayList<>(names.size());
        for (LabelNameContext l : names) {
            String name = l.getText();
            if (name.indexOf(':') >= 0) {
                throw error(pos(l), "unexpected " + SyntaxErrors.describe(l.getStart())
                        + " in grouping opts, expected label");
            }
            out.add(name);
        }
        return out;
    }

    private List<Expr> args(CallBodyContext body) {
        List<Expr> args = new ArrayList<>(body.expr().size());
        for (ExprContext e : body.expr()) {
            args.add(build(e));
        }
        if (body.trailing != null) {
            throw error(pos(body.trailing), "trailing commas not allowed in function call args");
        }
        return args;
    }

    private Expr aggregate(AggregateContext c) {
        AggregateOp op = AggregateOp.valueOf(SyntaxErrors.lower(c.aggregateOp().getText())
                .toUpperCase(java.util.Locale.ROOT));
        List<Expr> args = args(c.callBody());
        List<String> grouping = List.of();
        boolean without = false;
        if (c.grouping() != null) {
            grouping = labels(c.grouping().labelList());
            without = c.grouping().WITHOUT() != null;
        }
        PosRange p = pos(c);
        if (args.isEmpty()) {
            throw error(p, "no arguments for aggregate expression provided");
        }
        int wanted = op.hasParam() ? 2 : 1;
        if (args.size() != wanted) {
            throw error(p, "wrong number of arguments for aggregate expression provided, expected "
                    + wanted + ", got " + args.size());
        }
        Expr param = op.hasParam() ? args.get(0) : null;
        return new AggregateExpr(op, args.get(wanted - 1), param, grouping, without, p);
    }

    private Expr call(CallContext c) {
        Token name = c.IDENTIFIER().getSymbol();
        Function f = Functions.get(name.getText());
        if (f == null) {
            throw error(pos(name), "unknown function with name " + SyntaxErrors.describe(name)
                    .substring("identifier ".length()));
        }
        return new Call(f, args(c.callBody()), pos(c));
    }

    private Expr matrix(MatrixSelectorContext c) {
        Expr inner = build(c.expr());
        long range = duration(c.range);
        PosRange brackets = new PosRange(c.LEFT_BRACKET().getSymbol().getStartIndex(), c.getStop().getStopIndex() + 1);
        if (!(inner instanceof VectorSelector vs)) {
            throw error(brackets, "ranges only allowed for vector selectors");
        }
        if (vs.offsetMs() != 0) {
            throw error(brackets, "no offset modifiers allowed before range");
        }
        // Prometheus 2.42 rejects only a numeric @ here; x @ start() [5m] is accepted.
        if (vs.at() != null && vs.at().kind() == AtModifier.Kind.TIMESTAMP) {
            throw error(brackets, "no @ modifiers allowed before range");
        }
        return new MatrixSelector(vs, range, pos(c));
    }

    private Expr subquery(SubqueryContext c) {
        Expr inner = build(c.expr());
        long range = duration(c.range);
        long step = c.step == null ? 0 : duration(c.step);
        return new SubqueryExpr(inner, range, step, 0, null, pos(c));
    }

    private Expr offset(OffsetContext c) {
        Expr inner = build(c.expr());
        long ms = duration(c.DURATION().getSymbol());
        if (c.neg != null) {
            ms = -ms;
        }
        PosRange p = pos(c);
        if (inner instanceof VectorSelector vs) {
            checkOffsetUnset(vs.offsetMs(), inner);
            return vs.withOffset(ms, p);
        } else if (inner instanceof MatrixSelector m) {
            checkOffsetUnset(m.selector().offsetMs(), inner);
            return new MatrixSelector(m.selector().withOffset(ms, m.selector().pos()), m.rangeMs(), p);
        } else if (inner instanceof SubqueryExpr s) {
            checkOffsetUnset(s.offsetMs(), inner);
            return s.withOffset(ms, p);
        }
        throw error(inner.pos(), "offset modifier must be preceded by an instant vector selector"
                + " or range vector selector or a subquery");
    }

    private void checkOffsetUnset(long current, Expr node) {
        if (current != 0) {
            throw error(node.pos(), "offset may not be set multiple times");
        }
    }

    private Expr at(AtContext c) {
        Expr inner = build(c.expr());
        AtModifier at;
        if (c.preprocessor != null) {
            at = c.preprocessor.getType() == START ? AtModifier.START : AtModifier.END;
        } else {
            AtNumberContext n = c.atNumber();
            double seconds = number(n.NUMBER().getSymbol());
            if (n.SUB() != null) {
                seconds = -seconds;
            }
            if (Double.isNaN(seconds) || Double.isInfinite(seconds)
                    || seconds >= 0x1p63 || seconds <= -0x1p63) {
                throw error(inner.pos(), "timestamp out of bounds for @ modifier: " + goFixed6(seconds));
            }
            at = AtModifier.at(goRound(seconds * 1000));
        }
        PosRange p = pos(c);
        if (inner instanceof VectorSelector vs) {
            checkAtUnset(vs.at(), inner);
            return vs.withAt(at, p);
        } else if (inner instanceof MatrixSelector m) {
            checkAtUnset(m.selector().at(), inner);
            return new MatrixSelector(m.selector().withAt(at, m.selector().pos()), m.rangeMs(), p);
        } else if (inner instanceof SubqueryExpr s) {
            checkAtUnset(s.at(), inner);
            return s.withAt(at, p);
        }
        throw error(inner.pos(), "@ modifier must be preceded by an instant vector selector"
                + " or range vector selector or a subquery");
    }

    private void checkAtUnset(AtModifier current, Expr node) {
        if (current != null) {
            throw error(node.pos(), "@ <timestamp> may not be set multiple times");
        }
    }

    /** Go's math.Round: halves away from zero. */
    private static long goRound(double v) {
        return (long) (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));
    }

    /** Go's {@code %f}: six decimals of the exact binary value. */
    private static String goFixed6(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(v).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }
}

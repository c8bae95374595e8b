package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.VectorMatching;
import dev.ignis.promql.internal.ast.VectorMatching.Cardinality;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators between two instant vectors: one-to-one, many-to-one and set matching. */
final class Matching {

    private Matching() {
    }

    static List<Sample> apply(BinaryExpr b, List<Sample> lhs, List<Sample> rhs, long t) throws QueryException {
        VectorMatching vm = b.matching();
        return switch (b.op()) {
            case LAND -> and(vm, lhs, rhs, true);
            case LUNLESS -> and(vm, lhs, rhs, false);
            case LOR -> or(vm, lhs, rhs);
            default -> match(b, vm, lhs, rhs, t);
        };
    }

    /** The key two elements are matched on: the on() labels, or all but ignoring() and the name. */
    static Labels signature(VectorMatching vm, Labels l) {
        Labels.Builder b = Labels.builder(l.size());
        if (vm.on()) {
            for (String name : vm.matchingLabels()) {
                b.add(name, l.get(name));
            }
        } else {
            l.forEach((name, value) -> {
                if (!name.equals(Labels.METRIC_NAME) && !vm.matchingLabels().contains(name)) {
                    b.add(name, value);
                }
            });
        }
        return b.build();
    }

    private static List<Sample> and(VectorMatching vm, List<Sample> lhs, List<Sample> rhs, boolean keepMatching) {
        Set<Labels> right = new HashSet<>();
        for (Sample s : rhs) {
            right.add(signature(vm, s.labels()));
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : lhs) {
            if (right.contains(signature(vm, s.labels())) == keepMatching) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Sample> or(VectorMatching vm, List<Sample> lhs, List<Sample> rhs) {
        Set<Labels> left = new HashSet<>();
        List<Sample> out = new ArrayList<>(lhs);
        for (Sample s : lhs) {
            left.add(signature(vm, s.labels()));
        }
        for (Sample s : rhs) {
            if (!left.contains(signature(vm, s.labels()))) {
                out.add(s);
            }
        }
        return out;
    }

    /** One-to-one and many-to-one (group_left) / one-to-many (group_right) matching. */
    private static List<Sample> match(BinaryExpr b, VectorMatching vm, List<Sample> lhs, List<Sample> rhs,
            long t) throws QueryException {
        boolean swapped = vm.card() == Cardinality.ONE_TO_MANY;
        List<Sample> many = swapped ? rhs : lhs;
        List<Sample> one = swapped ? lhs : rhs;
        Map<Labels, Sample> oneBySig = new HashMap<>();
        for (Sample s : one) {
            Labels sig = signature(vm, s.labels());
            Sample dup = oneBySig.put(sig, s);
            if (dup != null) {
                throw new QueryException(ErrorType.EXECUTION, "found duplicate series for the match group "
                        + sig + " on the " + (swapped ? "left" : "right") + " hand-side of the operation: ["
                        + s.labels() + ", " + dup.labels() + "];many-to-many matching not allowed: matching"
                        + " labels must be unique on one side");
            }
        }
        Map<Labels, Set<Labels>> matched = new HashMap<>();
        List<Sample> out = new ArrayList<>();
        for (Sample m : many) {
            Labels sig = signature(vm, m.labels());
            Sample o = oneBySig.get(sig);
            if (o == null) {
                continue;
            }
            double vl = swapped ? o.v() : m.v();
            double vr = swapped ? m.v() : o.v();
            double v = Operators.apply(b.op(), vl, vr);
            if (b.op().isComparison() && !b.returnBool()) {
                if (v == 0) {
                    continue;
                }
                v = vl;
            }
            Labels labels = resultLabels(b, vm, m.labels(), o.labels());
            Set<Labels> inserted = matched.get(sig);
            if (vm.card() == Cardinality.ONE_TO_ONE) {
                if (inserted != null) {
                    throw new QueryException(ErrorType.EXECUTION, "multiple matches for labels: many-to-one"
                            + " matching must be explicit (group_left/group_right)");
                }
                matched.put(sig, Set.of());
            } else {
                if (inserted == null) {
                    inserted = new HashSet<>();
                    matched.put(sig, inserted);
                }
                if (!inserted.add(labels)) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "multiple matches for labels: grouping labels must ensure unique matches");
                }
            }
            out.add(new Sample(labels, t, v));
        }
        return out;
    }

    static Labels resultLabels(BinaryExpr b, VectorMatching vm, Labels many, Labels one) {
        Labels.Builder out = many.toBuilder();
        if (Operators.dropsName(b.op(), b.returnBool())) {
            out.delete(Labels.METRIC_NAME);
        }
        if (vm.card() == Cardinality.ONE_TO_ONE) {
            if (vm.on()) {
                Labels.Builder only = Labels.builder(vm.matchingLabels().size());
                Labels current = out.build();
                for (String name : vm.matchingLabels()) {
                    only.add(name, current.get(name));
                }
                out = only;
            } else {
                for (String name : vm.matchingLabels()) {
                    out.delete(name);
                }
            }
        }
        for (String name : vm.include()) {
            out.set(name, one.get(name));
        }
        return out.build();
    }
}

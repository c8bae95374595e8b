package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.VectorMatching;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators between two instant vectors: one-to-one and set-operator matching. */
final class Matching {

    private Matching() {
    }

    static List<Sample> apply(BinaryExpr b, List<Sample> lhs, List<Sample> rhs, long t) throws QueryException {
        VectorMatching vm = b.matching();
        return switch (b.op()) {
            case LAND -> and(vm, lhs, rhs, true);
            case LUNLESS -> and(vm, lhs, rhs, false);
            case LOR -> or(vm, lhs, rhs);
            default -> oneToOne(b, vm, lhs, rhs, t);
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

    private static List<Sample> oneToOne(BinaryExpr b, VectorMatching vm, List<Sample> lhs, List<Sample> rhs,
            long t) throws QueryException {
        if (vm.card() != VectorMatching.Cardinality.ONE_TO_ONE) {
            throw new QueryException(ErrorType.EXECUTION,
                    "not implemented yet: group_left/group_right vector matching");
        }
        Map<Labels, Sample> right = new HashMap<>();
        for (Sample s : rhs) {
            Labels sig = signature(vm, s.labels());
            Sample dup = right.put(sig, s);
            if (dup != null) {
                throw new QueryException(ErrorType.EXECUTION, "found duplicate series for the match group "
                        + sig + " on the right hand-side of the operation: [" + dup.labels() + ", "
                        + s.labels() + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Set<Labels> matched = new HashSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample l : lhs) {
            Labels sig = signature(vm, l.labels());
            Sample r = right.get(sig);
            if (r == null) {
                continue;
            }
            if (!matched.add(sig)) {
                throw new QueryException(ErrorType.EXECUTION,
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
            }
            double v = Operators.apply(b.op(), l.v(), r.v());
            if (b.op().isComparison() && !b.returnBool()) {
                if (v == 0) {
                    continue;
                }
                v = l.v();
            }
            out.add(new Sample(resultLabels(b, vm, l.labels()), t, v));
        }
        return out;
    }

    private static Labels resultLabels(BinaryExpr b, VectorMatching vm, Labels l) {
        boolean dropName = Operators.dropsName(b.op(), b.returnBool());
        Labels.Builder out = l.toBuilder();
        if (dropName) {
            out.delete(Labels.METRIC_NAME);
        }
        if (vm.on()) {
            Labels.Builder only = Labels.builder(vm.matchingLabels().size());
            for (String name : vm.matchingLabels()) {
                only.add(name, l.get(name));
            }
            return only.build();
        }
        for (String name : vm.matchingLabels()) {
            out.delete(name);
        }
        return out.build();
    }
}

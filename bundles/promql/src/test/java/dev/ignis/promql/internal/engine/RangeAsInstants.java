package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Checks a range query against the same query evaluated alone at each of its steps: state an
 * operator carries from step to step must not change any step's answer. Steps are at
 * {@code 0, stepMs, ...}; a failing query must fail the same way both ways.
 */
final class RangeAsInstants {

    private RangeAsInstants() {
    }

    static void assertEveryStep(Engine engine, String query, int steps, long stepMs) {
        List<TreeMap<String, String>> range = new ArrayList<>();
        String rangeError = null;
        try {
            QueryResult.Matrix m = (QueryResult.Matrix) engine
                    .range(query, 0, (steps - 1) * stepMs, stepMs, QueryOptions.DEFAULT).value();
            for (int s = 0; s < steps; s++) {
                range.add(new TreeMap<>());
            }
            for (QueryResult.Series s : m.series()) {
                for (int j = 0; j < s.count(); j++) {
                    range.get((int) (s.ts()[j] / stepMs)).put(s.labels().toString(), Double.toString(s.vs()[j]));
                }
            }
        } catch (QueryException e) {
            rangeError = e.getMessage();
        }
        List<TreeMap<String, String>> instants = new ArrayList<>();
        String instantError = null;
        for (int s = 0; s < steps && instantError == null; s++) {
            try {
                QueryResult.Vector v = (QueryResult.Vector) engine
                        .instant(query, s * stepMs, QueryOptions.DEFAULT).value();
                TreeMap<String, String> step = new TreeMap<>();
                for (QueryResult.Sample x : v.samples()) {
                    step.put(x.labels().toString(), Double.toString(x.v()));
                }
                instants.add(step);
            } catch (QueryException e) {
                instantError = e.getMessage();
            }
        }
        assertEquals(instantError, rangeError, query + ": errors");
        if (rangeError == null) {
            for (int s = 0; s < steps; s++) {
                assertEquals(instants.get(s), range.get(s), query + " at step " + s);
            }
        }
    }
}

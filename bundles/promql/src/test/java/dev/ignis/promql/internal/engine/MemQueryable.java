package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.Queryable;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.promql.internal.ast.Durations;
import dev.ignis.promql.internal.ast.VectorSelector;
import dev.ignis.promql.internal.parser.PromQL;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An in-memory {@link Queryable} for engine tests, loaded from series lines in the notation of
 * the conformance scripts' {@code load} command: {@code metric{a="b"} 1 2 _ stale 0+10x3}.
 */
final class MemQueryable implements Queryable {

    private record Series(Labels labels, long[] ts, double[] vs) {
    }

    private final TreeMap<Labels, Series> series = new TreeMap<>();

    /** Adds or replaces a series. */
    void put(Labels labels, long[] ts, double[] vs) {
        series.put(labels, new Series(labels, ts, vs));
    }

    /** Drops everything. */
    void clear() {
        series.clear();
    }

    /** Loads {@code lines}, sample i of a line at i * step. */
    static MemQueryable load(String step, String... lines) {
        MemQueryable q = new MemQueryable();
        long stepMs = Durations.parse(step);
        for (String line : lines) {
            int split = line.lastIndexOf('}') >= 0 ? line.lastIndexOf('}') + 1 : line.indexOf(' ');
            VectorSelector vs = (VectorSelector) PromQL.parse(line.substring(0, split).trim());
            Labels.Builder lb = Labels.builder(vs.matchers().size());
            vs.matchers().forEach(m -> lb.add(m.name(), m.value()));
            List<long[]> ts = new ArrayList<>();
            List<Double> vs2 = new ArrayList<>();
            long slot = 0;
            for (String item : line.substring(split).trim().split("\\s+")) {
                if (item.equals("_")) {
                    slot++;
                } else if (item.equals("stale")) {
                    ts.add(new long[] {slot++ * stepMs});
                    vs2.add(StaleMarker.VALUE);
                } else if (item.contains("x")) {
                    String[] nk = item.split("x");
                    int sign = Math.max(nk[0].lastIndexOf('+'), nk[0].lastIndexOf('-'));
                    double v = Double.parseDouble(sign > 0 ? nk[0].substring(0, sign) : nk[0]);
                    double d = sign > 0 ? Double.parseDouble(nk[0].substring(sign)) : 0;
                    for (int k = 0; k <= Integer.parseInt(nk[1]); k++, v += d) {
                        ts.add(new long[] {slot++ * stepMs});
                        vs2.add(v);
                    }
                } else {
                    ts.add(new long[] {slot++ * stepMs});
                    vs2.add(Double.parseDouble(item));
                }
            }
            Labels labels = lb.build();
            q.series.put(labels, new Series(labels, ts.stream().mapToLong(a -> a[0]).toArray(),
                    vs2.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return q;
    }

    private static boolean matches(LabelMatcher m, Labels l) {
        String v = l.get(m.name());
        return switch (m.type()) {
            case EQUAL -> v.equals(m.value());
            case NOT_EQUAL -> !v.equals(m.value());
            case REGEX -> Pattern.compile("^(?:" + m.value() + ")$").matcher(v).matches();
            case NOT_REGEX -> !Pattern.compile("^(?:" + m.value() + ")$").matcher(v).matches();
        };
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new Querier() {
            @Override
            public SeriesSet select(LabelMatcher... matchers) {
                List<Series> selected = new ArrayList<>();
                outer:
                for (Series s : series.values()) {
                    for (LabelMatcher m : matchers) {
                        if (!matches(m, s.labels())) {
                            continue outer;
                        }
                    }
                    selected.add(s);
                }
                return new SeriesSet() {
                    private int i = -1;

                    @Override
                    public boolean next() {
                        return ++i < selected.size();
                    }

                    @Override
                    public Labels labels() {
                        return selected.get(i).labels();
                    }

                    @Override
                    public SampleIterator iterator() {
                        Series s = selected.get(i);
                        return new SampleIterator() {
                            private int j = -1;

                            @Override
                            public boolean next() {
                                do {
                                    j++;
                                } while (j < s.ts().length && s.ts()[j] < mint);
                                return j < s.ts().length && s.ts()[j] <= maxt;
                            }

                            @Override
                            public boolean seek(long t) {
                                while ((j < 0 || s.ts()[j] < t) && next()) {
                                    // advance
                                }
                                return j < s.ts().length && s.ts()[j] >= t && s.ts()[j] <= maxt;
                            }

                            @Override
                            public long t() {
                                return s.ts()[j];
                            }

                            @Override
                            public double v() {
                                return s.vs()[j];
                            }
                        };
                    }
                };
            }

            @Override
            public List<String> labelNames(LabelMatcher... matchers) {
                return List.of();
            }

            @Override
            public List<String> labelValues(String name, LabelMatcher... matchers) {
                return List.of();
            }

            @Override
            public void close() {
            }
        };
    }
}

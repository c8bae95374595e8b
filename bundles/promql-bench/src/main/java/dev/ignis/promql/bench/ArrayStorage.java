package dev.ignis.promql.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.Queryable;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Series held in arrays, sorted by labels: a storage that costs next to nothing, so that a
 * benchmark sees the engine. The data has the shape of {@code bench/query_data.py}.
 */
final class ArrayStorage implements Queryable {

    private record Series(Labels labels, long[] ts, double[] vs) {
    }

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
    private static final String[] STATUSES = {"200", "404", "500", "503"};
    private static final String[] LES = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
        "10", "+Inf"};

    private final List<Series> series;

    private ArrayStorage(List<Series> series) {
        this.series = series;
    }

    /** {@code instances} x 35 series with samples every {@code intervalMs} in [0, endMs]. */
    static ArrayStorage generate(int instances, long endMs, long intervalMs) {
        Random rnd = new Random(42);
        int n = (int) (endMs / intervalMs) + 1;
        TreeMap<Labels, Series> all = new TreeMap<>();
        for (int i = 0; i < instances; i++) {
            String inst = "i-" + i;
            for (String m : METHODS) {
                for (String s : STATUSES) {
                    double rate = 0.1 + rnd.nextDouble() * 50;
                    double v = rnd.nextDouble() * 1000;
                    double[] vs = new double[n];
                    for (int k = 0; k < n; k++) {
                        v += rate * intervalMs / 1000.0 * (0.5 + rnd.nextDouble());
                        if (rnd.nextDouble() < 0.0005) {
                            v = 0;
                        }
                        vs[k] = v;
                    }
                    add(all, Labels.of("__name__", "http_requests_total", "instance", inst, "job", "api",
                            "method", m, "status", s), n, intervalMs, vs);
                }
            }
            double[][] buckets = new double[LES.length][n];
            double rate = 1 + rnd.nextDouble() * 19;
            double[] counts = new double[LES.length];
            for (int k = 0; k < n; k++) {
                int obs = (int) (rate * intervalMs / 1000.0 * (0.5 + rnd.nextDouble()));
                for (int o = 0; o < obs; o++) {
                    double x = -Math.log(1 - rnd.nextDouble()) / 8;
                    for (int b = 0; b < LES.length; b++) {
                        if (b == LES.length - 1 || x <= Double.parseDouble(LES[b])) {
                            counts[b]++;
                        }
                    }
                }
                for (int b = 0; b < LES.length; b++) {
                    buckets[b][k] = counts[b];
                }
            }
            for (int b = 0; b < LES.length; b++) {
                add(all, Labels.of("__name__", "http_request_duration_seconds_bucket", "instance", inst, "job", "api",
                        "le", LES[b]), n, intervalMs, buckets[b]);
            }
            add(all, Labels.of("__name__", "http_request_duration_seconds_count", "instance", inst, "job", "api"), n,
                    intervalMs, buckets[LES.length - 1]);
            add(all, Labels.of("__name__", "http_request_duration_seconds_sum", "instance", inst, "job", "api"), n,
                    intervalMs, buckets[0]);
            double[] one = new double[n];
            java.util.Arrays.fill(one, 1);
            add(all, Labels.of("__name__", "build_info", "instance", inst, "version", "v" + (i % 7)), n, intervalMs,
                    one);
        }
        return new ArrayStorage(new ArrayList<>(all.values()));
    }

    private static void add(TreeMap<Labels, Series> all, Labels labels, int n, long intervalMs, double[] vs) {
        long[] ts = new long[n];
        for (int k = 0; k < n; k++) {
            ts[k] = k * intervalMs;
        }
        all.put(labels, new Series(labels, ts, vs));
    }

    private static boolean matches(LabelMatcher m, Pattern p, Labels l) {
        String v = l.get(m.name());
        return switch (m.type()) {
            case EQUAL -> v.equals(m.value());
            case NOT_EQUAL -> !v.equals(m.value());
            case REGEX -> p.matcher(v).matches();
            case NOT_REGEX -> !p.matcher(v).matches();
        };
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new Querier() {
            @Override
            public SeriesSet select(LabelMatcher... matchers) {
                Pattern[] patterns = new Pattern[matchers.length];
                for (int i = 0; i < matchers.length; i++) {
                    patterns[i] = Pattern.compile("^(?:" + matchers[i].value() + ")$");
                }
                List<Series> selected = new ArrayList<>();
                outer:
                for (Series s : series) {
                    for (int i = 0; i < matchers.length; i++) {
                        if (!matches(matchers[i], patterns[i], s.labels())) {
                            continue outer;
                        }
                    }
                    selected.add(s);
                }
                return new Cursor(selected, mint, maxt);
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

    /** The selected series, one reused iterator. */
    private static final class Cursor implements SeriesSet {
        private final List<Series> selected;
        private final Samples samples;
        private int i = -1;

        Cursor(List<Series> selected, long mint, long maxt) {
            this.selected = selected;
            this.samples = new Samples(mint, maxt);
        }

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
            samples.reset(s.ts(), s.vs());
            return samples;
        }
    }

    /** One series' samples within [mint, maxt]. */
    private static final class Samples implements SampleIterator {
        private final long mint;
        private final long maxt;
        private long[] ts;
        private double[] vs;
        private int j;

        Samples(long mint, long maxt) {
            this.mint = mint;
            this.maxt = maxt;
        }

        void reset(long[] ts, double[] vs) {
            this.ts = ts;
            this.vs = vs;
            int k = 0;
            while (k < ts.length && ts[k] < mint) {
                k++;
            }
            j = k - 1;
        }

        @Override
        public boolean next() {
            j++;
            return j < ts.length && ts[j] <= maxt;
        }

        @Override
        public boolean seek(long t) {
            if (j < 0) {
                j = 0;
            }
            while (j < ts.length && ts[j] < t) {
                j++;
            }
            return j < ts.length && ts[j] <= maxt;
        }

        @Override
        public long t() {
            return ts[j];
        }

        @Override
        public double v() {
            return vs[j];
        }
    }
}

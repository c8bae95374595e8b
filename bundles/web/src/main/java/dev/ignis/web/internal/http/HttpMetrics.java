package dev.ignis.web.internal.http;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.web.internal.text.GoFloat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.osgi.service.component.annotations.Component;

/**
 * Prometheus's HTTP handler metrics for the routes this bundle serves:
 * {@code prometheus_http_requests_total{code,handler}},
 * {@code prometheus_http_request_duration_seconds{handler}} and
 * {@code prometheus_http_response_size_bytes{handler}}, with client_golang's bucket layouts.
 * A handler's series appear after its first request, as with Go's metric vectors.
 *
 * <p>Recording allocates nothing once a handler and status code have been seen. Thread-safe.
 */
@Component(name = "dev.ignis.web.httpmetrics", service = {HttpMetrics.class, Exporter.class})
public final class HttpMetrics implements Exporter {

    static final String REQUESTS = "prometheus_http_requests_total";
    static final String DURATION = "prometheus_http_request_duration_seconds";
    static final String SIZE = "prometheus_http_response_size_bytes";

    private static final double[] DURATION_BUCKETS = {0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120};
    private static final double[] SIZE_BUCKETS = {100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    private final Map<String, Handler> handlers = new ConcurrentSkipListMap<>();

    /** The recorder for one handler label (e.g. {@code /api/v1/query}); keep and reuse it. */
    public Handler handler(String label) {
        return handlers.computeIfAbsent(label, Handler::new);
    }

    @Override
    public void collect(MetricWriter w) {
        // Families in name order, series in label order, as client_golang gathers them.
        w.family(DURATION, MetricType.HISTOGRAM, "Histogram of latencies for HTTP requests.");
        for (Handler h : handlers.values()) {
            h.duration.write(w, DURATION, h.labels);
        }
        w.family(REQUESTS, MetricType.COUNTER, "Counter of HTTP requests.");
        for (Handler h : handlers.values()) {
            for (int code = 0; code < Handler.CODES; code++) {
                LongAdder n = h.codes.get(code);
                if (n != null) {
                    w.sample(REQUESTS, h.codeLabels(code), n.sum());
                }
            }
        }
        w.family(SIZE, MetricType.HISTOGRAM, "Histogram of response size for HTTP requests.");
        for (Handler h : handlers.values()) {
            h.size.write(w, SIZE, h.labels);
        }
    }

    /** The metrics of one handler label. */
    public static final class Handler {
        static final int CODES = 600;

        private final String label;
        private final Labels labels;
        private final AtomicReferenceArray<LongAdder> codes = new AtomicReferenceArray<>(CODES);
        private final Map<Integer, Labels> codeLabels = new ConcurrentHashMap<>();
        private final Histogram duration = new Histogram(DURATION_BUCKETS);
        private final Histogram size = new Histogram(SIZE_BUCKETS);

        Handler(String label) {
            this.label = label;
            this.labels = Labels.of("handler", label);
        }

        /** Records one finished request. */
        public void observe(int status, long nanos, long bytes) {
            int code = status >= 0 && status < CODES ? status : 0;
            LongAdder n = codes.get(code);
            if (n == null) {
                codes.compareAndSet(code, null, new LongAdder());
                n = codes.get(code);
            }
            n.increment();
            duration.observe(nanos / 1e9);
            size.observe(bytes);
        }

        private Labels codeLabels(int code) {
            return codeLabels.computeIfAbsent(code, c -> Labels.of("code", Integer.toString(c), "handler", label));
        }
    }

    /** A cumulative histogram with fixed upper bounds. */
    static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();
        private volatile Labels[] bucketLabels;

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double v) {
            for (int i = 0; i < bounds.length; i++) {
                if (v <= bounds[i]) {
                    counts[i].increment();
                    break;
                }
            }
            sum.add(v);
            count.increment();
        }

        void write(MetricWriter w, String name, Labels labels) {
            long total = count.sum();
            if (total == 0) {
                return;
            }
            Labels[] bl = bucketLabels(labels);
            String bucket = name + "_bucket";
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += counts[i].sum();
                // Concurrent observations may land between reads; never report a bucket above the count.
                w.sample(bucket, bl[i], Math.min(cumulative, total));
            }
            w.sample(bucket, bl[bounds.length], total);
            w.sample(name + "_sum", labels, sum.sum());
            w.sample(name + "_count", labels, total);
        }

        private Labels[] bucketLabels(Labels labels) {
            Labels[] bl = bucketLabels;
            if (bl == null) {
                bl = new Labels[bounds.length + 1];
                for (int i = 0; i < bounds.length; i++) {
                    bl[i] = labels.toBuilder().add("le", GoFloat.format(bounds[i])).build();
                }
                bl[bounds.length] = labels.toBuilder().add("le", "+Inf").build();
                bucketLabels = bl;
            }
            return bl;
        }
    }
}

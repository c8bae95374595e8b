package dev.ignis.scrape.internal.append;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.api.storage.StorageException;
import dev.ignis.scrape.internal.cache.ScrapeCache;
import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.ExpositionParser;
import dev.ignis.scrape.internal.parse.KnownSeries;
import dev.ignis.scrape.internal.parse.OpenMetricsParser;
import dev.ignis.scrape.internal.parse.ParseException;
import dev.ignis.scrape.internal.parse.Parsers;
import dev.ignis.scrape.internal.parse.TextParser;
import dev.ignis.scrape.internal.relabel.Relabeler;

/**
 * Appends one scraped body to storage the way Prometheus 2.42's scrape loop does: parse, look
 * each series up in the target's {@link ScrapeCache} (a hit skips label parsing, target labels,
 * relabeling and validation), otherwise build, mutate and check the labels; apply
 * {@code honor_timestamps} and {@code sample_limit}; count storage rejects; append exemplars;
 * write stale markers for series that vanished; and end the cache iteration on success.
 *
 * <p>A failed result means the caller rolls the appender back and, as Prometheus does, calls
 * {@code append} again with an empty body on a fresh appender so that the target's series get
 * stale markers. One instance per target; single-threaded.
 */
public final class ScrapeAppend {
    private static final String SAMPLE_LIMIT = "sample limit exceeded";
    /** The synthetic series each scrape reports, in Prometheus's order. */
    static final String[] REPORT_NAMES = {
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
        "scrape_series_added",
    };
    /** Their scrape-cache keys: the name plus a 0xff byte, which no parsed series can contain. */
    private static final byte[][] REPORT_KEYS = new byte[REPORT_NAMES.length][];

    static {
        for (int i = 0; i < REPORT_NAMES.length; i++) {
            byte[] n = REPORT_NAMES[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            REPORT_KEYS[i] = java.util.Arrays.copyOf(n, n.length + 1);
            REPORT_KEYS[i][n.length] = (byte) 0xff;
        }
    }

    private final ScrapeCache cache;
    private final double[] reportValues = new double[REPORT_NAMES.length];
    private final TextParser text = new TextParser();
    private final OpenMetricsParser openMetrics = new OpenMetricsParser();
    private final Labels.Builder lb = Labels.builder(16);
    private final SampleMutator mutator;
    private final AppendOptions options;
    private final AppendResult result = new AppendResult();
    private final Labels targetLabels;
    private final KnownSeries knownKeys;

    /**
     * @param targetLabels the target's public labels (job, instance, ...; no {@code __} labels)
     * @param metricRelabel the pool's metric relabeling (an instance of its own), or null
     */
    public ScrapeAppend(Labels targetLabels, AppendOptions options, Relabeler metricRelabel) {
        this(targetLabels, options, metricRelabel, new ScrapeCache());
    }

    /**
     * Continues with the cache of a previous loop of the same target (a config reload that
     * changed nothing that shapes the stored series), so that its series keep their refs and
     * go stale when they vanish. The previous loop must no longer use the cache.
     */
    public ScrapeAppend(Labels targetLabels, AppendOptions options, Relabeler metricRelabel, ScrapeCache cache) {
        this.cache = cache;
        this.knownKeys = cache::find;
        this.options = options;
        this.targetLabels = targetLabels;
        this.mutator = new SampleMutator(targetLabels, options.honorLabels(), metricRelabel);
    }

    /** The target's scrape cache (for metrics and tests). */
    public ScrapeCache cache() {
        return cache;
    }

    /**
     * Appends {@code body[off, off+len)} scraped at {@code defaultTime} (ms).
     *
     * @param contentType the response's Content-Type, selecting the parser
     * @param maxTime samples with a later timestamp are rejected as out of bounds
     *                (Prometheus: now + 10 minutes)
     * @return the result, valid until the next call
     */
    public AppendResult append(Appender app, byte[] body, int off, int len, String contentType, long defaultTime,
            long maxTime) {
        AppendResult r = result;
        r.clear();
        ExpositionParser p;
        if (Parsers.isOpenMetrics(contentType)) {
            p = openMetrics;
            cache.markOpenMetrics();
        } else {
            p = text;
            // A steady line is read past its known series part without its labels.
            text.knownSeries(cache.hasOpenMetricsKeys() ? null : knownKeys);
        }
        p.reset(body, off, len);
        int limit = options.sampleLimit();
        int counted = 0;
        boolean limitHit = false;
        String err = null;
        try {
            for (Entry e; (e = p.next()) != Entry.EOF;) {
                switch (e) {
                    case TYPE -> cache.metadata().setType(p, cache.iter());
                    case HELP -> cache.metadata().setHelp(p, cache.iter());
                    case UNIT -> cache.metadata().setUnit(p, cache.iter());
                    default -> { }
                }
                if (e != Entry.SERIES) {
                    continue;
                }
                r.total++;
                boolean explicitTs = options.honorTimestamps() && p.hasTimestamp();
                long t = explicitTs ? p.timestamp() : defaultTime;
                byte[] buf = p.buffer();
                int so = p.seriesOffset();
                int sl = p.seriesLength();
                int slot = p.knownSlot();
                if (slot != KnownSeries.UNKNOWN) {
                    cache.seen(slot);
                } else {
                    slot = cache.lookup(buf, so, sl);
                }
                boolean cached = slot != ScrapeCache.MISS;
                if (cached && cache.isDropped(slot)) {
                    continue;
                }
                Labels lset;
                long ref;
                if (cached) {
                    lset = cache.labels(slot);
                    ref = cache.ref(slot);
                } else {
                    p.labels(lb);
                    Labels exposed;
                    try {
                        exposed = lb.build();
                    } catch (IllegalArgumentException dup) {
                        err = dup.getMessage() + ": invalid sample";
                        break;
                    }
                    lset = mutator.mutate(exposed);
                    if (lset == null) {
                        cache.addDropped(buf, so, sl);
                        continue;
                    }
                    if (!lset.has(Labels.METRIC_NAME)) {
                        err = "missing metric name (__name__ label)";
                        break;
                    }
                    if (!LabelChecks.isValid(lset)) {
                        err = "invalid metric name or label names: " + lset;
                        break;
                    }
                    err = LabelChecks.limitError(lset, options);
                    if (err != null) {
                        break;
                    }
                    ref = 0;
                }
                double v = p.value();
                boolean sampleAdded = false;
                if (limit > 0 && !StaleMarker.isStale(v) && ++counted > limit) {
                    limitHit = true; // keep parsing so that the total is right
                } else if (t > maxTime) {
                    r.outOfBounds++;
                } else {
                    try {
                        ref = app.append(ref, lset, t, v);
                        sampleAdded = true;
                    } catch (StorageException se) {
                        err = countReject(r, se);
                        if (err != null) {
                            break;
                        }
                    }
                }
                if (cached) {
                    if (sampleAdded) {
                        cache.setRef(slot, ref);
                        if (!explicitTs) {
                            cache.trackStaleness(slot);
                        }
                    }
                } else {
                    int added = cache.add(buf, so, sl, sampleAdded ? ref : 0, lset);
                    if (!explicitTs) {
                        cache.trackStaleness(added);
                    }
                    if (sampleAdded && !limitHit) {
                        r.seriesAdded++;
                    }
                }
                r.added++;
                if (p.hasExemplar()) {
                    appendExemplar(app, p, sampleAdded ? ref : 0, lset, t, r);
                }
            }
        } catch (ParseException pe) {
            err = pe.reason();
            r.errorLine = pe.line();
        }
        if (err == null && limitHit) {
            err = SAMPLE_LIMIT;
        }
        if (err == null) {
            err = appendStaleMarkers(app, defaultTime);
        }
        if (err == null) {
            cache.iterDone(len > 0);
        }
        r.error = err;
        return r;
    }

    /** Counts a reject that does not fail the scrape; returns the error text of one that does. */
    private static String countReject(AppendResult r, StorageException se) {
        switch (se.kind()) {
            case OUT_OF_ORDER, TOO_OLD -> r.outOfOrder++;
            case DUPLICATE_SAMPLE -> r.duplicates++;
            case OUT_OF_BOUNDS -> r.outOfBounds++;
            default -> {
                return se.getMessage();
            }
        }
        return null;
    }

    private void appendExemplar(Appender app, ExpositionParser p, long ref, Labels lset, long t, AppendResult r) {
        p.exemplarLabels(lb);
        try {
            Labels el = lb.build();
            boolean hasTs = p.exemplarHasTimestamp();
            app.appendExemplar(ref, lset, el, hasTs ? p.exemplarTimestamp() : t, hasTs, p.exemplarValue());
        } catch (StorageException e) {
            // Exemplar storage is experimental in 2.42: a bad exemplar never fails the scrape.
            if (e.kind() == StorageException.Kind.OUT_OF_ORDER_EXEMPLAR) {
                r.exemplarOutOfOrder++;
            }
        } catch (IllegalArgumentException ignored) {
            // A repeated exemplar label name: dropped like any other bad exemplar.
        }
    }

    private String appendStaleMarkers(Appender app, long t) {
        String[] failure = new String[1];
        cache.forEachStale(l -> {
            if (failure[0] != null) {
                return;
            }
            try {
                app.append(0, l, t, StaleMarker.VALUE);
            } catch (StorageException se) {
                // A target that went away and came back meets its own samples: expected.
                if (se.kind() != StorageException.Kind.OUT_OF_ORDER && se.kind() != StorageException.Kind.DUPLICATE_SAMPLE) {
                    failure[0] = se.getMessage();
                }
            }
        });
        return failure[0];
    }

    /**
     * Appends the scrape's synthetic series ({@code up}, {@code scrape_duration_seconds},
     * {@code scrape_samples_scraped}, {@code scrape_samples_post_metric_relabeling},
     * {@code scrape_series_added}) with the target's labels at the scrape's start time.
     *
     * @param r the result of this scrape's {@link #append} (counts are zero for a failed scrape
     *          that the caller reports with {@code up} 0)
     * @param failed whether the scrape failed ({@code up} 0)
     * @return null, or the storage error that made the report fail
     */
    public String report(Appender app, long startMs, double durationSeconds, AppendResult r, boolean failed) {
        return report(app, startMs, durationSeconds, r.total, r.added, r.seriesAdded, failed);
    }

    /**
     * As {@link #report(Appender, long, double, AppendResult, boolean)} with the counts given
     * directly, for a loop that had to append again (stale markers after a failed append) and
     * reports the counts of the first attempt, as Prometheus does.
     */
    public String report(Appender app, long startMs, double durationSeconds, int total, int added, int seriesAdded,
            boolean failed) {
        double[] values = reportValues;
        values[0] = failed ? 0 : 1;
        values[1] = durationSeconds;
        values[2] = total;
        values[3] = added;
        values[4] = seriesAdded;
        return appendReport(app, startMs, values);
    }

    /** Marks the synthetic series stale, when the target goes away. */
    public String reportStale(Appender app, long t) {
        double[] values = reportValues;
        java.util.Arrays.fill(values, StaleMarker.VALUE);
        return appendReport(app, t, values);
    }

    private String appendReport(Appender app, long t, double[] values) {
        for (int i = 0; i < REPORT_NAMES.length; i++) {
            byte[] key = REPORT_KEYS[i];
            int slot = cache.lookup(key, 0, key.length);
            Labels lset;
            long ref;
            if (slot != ScrapeCache.MISS) {
                lset = cache.labels(slot);
                ref = cache.ref(slot);
            } else {
                Labels.Builder b = targetLabels.toBuilder();
                b.set(Labels.METRIC_NAME, REPORT_NAMES[i]);
                lset = b.build();
                ref = 0;
            }
            try {
                ref = app.append(ref, lset, t, values[i]);
                if (slot == ScrapeCache.MISS) {
                    cache.add(key, 0, key.length, ref, lset);
                } else {
                    cache.setRef(slot, ref);
                }
            } catch (StorageException se) {
                // Expected when a target goes away and comes back with a new loop.
                if (se.kind() != StorageException.Kind.OUT_OF_ORDER && se.kind() != StorageException.Kind.DUPLICATE_SAMPLE) {
                    return se.getMessage();
                }
            }
        }
        return null;
    }
}

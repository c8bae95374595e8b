package dev.ignis.scrape.internal.loop;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.scrape.TargetHealth;
import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.scrape.internal.append.AppendResult;
import dev.ignis.scrape.internal.append.ScrapeAppend;
import dev.ignis.scrape.internal.cache.ScrapeCache;
import dev.ignis.scrape.internal.relabel.Relabeler;
import dev.ignis.scrape.internal.relabel.ScrapeOffset;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Request;

/**
 * Scrapes one target for as long as it is discovered, as Prometheus 2.42's scrape loop does:
 * the first scrape at the target's stable phase within the interval ({@link ScrapeOffset}),
 * then one per interval on that phase (a tick is skipped when the previous scrape overran);
 * each scrape is an HTTP exchange into a reused buffer, an append through {@link ScrapeAppend}
 * on a fresh appender, the report series, and a commit. A failed scrape appends an empty body
 * so that the previous scrape's series get stale markers, and reports {@code up} 0. When the
 * target goes away, the loop waits until the next tick plus one interval and a tenth, then
 * marks all its series stale at the next tick's time, unless it handed its cache to a
 * successor (config reload) or the manager is shutting down.
 *
 * <p>Threads: ticks fire on the context's timer (which also aborts an exchange at the scrape
 * timeout), the exchange runs on Jetty's threads, the append on the worker; all append state is touched under {@code lock} by one thread at a time.
 * The state read by the API is in volatile fields.
 */
final class ScrapeLoop {
    private static final byte[] EMPTY = new byte[0];
    private static final long FUTURE_LIMIT_MS = 10 * 60 * 1000L;
    private static final long ALIGN_TOLERANCE_MS = 2;

    private final Object lock = new Object();
    private final LoopContext ctx;
    private final HttpScraper http;
    private final ScrapeAppend append;
    // The target's series stay reserved for this loop's appends between scrapes (cheaper).
    private final AppendSession session;
    private final Body body;
    private int lastBodyLength; // under lock
    final ScrapeTarget target;
    private final URI url;
    private final HttpScraper.Target request;
    private final long intervalMs;
    private final long timeoutMs;
    private final long bodyLimit;
    private final String intervalText;

    // Guarded by lock.
    private boolean stopped;
    private boolean running;
    private Request inflight;
    private ScheduledFuture<?> next;
    private long firstTick;
    private long lastScrapeTime;
    private long lastStartNanos;
    private boolean everAppended;

    private volatile String forcedError;
    private volatile Labels discovered;
    private volatile String lastError = "";
    private volatile long lastScrapeMs = -1;
    private volatile long lastDurationNanos;
    private volatile TargetHealth health = TargetHealth.UNKNOWN;

    /**
     * @param cache the cache of the target's previous loop, or null for a new one
     */
    ScrapeLoop(LoopContext ctx, HttpScraper http, ScrapeTarget target, Labels discovered, LoopSettings settings,
            ScrapeCache cache) {
        this.ctx = ctx;
        this.http = http;
        this.target = target;
        this.discovered = discovered;
        this.url = URI.create(target.url());
        this.intervalMs = target.intervalMs();
        this.timeoutMs = target.timeoutMs();
        this.bodyLimit = settings.bodySizeLimit();
        this.intervalText = GoDuration.format(intervalMs);
        this.request = new HttpScraper.Target(url, timeoutMs);
        this.body = new Body();
        Labels pub = target.publicLabels();
        Relabeler metric = settings.metricRelabel() == null ? null : settings.metricRelabel().copy();
        this.append = cache == null
                ? new ScrapeAppend(pub, settings.appendOptions(), metric)
                : new ScrapeAppend(pub, settings.appendOptions(), metric, cache);
        this.session = ctx.storage().session();
    }

    /** Schedules the first scrape at the target's offset within the interval. */
    void start() {
        long nowMs = System.currentTimeMillis();
        long hash = ScrapeOffset.targetHash(target.labels(), target.url());
        long offsetNanos = ScrapeOffset.offsetNanos(TimeUnit.MILLISECONDS.toNanos(intervalMs),
                TimeUnit.MILLISECONDS.toNanos(nowMs), hash, ctx.jitterSeed().getAsLong());
        long delayMs = TimeUnit.NANOSECONDS.toMillis(offsetNanos);
        synchronized (lock) {
            firstTick = nowMs + delayMs;
            next = ctx.timer().schedule(this::tick, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Makes every scrape fail with {@code error} without contacting the target (target_limit), or lifts that. */
    void forceError(String error) {
        forcedError = error;
    }

    void setDiscovered(Labels labels) {
        discovered = labels;
    }

    private void tick() {
        long nowMs = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        long scrapeTime;
        synchronized (lock) {
            if (stopped || running) {
                return;
            }
            running = true;
            scrapeTime = nowMs;
            if (lastScrapeTime != 0) {
                ctx.metrics().observeInterval(intervalText, (startNanos - lastStartNanos) / 1e9);
                // Timestamps exactly one interval apart compress far better in the TSDB.
                long aligned = lastScrapeTime + intervalMs;
                if (intervalMs > 100 * ALIGN_TOLERANCE_MS && Math.abs(nowMs - aligned) <= ALIGN_TOLERANCE_MS) {
                    scrapeTime = aligned;
                }
            }
            lastStartNanos = startNanos;
        }
        long t = scrapeTime;
        String forced = forcedError;
        if (forced != null) {
            dispatch(() -> finish(t, startNanos, forced, null));
            return;
        }
        // Room for the last body and a little more: a steady target's never grows.
        body.reset(bodyLimit, failure -> dispatch(() -> finish(t, startNanos, null, failure)),
                ctx.bodyBuffers().take(lastBodyLength + (lastBodyLength >>> 3)));
        try {
            Request r = http.scrape(request, body);
            synchronized (lock) {
                inflight = running ? r : null;
            }
        } catch (RuntimeException e) {
            dispatch(() -> finish(t, startNanos, null, e));
        }
    }

    /** Runs the append step on the worker; when the manager is shutting down, just ends the scrape. */
    private void dispatch(Runnable task) {
        try {
            ctx.worker().execute(task);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (lock) {
                running = false;
                inflight = null;
                lock.notifyAll();
            }
        }
    }

    private void finish(long scrapeTime, long startNanos, String forced, Throwable failure) {
        synchronized (lock) {
            try {
                if (!stopped) {
                    scrapeAndReport(scrapeTime, startNanos, forced, failure);
                    scheduleNext();
                }
            } finally {
                ctx.bodyBuffers().give(body.release());
                running = false;
                inflight = null;
                lock.notifyAll();
            }
        }
    }

    private void scrapeAndReport(long scrapeTime, long startNanos, String forced, Throwable failure) {
        String scrapeErr = forced;
        if (scrapeErr == null && failure != null) {
            scrapeErr = HttpScraper.describe(url, failure);
            if (failure instanceof Body.BodyLimitExceeded) {
                ctx.metrics().exceededBodySize.increment();
            }
        }
        int len = scrapeErr == null ? body.length() : 0;
        if (scrapeErr == null) {
            lastBodyLength = len;
        }
        byte[] b = scrapeErr == null ? body.bytes() : EMPTY;
        long maxTime = System.currentTimeMillis() + FUTURE_LIMIT_MS;
        Appender app = session.appender();
        AppendResult r = append.append(app, b, 0, len, scrapeErr == null ? body.contentType() : null, scrapeTime, maxTime);
        int total = r.total();
        int added = r.added();
        int seriesAdded = r.seriesAdded();
        count(r);
        String appErr = r.error();
        if (appErr != null) {
            app.rollback();
            app = session.appender();
            AppendResult again = append.append(app, EMPTY, 0, 0, null, scrapeTime, maxTime);
            if (again.failed()) {
                app.rollback();
                app = session.appender();
            }
            if (scrapeErr == null) {
                scrapeErr = appErr;
            }
        }
        long durationNanos = System.nanoTime() - startNanos;
        // Published before the commit, as Prometheus reports before committing: a reader that
        // sees the samples also sees the state.
        lastScrapeTime = scrapeTime;
        lastScrapeMs = scrapeTime;
        lastDurationNanos = durationNanos;
        lastError = scrapeErr == null ? "" : scrapeErr;
        health = scrapeErr == null ? TargetHealth.UP : TargetHealth.DOWN;
        String reportErr = append.report(app, scrapeTime, durationNanos / 1e9, total, added, seriesAdded, scrapeErr != null);
        if (reportErr != null) {
            app.rollback();
            Log.warn("appending scrape report failed", "scrape_pool", target.pool(), "target", target.url(), "err", reportErr);
        } else {
            try {
                app.commit();
                everAppended = true;
            } catch (StorageException e) {
                Log.warn("scrape commit failed", "scrape_pool", target.pool(), "target", target.url(), "err", e.getMessage());
            }
        }
    }

    private void count(AppendResult r) {
        ScrapeMetrics m = ctx.metrics();
        if (r.outOfOrder() > 0) {
            m.outOfOrder.add(r.outOfOrder());
        }
        if (r.duplicates() > 0) {
            m.duplicates.add(r.duplicates());
        }
        if (r.outOfBounds() > 0) {
            m.outOfBounds.add(r.outOfBounds());
        }
        if (r.exemplarOutOfOrder() > 0) {
            m.exemplarOutOfOrder.add(r.exemplarOutOfOrder());
            Log.warn("Error on ingesting out-of-order exemplars", "scrape_pool", target.pool(), "target", target.url(),
                    "num_dropped", r.exemplarOutOfOrder());
        }
        if ("sample limit exceeded".equals(r.error())) {
            m.exceededSampleLimit.increment();
        }
    }

    /** The next tick on the target's phase that is still ahead. Called under lock. */
    private void scheduleNext() {
        long now = System.currentTimeMillis();
        long nextTick = nextTickAfter(now);
        try {
            next = ctx.timer().schedule(this::tick, nextTick - now, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            stopped = true;
        }
    }

    private long nextTickAfter(long now) {
        if (now < firstTick) {
            return firstTick;
        }
        long k = (now - firstTick) / intervalMs + 1;
        return firstTick + k * intervalMs;
    }

    /**
     * Stops scraping: cancels the next tick, aborts a scrape in flight and waits (bounded by
     * the timeout) until a running append is over, so that the cache may be handed on.
     *
     * @param staleMarkers whether to mark the target's series stale one interval later
     */
    void stop(boolean staleMarkers) {
        long staleTime;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            // Appends still running finish normally; the end-of-run markers use a plain appender.
            session.close();
            if (next != null) {
                next.cancel(false);
            }
            if (inflight != null) {
                inflight.abort(new CancellationException("target removed"));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs + 1000);
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!staleMarkers || !everAppended) {
                return;
            }
            staleTime = nextTickAfter(System.currentTimeMillis());
        }
        long delay = staleTime - System.currentTimeMillis() + intervalMs + intervalMs / 10;
        try {
            ctx.timer().schedule(() -> ctx.worker().execute(() -> endOfRunStaleness(staleTime)), Math.max(0, delay),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // The manager is stopping: Prometheus writes no end-of-run markers then either.
        }
    }

    private void endOfRunStaleness(long staleTime) {
        synchronized (lock) {
            long maxTime = System.currentTimeMillis() + FUTURE_LIMIT_MS;
            Appender app = ctx.storage().appender();
            AppendResult r = append.append(app, EMPTY, 0, 0, null, staleTime, maxTime);
            String err = r.error();
            if (err == null) {
                err = append.reportStale(app, staleTime);
            }
            if (err != null) {
                app.rollback();
                Log.warn("stale markers at end of run failed", "scrape_pool", target.pool(), "target", target.url(), "err", err);
                return;
            }
            try {
                app.commit();
            } catch (StorageException e) {
                Log.warn("stale markers at end of run failed", "scrape_pool", target.pool(), "target", target.url(),
                        "err", e.getMessage());
            }
        }
    }

    /** The cache, for the loop that replaces this one after {@link #stop stop(false)}. */
    ScrapeCache cache() {
        return append.cache();
    }

    Labels discovered() {
        return discovered;
    }

    String lastError() {
        return lastError;
    }

    /** Start of the last scrape (ms since the epoch), or -1. */
    long lastScrapeMs() {
        return lastScrapeMs;
    }

    long lastDurationNanos() {
        return lastDurationNanos;
    }

    TargetHealth health() {
        return health;
    }
}

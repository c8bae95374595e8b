package dev.ignis.scrape.internal.loop;

import dev.ignis.api.storage.Appendable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * What every scrape loop of a manager shares.
 *
 * @param timer fires scrape ticks and end-of-run staleness, and aborts exchanges at their scrape
 *        timeout; tasks only hand work on
 * @param worker runs appends (parse, cache, storage) off Jetty's threads
 * @param storage where samples go
 * @param metrics the manager's own counters
 * @param jitterSeed the server's current seed for first-scrape offsets (hostname and external labels)
 * @param bodyBuffers response bodies, held only while a scrape is in flight
 */
record LoopContext(ScheduledExecutorService timer, Executor worker, Appendable storage, ScrapeMetrics metrics,
        LongSupplier jitterSeed, BodyBuffers bodyBuffers) {
}

package dev.ignis.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service that reports in-process metrics: the server's own (exposed on
 * /metrics) or a plugin's. Implementations must be thread-safe and fast: collect is called on
 * every scrape of /metrics. Families with the same name from two exporters are an error on
 * the consumer's side; each exporter owns its names.
 */
@ConsumerType
public interface Exporter {
    /** Writes the current values of all families this exporter owns. */
    void collect(MetricWriter writer);
}

/**
 * The scrape loop's append step: one scraped body into an {@code Appender} through the parsers,
 * the scrape cache, target labels and metric relabeling, with Prometheus 2.42's limits, errors,
 * stale markers and synthetic report series.
 */
package dev.ignis.scrape.internal.append;

/**
 * Exposition parsers: Prometheus text format 0.0.4 and OpenMetrics 1.0, hand-written pull
 * parsers over a {@code byte[]} that accept, reject and word errors as Prometheus 2.42 does,
 * hand out series as slices of the input and allocate nothing per sample on the steady path.
 * {@link dev.ignis.scrape.internal.parse.Parsers} picks one by Content-Type.
 */
package dev.ignis.scrape.internal.parse;

/**
 * Per-target scrape state: the scrape cache from raw series bytes to storage ref and labels,
 * staleness tracking between scrapes, and the target's metric metadata.
 */
package dev.ignis.scrape.internal.cache;

package dev.ignis.scrape.internal.discovery;

import dev.ignis.api.discovery.TargetDiscovery.PoolKind;

/** A pool: a scrape job (named by job_name) or an alertmanager set ({@code config-<i>}). */
record PoolKey(PoolKind kind, String name) {
}

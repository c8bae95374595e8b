package dev.ignis.scrape.internal.discovery;

import dev.ignis.api.config.SdConfig;

/**
 * One {@code *_sd_configs} section of a pool. It lives as long as the section stays in the
 * config unchanged; the discoverer serving it ({@link Session}) may come and go with factories.
 */
final class Provider {
    final PoolKey pool;
    final SdConfig config;
    /**
     * The running discoverer, or null while no factory serves the section. Written under both of
     * the manager's locks, so either is enough to read it.
     */
    Session session;
    /** Why no discoverer runs (missing plugin, invalid section), or null. Guarded by the state lock. */
    String problem;

    Provider(PoolKey pool, SdConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** Whether {@code other} describes the same discovery: same key, same raw content, same base directory. */
    boolean sameSection(SdConfig other) {
        return config.key().equals(other.key()) && config.raw().equals(other.raw())
                && config.baseDir().equals(other.baseDir());
    }
}

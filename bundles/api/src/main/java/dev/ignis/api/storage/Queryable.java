package dev.ignis.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/** Source of queriers. Thread-safe. */
@ProviderType
public interface Queryable {
    /** A querier over [mint, maxt] in milliseconds, both inclusive. */
    Querier querier(long mint, long maxt);
}

package dev.ignis.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/** Source of appenders. Thread-safe. */
@ProviderType
public interface Appendable {
    /** A new appender for one batch. */
    Appender appender();
}

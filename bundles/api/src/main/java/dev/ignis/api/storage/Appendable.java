package dev.ignis.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/** Source of appenders. Thread-safe. */
@ProviderType
public interface Appendable {
    /** A new appender for one batch. */
    Appender appender();

    /**
     * A session for a caller that appends about the same series batch after batch (a scrape
     * loop). The storage may keep state between the session's batches to make them cheaper
     * (the TSDB keeps the series it appended reserved for the session); batches of other
     * appenders to the same series stay correct, only slower. Close it when done. The default
     * hands out plain appenders.
     *
     * @since storage 1.4
     */
    default AppendSession session() {
        return new AppendSession() {
            @Override
            public Appender appender() {
                return Appendable.this.appender();
            }

            @Override
            public void close() {
            }
        };
    }
}

package dev.ignis.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Appenders for one caller that appends about the same series batch after batch, one batch at
 * a time (a scrape loop); see {@link Appendable#session()}. Thread-safe, but its appenders are
 * meant to be open one at a time: an appender opened while another of the session is still
 * open works as a plain {@link Appendable#appender()} one.
 *
 * @since storage 1.4
 */
@ProviderType
public interface AppendSession extends AutoCloseable {

    /** A new appender for one batch, with the same guarantees as {@link Appendable#appender()}. */
    Appender appender();

    /**
     * Ends the session; appenders opened afterwards are plain ones. An appender still open
     * commits or rolls back as usual.
     */
    @Override
    void close();
}

package dev.ignis.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The storage's WAL replay progress. Registered before the replay starts (unlike
 * {@link Storage}, which appears once it is done), so it can be read while the server is not
 * ready yet. Thread-safe.
 */
@ProviderType
public interface WalReplayProgress {
    /** The current progress. */
    WalReplayStatus status();
}

package dev.ignis.tsdb.internal.wal;

import dev.ignis.api.storage.WalReplayStatus;

/**
 * Where the WAL replay of this bundle's data directory is, for {@code /api/v1/status/walreplay}.
 * One per bundle ({@link #SHARED}): the storage component replays inside its own activation,
 * before any service could be handed to it, and a bundle opens one data directory. Written by
 * {@link WalReplay}, read by any thread.
 */
public class ReplayProgress {

    /** The progress of the bundle's storage. */
    public static final ReplayProgress SHARED = new ReplayProgress();

    private volatile WalReplayStatus status = WalReplayStatus.NONE;

    /** The current progress. */
    public WalReplayStatus status() {
        return status;
    }

    /** A replay of segments {@code min..max} begins; nothing is read yet. */
    void start(int min, int max) {
        status = new WalReplayStatus(min, max, min);
    }

    /** Segment (or checkpoint) {@code segment} has been read. */
    void read(int segment) {
        WalReplayStatus s = status;
        status = new WalReplayStatus(s.min(), s.max(), segment);
    }
}

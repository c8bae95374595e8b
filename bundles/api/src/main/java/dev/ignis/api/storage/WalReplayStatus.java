package dev.ignis.api.storage;

/**
 * Progress of the WAL replay at start-up, as {@code /api/v1/status/walreplay} reports it:
 * segment numbers, all zero before a replay starts and in agent mode.
 *
 * @param min the first segment replayed (the checkpoint's number when there is one, else 0)
 * @param max the last segment, counting the new one the WAL writes into after the replay
 * @param current the last segment read so far; equals {@code max} once the replay is done
 */
public record WalReplayStatus(int min, int max, int current) {
    /** Nothing replayed (yet). */
    public static final WalReplayStatus NONE = new WalReplayStatus(0, 0, 0);
}

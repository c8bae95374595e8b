package dev.ignis.tsdb.internal.head;

import java.io.IOException;

/** Where the head makes a batch durable before applying it: the WAL, or nothing. */
@FunctionalInterface
public interface CommitLog {
    /** Logs nothing. */
    CommitLog NONE = batch -> { };

    /**
     * Writes the batch's new series and its samples. Called by one committing thread at a time
     * per batch; implementations serialise concurrent commits themselves.
     */
    void log(AppendBatch batch) throws IOException;
}

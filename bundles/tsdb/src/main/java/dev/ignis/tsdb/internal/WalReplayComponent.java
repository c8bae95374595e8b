package dev.ignis.tsdb.internal;

import dev.ignis.api.storage.WalReplayProgress;
import dev.ignis.api.storage.WalReplayStatus;
import dev.ignis.tsdb.internal.wal.ReplayProgress;
import org.osgi.service.component.annotations.Component;

/**
 * {@link WalReplayProgress} of the storage's WAL replay, registered while the replay runs. In
 * agent mode nothing updates it and it reports zeros, as Prometheus 2.42's agent does.
 */
@Component(name = "dev.ignis.tsdb.walreplay", service = WalReplayProgress.class)
public final class WalReplayComponent implements WalReplayProgress {
    @Override
    public WalReplayStatus status() {
        return ReplayProgress.SHARED.status();
    }
}

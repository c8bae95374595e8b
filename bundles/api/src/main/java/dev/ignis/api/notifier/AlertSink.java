package dev.ignis.api.notifier;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Accepts alerts for delivery. Never blocks on the network: alerts are queued, and the oldest
 * are dropped (and counted) when the queue is full. Thread-safe.
 */
@ProviderType
public interface AlertSink {
    /** Queues alerts for every configured Alertmanager. */
    void send(List<Alert> alerts);
}

package dev.ignis.api.notifier;

import dev.ignis.api.labels.Labels;
import java.time.Instant;

/**
 * An alert as sent to Alertmanager.
 *
 * @param endsAt when the alert resolves or is presumed resolved; {@code null} if unknown
 */
public record Alert(Labels labels, Labels annotations, Instant startsAt, Instant endsAt, String generatorUrl) {
}

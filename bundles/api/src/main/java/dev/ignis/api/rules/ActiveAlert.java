package dev.ignis.api.rules;

import dev.ignis.api.labels.Labels;
import java.time.Instant;

/**
 * A pending or firing alert.
 *
 * @param state "pending" or "firing"
 * @param keepFiringSince when keep_firing_for started holding the alert, or {@code null}
 */
public record ActiveAlert(Labels labels, Labels annotations, String state, Instant activeAt,
        double value, Instant keepFiringSince) {
}

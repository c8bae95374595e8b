package dev.ignis.api.rules;

import dev.ignis.api.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One rule's definition and health.
 *
 * @param alerting true for an alerting rule, false for a recording rule
 * @param state "inactive", "pending" or "firing" for alerting rules; "" for recording rules
 * @param health "ok", "err" or "unknown"
 * @param lastError the last evaluation error, or "" when none
 */
public record RuleState(
        String name, String query, boolean alerting, Duration duration, Duration keepFiringFor,
        Labels labels, Labels annotations, String state, List<ActiveAlert> alerts,
        String health, String lastError, Duration evaluationTime, Instant lastEvaluation) {
    public RuleState {
        alerts = List.copyOf(alerts);
    }
}

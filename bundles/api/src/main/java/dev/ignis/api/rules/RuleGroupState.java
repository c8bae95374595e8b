package dev.ignis.api.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A rule group's definition and last evaluation. */
public record RuleGroupState(
        String name, String file, Duration interval, int limit,
        List<RuleState> rules, Duration evaluationTime, Instant lastEvaluation) {
    public RuleGroupState {
        rules = List.copyOf(rules);
    }
}

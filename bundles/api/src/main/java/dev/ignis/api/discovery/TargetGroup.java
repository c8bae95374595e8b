package dev.ignis.api.discovery;

import dev.ignis.api.labels.Labels;
import java.util.List;

/**
 * A set of targets with common labels, as a discoverer reports them.
 *
 * @param source identifies the group within its discoverer; a later group with the same
 *               source replaces it, and an empty {@code targets} list removes it
 * @param targets each target's own labels, at least {@code __address__}
 * @param labels labels common to all targets of the group
 */
public record TargetGroup(String source, List<Labels> targets, Labels labels) {
    public TargetGroup {
        targets = List.copyOf(targets);
    }
}

package dev.ignis.scrape.internal.append;

import dev.ignis.api.labels.Labels;
import dev.ignis.scrape.internal.relabel.Relabeler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the labels a target exposed into the labels stored, as Prometheus 2.42 does: target
 * labels are attached (with {@code honor_labels} the exposed value wins, otherwise the target's
 * value wins and the exposed one moves to {@code exported_<name>}, prefixed again until the name
 * is free), then {@code metric_relabel_configs} run. Used on scrape-cache misses only.
 */
final class SampleMutator {
    private static final String EXPORTED_PREFIX = "exported_";

    private final Labels targetLabels;
    private final boolean honorLabels;
    private final Relabeler metricRelabel;

    /**
     * @param targetLabels the target's public labels (no {@code __} prefixed ones)
     * @param metricRelabel the pool's metric relabeling, or null for none
     */
    SampleMutator(Labels targetLabels, boolean honorLabels, Relabeler metricRelabel) {
        this.targetLabels = targetLabels;
        this.honorLabels = honorLabels;
        this.metricRelabel = metricRelabel == null || metricRelabel.isEmpty() ? null : metricRelabel;
    }

    /** The labels to store, or null when metric relabeling dropped the sample. */
    Labels mutate(Labels exposed) {
        Labels.Builder b = exposed.toBuilder();
        if (honorLabels) {
            for (int i = 0; i < targetLabels.size(); i++) {
                if (!exposed.has(targetLabels.name(i))) {
                    b.set(targetLabels.name(i), targetLabels.value(i));
                }
            }
        } else {
            List<String[]> conflicts = null;
            for (int i = 0; i < targetLabels.size(); i++) {
                String name = targetLabels.name(i);
                String existing = exposed.get(name);
                if (!existing.isEmpty()) {
                    if (conflicts == null) {
                        conflicts = new ArrayList<>(2);
                    }
                    conflicts.add(new String[] {name, existing});
                }
                b.set(name, targetLabels.value(i));
            }
            if (conflicts != null) {
                resolveConflicts(b, exposed, conflicts);
            }
        }
        Labels res = b.build();
        return metricRelabel == null ? res : metricRelabel.process(res);
    }

    private void resolveConflicts(Labels.Builder b, Labels exposed, List<String[]> conflicts) {
        conflicts.sort(Comparator.comparingInt(c -> c[0].length())); // stable: shorter names first
        List<String> taken = new ArrayList<>(conflicts.size());
        for (String[] c : conflicts) {
            String newName = c[0];
            do {
                newName = EXPORTED_PREFIX + newName;
            } while (exposed.has(newName) || targetLabels.has(newName) || taken.contains(newName));
            taken.add(newName);
            b.set(newName, c[1]);
        }
    }
}

package dev.ignis.api.storage;

import dev.ignis.api.labels.Labels;
import java.util.List;

/** The exemplars of one series, oldest first: one entry of a {@code /api/v1/query_exemplars} answer. */
public record ExemplarSeries(Labels seriesLabels, List<Exemplar> exemplars) {
    public ExemplarSeries {
        exemplars = List.copyOf(exemplars);
    }
}

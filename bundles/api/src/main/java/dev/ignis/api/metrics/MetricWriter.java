package dev.ignis.api.metrics;

import dev.ignis.api.labels.Labels;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Receives metric families from an {@link Exporter}. A family is announced with
 * {@link #family} and followed by its samples; sample names carry the type's suffixes
 * ({@code _total}, {@code _bucket}, {@code _sum}, {@code _count}) where the type needs them.
 * Used by one thread during one {@link Exporter#collect} call.
 */
@ProviderType
public interface MetricWriter {
    /** Starts a family. */
    void family(String name, MetricType type, String help);

    /** One sample of the current family. */
    void sample(String name, Labels labels, double value);

    /** One unlabelled sample of the current family. */
    default void sample(String name, double value) {
        sample(name, Labels.EMPTY, value);
    }
}

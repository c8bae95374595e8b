package dev.ignis.api.config;

import java.util.List;

/**
 * One relabeling rule ({@code relabel_configs}, {@code metric_relabel_configs},
 * {@code write_relabel_configs}, {@code alert_relabel_configs}), validated as Prometheus does.
 *
 * @param sourceLabels label names whose values are joined by {@code separator}
 * @param separator default {@code ;}
 * @param regex default {@code (.*)}
 * @param modulus for {@code hashmod}; 0 when unset
 * @param targetLabel may contain {@code $1}/{@code ${name}} for {@code replace}; "" when unset
 * @param replacement default {@code $1}
 * @param action default {@code replace}
 */
public record RelabelConfig(List<String> sourceLabels, String separator, Regex regex, long modulus,
        String targetLabel, String replacement, RelabelAction action) {

    /** Prometheus's defaults: separator {@code ;}, regex {@code (.*)}, replacement {@code $1}, replace. */
    public static final RelabelConfig DEFAULT =
            new RelabelConfig(List.of(), ";", Regex.DEFAULT, 0, "", "$1", RelabelAction.REPLACE);

    public RelabelConfig {
        sourceLabels = List.copyOf(sourceLabels);
    }
}

/**
 * Relabeling as Prometheus 2.42 does it: {@link dev.ignis.scrape.internal.relabel.Relabeler}
 * applies {@code relabel_configs}/{@code metric_relabel_configs} rules (all eleven actions,
 * Go's template expansion), and {@link dev.ignis.scrape.internal.relabel.TargetLabels} turns
 * discovered target groups into scrape targets.
 */
package dev.ignis.scrape.internal.relabel;

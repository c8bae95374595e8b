package dev.ignis.scrape.internal.loop;

import dev.ignis.scrape.internal.append.AppendOptions;
import dev.ignis.scrape.internal.relabel.Relabeler;

/**
 * A pool's per-loop settings, derived once per config.
 *
 * @param metricRelabel the compiled {@code metric_relabel_configs} (each loop takes its own
 *                      copy), or null when there are none
 * @param bodySizeLimit bytes, 0 = unlimited
 */
record LoopSettings(AppendOptions appendOptions, Relabeler metricRelabel, long bodySizeLimit) {
}

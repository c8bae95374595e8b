/** In-process metrics: the Exporter whiteboard service and the writer it reports to. */
@Export
@Version("1.0.0")
package dev.ignis.api.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

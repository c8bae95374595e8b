/** The parsed prometheus.yml, the server's flags and the service that publishes both. */
@Export
@Version("1.1.0")
package dev.ignis.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

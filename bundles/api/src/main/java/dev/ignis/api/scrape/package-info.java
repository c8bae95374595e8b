/** Read side of the scrape manager: targets, their health and their metric metadata. */
@Export
@Version("1.0.0")
package dev.ignis.api.scrape;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** The alert sink that rule evaluation hands firing and resolved alerts to. */
@Export
@Version("1.0.0")
package dev.ignis.api.notifier;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

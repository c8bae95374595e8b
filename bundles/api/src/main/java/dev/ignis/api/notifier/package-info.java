/**
 * The alert sink that rule evaluation hands firing and resolved alerts to, and the notifier's
 * read side (the discovered Alertmanagers).
 */
@Export
@Version("1.1.0")
package dev.ignis.api.notifier;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Read side of the rule manager: groups, rules and active alerts. */
@Export
@Version("1.0.0")
package dev.ignis.api.rules;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

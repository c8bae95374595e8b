/** The PromQL query engine service and its result values. */
@Export
@Version("1.2.0")
package dev.ignis.api.query;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

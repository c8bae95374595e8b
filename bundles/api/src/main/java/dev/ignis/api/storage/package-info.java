/** Storage contract between the TSDB and everything that appends or queries samples. */
@Export
@Version("1.4.0")
package dev.ignis.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/** Service discovery plugin points (whiteboard) and the discovered target groups. */
@Export
@Version("1.0.0")
package dev.ignis.api.discovery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

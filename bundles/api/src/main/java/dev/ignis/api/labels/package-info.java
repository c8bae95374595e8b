/** Label sets: immutable, sorted, interned, cheap to hash and compare. */
@Export
@Version("1.2.0")
package dev.ignis.api.labels;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

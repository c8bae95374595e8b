/** Implementation of the Ignis discovery-file bundle; private to the bundle. */
package dev.ignis.discovery.file.internal;

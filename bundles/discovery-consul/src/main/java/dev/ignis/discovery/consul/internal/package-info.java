/** Implementation of the Ignis discovery-consul bundle; private to the bundle. */
package dev.ignis.discovery.consul.internal;

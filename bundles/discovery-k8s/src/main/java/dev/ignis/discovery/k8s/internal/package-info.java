/** Implementation of the Ignis discovery-k8s bundle; private to the bundle. */
package dev.ignis.discovery.k8s.internal;

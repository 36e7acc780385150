/**
 * Micrometer meters of TCP clients. Used only when Micrometer is on the classpath.
 */
@NullMarked
package dev.tcpstarter.metrics;

import org.jspecify.annotations.NullMarked;

/**
 * Micrometer metrics and observations of TCP listeners, as
 * {@link dev.tcpstarter.listener.TcpListenerObserver}s, and meters of TCP clients. Used
 * only when Micrometer is on the classpath.
 */
@NullMarked
package dev.tcpstarter.metrics;

import org.jspecify.annotations.NullMarked;

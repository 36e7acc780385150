/**
 * The public face of running listeners: the {@link TcpListenerRegistry} lifecycle, the
 * {@link TcpListenerDefinition} of each listener, the read-only {@link TcpServer} view
 * with its statistics, the events, the observer and customizer extension points, and the
 * {@link TcpServerFactory} SPI behind which the transport runs.
 */
@NullMarked
package dev.tcpstarter.listener;

import org.jspecify.annotations.NullMarked;

/**
 * The public face of running listeners: the {@link TcpListenerRegistry} lifecycle, the
 * {@link TcpListenerDefinition} of each listener, the read-only {@link TcpServer} view
 * with its statistics, the events, and the observer and customizer extension points.
 * Users import this package; the transport behind it is internal
 * ({@code dev.tcpstarter.integration}).
 */
@NullMarked
package dev.tcpstarter.listener;

import org.jspecify.annotations.NullMarked;

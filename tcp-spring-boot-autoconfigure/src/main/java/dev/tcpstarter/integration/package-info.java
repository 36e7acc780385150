/**
 * The Spring Integration implementation of TCP listeners: one server connection factory
 * per listener ({@link dev.tcpstarter.integration.IntegrationTcpServerFactory} is the
 * only public type), a table of its open connections that admits, drains and watches
 * them, the establishment of each connection (PROXY header, TLS), the per-connection
 * session that calls the user's handlers, and the net and nio connection classes that run
 * the read loops.
 */
@NullMarked
package dev.tcpstarter.integration;

import org.jspecify.annotations.NullMarked;

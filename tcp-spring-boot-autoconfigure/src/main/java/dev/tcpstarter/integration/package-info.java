/**
 * Internal: not for applications, and may change in any release. The engine behind the
 * public packages, on Spring Integration: the discovery of {@code @TcpService} beans and
 * their handler methods, the framings, the PROXY protocol, the client's connections, and
 * for listeners one server connection factory per listener, a table of its open
 * connections that admits, drains and watches them, the establishment of each connection
 * (PROXY header, TLS), the per-connection session that calls the user's handlers, and the
 * net and nio connection classes that run the read loops.
 */
@NullMarked
package dev.tcpstarter.integration;

import org.jspecify.annotations.NullMarked;

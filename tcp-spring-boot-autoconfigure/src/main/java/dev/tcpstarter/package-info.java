/**
 * Public API of TCP services: {@link dev.tcpstarter.TcpCaller} and the
 * {@link dev.tcpstarter.TcpException} hierarchy. The annotations live in
 * {@link dev.tcpstarter.annotation}.
 */
@NullMarked
package dev.tcpstarter;

import org.jspecify.annotations.NullMarked;

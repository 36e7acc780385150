/**
 * Annotations that declare TCP services: {@link dev.tcpstarter.annotation.TcpService}
 * beans with an {@link dev.tcpstarter.annotation.OnConnect} method that returns a
 * per-connection {@link dev.tcpstarter.annotation.ConnectionService}.
 */
@NullMarked
package dev.tcpstarter.annotation;

import org.jspecify.annotations.NullMarked;

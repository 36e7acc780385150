/**
 * Discovery and registration of {@code @TcpService} beans: the bean post-processor that
 * reads them, the endpoints it collects, and the registrar that binds each service to its
 * listener in the {@link dev.tcpstarter.listener.TcpListenerRegistry}.
 */
@NullMarked
package dev.tcpstarter.config;

import org.jspecify.annotations.NullMarked;

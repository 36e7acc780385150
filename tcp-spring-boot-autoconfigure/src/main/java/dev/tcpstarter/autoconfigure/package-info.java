/**
 * Auto-configuration of TCP services: properties under {@code tcp.*}, the beans that
 * discover {@code @TcpService} beans and run their listeners, and failure analyzers for
 * startup errors.
 */
@NullMarked
package dev.tcpstarter.autoconfigure;

import org.jspecify.annotations.NullMarked;

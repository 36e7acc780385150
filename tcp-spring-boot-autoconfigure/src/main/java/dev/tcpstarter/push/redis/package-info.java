/**
 * The {@code redis} transport of {@link dev.tcpstarter.push.TcpPush}: Spring
 * Integration's Redis pub/sub channel, made to carry the binary push envelope, keep its
 * order, and survive a Redis that is down at startup. Used only when
 * {@code spring-integration-redis} is on the classpath.
 */
@NullMarked
package dev.tcpstarter.push.redis;

import org.jspecify.annotations.NullMarked;

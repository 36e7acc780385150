/**
 * The {@code kafka} transport of {@link dev.tcpstarter.push.TcpPush}: Spring
 * Integration's publish-subscribe Kafka channel on a producer and a consumer of its own
 * (byte[] records, fail-fast settings, a consumer group per instance), so that the
 * application's own Kafka setup is left as it is. Used only when
 * {@code spring-integration-kafka} is on the classpath.
 */
@NullMarked
package dev.tcpstarter.push.kafka;

import org.jspecify.annotations.NullMarked;

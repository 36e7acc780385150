/**
 * Push from anywhere: {@link dev.tcpstarter.push.TcpPush} sends a frame to a group of
 * connections, one connection or every connection of a listener, on every instance of the
 * application, through one Spring Integration
 * {@link org.springframework.messaging.SubscribableChannel} (in memory, Redis pub/sub or
 * Kafka). The {@link dev.tcpstarter.push.PushRegistry} keeps this instance's connections
 * and their groups; the listener reports its connections to it as
 * {@link dev.tcpstarter.push.PushMember}s.
 */
@NullMarked
package dev.tcpstarter.push;

import org.jspecify.annotations.NullMarked;

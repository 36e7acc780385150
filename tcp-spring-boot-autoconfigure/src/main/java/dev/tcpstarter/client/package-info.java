/**
 * A blocking TCP client, {@link dev.tcpstarter.client.TcpClient}, with the framings of
 * the listeners, built on Spring Integration's client connection factory.
 */
@NullMarked
package dev.tcpstarter.client;

import org.jspecify.annotations.NullMarked;

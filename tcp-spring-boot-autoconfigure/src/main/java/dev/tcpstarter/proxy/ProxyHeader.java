package dev.tcpstarter.proxy;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * What a PROXY protocol header said, and the bytes read while looking for one.
 *
 * @param source the original client, or {@code null} when the header carries no address
 * (v1 {@code UNKNOWN}, v2 {@code LOCAL}, or no header under {@code optional})
 * @param destination the address the client connected to, or {@code null}
 * @param unread bytes read from the stream that were not part of a header; they belong to
 * the connection's data
 */
public record ProxyHeader(@Nullable InetSocketAddress source, @Nullable InetSocketAddress destination, byte[] unread) {

	static final byte[] NONE = {};

}

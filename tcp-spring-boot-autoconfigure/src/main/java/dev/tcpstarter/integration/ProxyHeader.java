package dev.tcpstarter.integration;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * What a PROXY protocol header said, and the bytes read while looking for one.
 *
 * @param present whether the connection started with a header (under {@code optional} it
 * may not)
 * @param source the original client, or {@code null} when the header names no IP address
 * (v1 {@code UNKNOWN}, v2 {@code LOCAL}, v2 {@code AF_UNSPEC} or {@code AF_UNIX}) or
 * there is no header: the socket peer is then the client, also for the address policies
 * @param destination the address the client connected to, or {@code null}
 * @param unread bytes read from the stream that were not part of a header; they belong to
 * the connection's data
 */
record ProxyHeader(boolean present, @Nullable InetSocketAddress source, @Nullable InetSocketAddress destination,
		byte[] unread) {

	static final byte[] NONE = {};

}

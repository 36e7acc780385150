package dev.tcpstarter.integration;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

/**
 * Who is on either end of an established connection, as its {@code TcpCaller} reports it.
 *
 * @param remote the client: the socket peer, or the source named by a trusted PROXY
 * protocol header
 * @param proxy the load balancer that sent that header, or {@code null} for a direct
 * connection
 * @param local the address the connection was accepted on
 * @param sslSession the TLS session, or {@code null} for plain TCP
 */
record ConnectionAddresses(InetSocketAddress remote, @Nullable InetSocketAddress proxy, InetSocketAddress local,
		@Nullable SSLSession sslSession) {

	/**
	 * Return the client address as an IP literal.
	 */
	String remoteHost() {
		return hostOf(this.remote);
	}

	/**
	 * Return the local address as an IP literal.
	 */
	String localHost() {
		return hostOf(this.local);
	}

	private static String hostOf(InetSocketAddress address) {
		return (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
	}

}

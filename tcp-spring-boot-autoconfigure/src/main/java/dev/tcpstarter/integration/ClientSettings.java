package dev.tcpstarter.integration;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;

import dev.tcpstarter.client.TcpClientConnectionFactoryCustomizer;
import dev.tcpstarter.client.TcpCorrelation;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * What a {@link dev.tcpstarter.client.TcpClient.Builder} was told, fixed when the client
 * is built, so that changing the builder afterwards does not change the client. The
 * builder holds every default and checks every value as it is set, and derives the codec
 * and the names used in messages; this record only carries them to the
 * {@link ClientConnections}: no default or rule is repeated here.
 * <p>
 * Public only because the builder, in {@code dev.tcpstarter.client}, creates it: not for
 * applications.
 *
 * @param name the name, for messages, logs and metrics
 * @param target {@code host:port} and the name when one was given, for error messages
 * @param host the host to connect to
 * @param port the port to connect to
 * @param localHost the local address to connect from, or {@code null} for any
 * @param connectTimeout how long connecting may take, zero for the OS's limit
 * @param readTimeout how long a read or a request may wait, zero for no limit
 * @param writeTimeout how long a write may block, zero for no limit
 * @param handshakeTimeout how long the TLS handshake may take, zero for no limit
 * @param charset the charset of text
 * @param maxFrameSize the largest frame accepted, whatever the codec
 * @param serializer encodes frames
 * @param deserializer decodes frames
 * @param tls the TLS settings, or {@code null} for plain TCP
 * @param socketOptions the socket options
 * @param correlation matches answers by key, or {@code null} to match in order
 * @param poolSize the number of connections
 * @param maxPendingRequests the most requests waiting for an answer on one connection
 * @param reconnect whether lost connections are reopened in the background
 * @param reconnectInitialDelay the delay before the first background reconnect
 * @param reconnectMaxDelay the longest delay between background reconnects, before jitter
 * @param reconnectMultiplier the growth of the delay per failed reconnect
 * @param threadFactory creates the reader thread of each connection
 * @param eventPublisher where to publish connection events, or {@code null}
 * @param customizers customizers of the connection factory
 */
public record ClientSettings(String name, String target, String host, int port, @Nullable String localHost,
		Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Duration handshakeTimeout,
		Charset charset, int maxFrameSize, Serializer<byte[]> serializer, Deserializer<byte[]> deserializer,
		@Nullable Tls tls, TcpSocketOptions socketOptions, @Nullable TcpCorrelation correlation, int poolSize,
		int maxPendingRequests, boolean reconnect, Duration reconnectInitialDelay, Duration reconnectMaxDelay,
		double reconnectMultiplier, ThreadFactory threadFactory, @Nullable ApplicationEventPublisher eventPublisher,
		List<TcpClientConnectionFactoryCustomizer> customizers) {

	/**
	 * Return how long opening a connection may take in total: the connect timeout and the
	 * TLS handshake timeout, zero when either has no limit.
	 */
	Duration openTimeout() {
		if (this.connectTimeout.isZero() || (this.tls != null && this.handshakeTimeout.isZero())) {
			return Duration.ZERO;
		}
		return (this.tls != null) ? this.connectTimeout.plus(this.handshakeTimeout) : this.connectTimeout;
	}

	/**
	 * Return the delays of background reconnects.
	 */
	Backoff backoff() {
		return new Backoff(this.reconnectInitialDelay, this.reconnectMaxDelay, this.reconnectMultiplier);
	}

	/**
	 * The TLS settings of a client.
	 *
	 * @param sslContext the context
	 * @param enabledProtocols the protocols, or {@code null} for the context's
	 * @param ciphers the cipher suites, or {@code null} for the context's
	 * @param verifyHostname whether the server's certificate must be valid for the name
	 * connected to
	 * @param serverName the name to send (SNI) and verify instead of the host, or
	 * {@code null}
	 */
	public record Tls(SSLContext sslContext, String @Nullable [] enabledProtocols, String @Nullable [] ciphers,
			boolean verifyHostname, @Nullable String serverName) {

	}

}

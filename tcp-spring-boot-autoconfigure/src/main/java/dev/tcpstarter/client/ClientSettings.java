package dev.tcpstarter.client;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

import dev.tcpstarter.integration.Framings;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * What a {@link TcpClient.Builder} was told, fixed when the client is built, so that
 * changing the builder afterwards does not change the client. The builder holds every
 * default and checks every value as it is set; this class only copies them (and derives
 * the codec and the names used in messages): no default or rule is repeated here.
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
 * @param backoff the delays of background reconnects
 * @param threadFactory creates the reader thread of each connection
 * @param eventPublisher where to publish connection events, or {@code null}
 * @param customizers customizers of the connection factory
 */
record ClientSettings(String name, String target, String host, int port, @Nullable String localHost,
		Duration connectTimeout, Duration readTimeout, Duration writeTimeout, Duration handshakeTimeout,
		Charset charset, int maxFrameSize, Serializer<byte[]> serializer, Deserializer<byte[]> deserializer,
		@Nullable Tls tls, TcpSocketOptions socketOptions, @Nullable TcpCorrelation correlation, int poolSize,
		int maxPendingRequests, boolean reconnect, Backoff backoff, ThreadFactory threadFactory,
		@Nullable ApplicationEventPublisher eventPublisher, List<TcpClientConnectionFactoryCustomizer> customizers) {

	/**
	 * Fix the settings of a builder.
	 * @param builder the builder
	 * @return the settings
	 * @throws IllegalStateException if the host or the port is not set
	 */
	static ClientSettings of(TcpClient.Builder builder) {
		String host = builder.host;
		Assert.state(host != null, "host must be set");
		Assert.state(builder.port > 0, "port must be set");
		String name = (builder.name != null) ? builder.name : host + ":" + builder.port;
		String target = host + ":" + builder.port + ((builder.name != null) ? " (client '" + builder.name + "')" : "");
		Serializer<byte[]> serializer = builder.serializer;
		Deserializer<byte[]> deserializer = builder.deserializer;
		if (serializer == null || deserializer == null) {
			AbstractByteArraySerializer codec = Framings.create(builder.framing, builder.maxFrameSize,
					builder.lengthPrefixSize);
			Assert.state(codec != null, () -> "Unknown framing '" + builder.framing + "'");
			serializer = codec;
			deserializer = codec;
		}
		SSLContext sslContext = builder.sslContext;
		Tls tls = (sslContext != null) ? new Tls(sslContext, builder.enabledProtocols, builder.ciphers,
				builder.verifyHostname, builder.serverName) : null;
		Backoff backoff = new Backoff(builder.reconnectInitialDelay, builder.reconnectMaxDelay,
				builder.reconnectMultiplier);
		ThreadFactory threads = (builder.threadFactory != null) ? builder.threadFactory : daemonThreads(name);
		return new ClientSettings(name, target, host, builder.port, builder.localHost, builder.connectTimeout,
				builder.readTimeout, builder.writeTimeout, builder.handshakeTimeout, builder.charset,
				builder.maxFrameSize, serializer, deserializer, tls, builder.socketOptions, builder.correlation,
				builder.poolSize, builder.maxPendingRequests, builder.reconnect, backoff, threads,
				builder.eventPublisher, builder.customizers);
	}

	private static ThreadFactory daemonThreads(String name) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("tcp-client-" + name + "-");
		threads.setDaemon(true);
		return threads;
	}

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
	record Tls(SSLContext sslContext, String @Nullable [] enabledProtocols, String @Nullable [] ciphers,
			boolean verifyHostname, @Nullable String serverName) {

	}

}

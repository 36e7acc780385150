package dev.tcpstarter.client;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.util.Assert;

import dev.tcpstarter.framing.Framings;

/**
 * What a {@link TcpClient.Builder} was told, checked and fixed when the client is built,
 * so that changing the builder afterwards does not change the client. Read field by field
 * from the builder: nothing is passed by position.
 */
final class ClientSettings {

	private final String name;

	private final String target;

	private final String host;

	private final int port;

	private final @Nullable String localHost;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Duration writeTimeout;

	private final Duration handshakeTimeout;

	private final Charset charset;

	private final boolean autoReconnect;

	private final Serializer<byte[]> serializer;

	private final Deserializer<byte[]> deserializer;

	private final @Nullable SSLContext sslContext;

	private final String @Nullable [] enabledProtocols;

	private final String @Nullable [] ciphers;

	private final boolean verifyHostname;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final List<TcpClientConnectionFactoryCustomizer> customizers;

	/**
	 * Fix the settings of a builder.
	 * @param builder the builder
	 * @throws IllegalStateException if the host or the port is not set
	 */
	ClientSettings(TcpClient.Builder builder) {
		String host = builder.host;
		Assert.state(host != null, "Host must be set");
		Assert.state(builder.port > 0, "Port must be set");
		this.host = host;
		this.port = builder.port;
		this.name = (builder.name != null) ? builder.name : host + ":" + builder.port;
		this.target = host + ":" + builder.port + ((builder.name != null) ? " (client '" + builder.name + "')" : "");
		this.localHost = builder.localHost;
		this.connectTimeout = builder.connectTimeout;
		this.readTimeout = builder.readTimeout;
		this.writeTimeout = builder.writeTimeout;
		this.handshakeTimeout = builder.handshakeTimeout;
		this.charset = builder.charset;
		this.autoReconnect = builder.autoReconnect;
		Serializer<byte[]> serializer = builder.serializer;
		Deserializer<byte[]> deserializer = builder.deserializer;
		if (serializer == null || deserializer == null) {
			AbstractByteArraySerializer codec = Framings.create(builder.framing, builder.maxFrameSize,
					builder.lengthPrefixSize);
			Assert.state(codec != null, () -> "Unknown framing '" + builder.framing + "'");
			serializer = codec;
			deserializer = codec;
		}
		this.serializer = serializer;
		this.deserializer = deserializer;
		this.sslContext = builder.sslContext;
		this.enabledProtocols = builder.enabledProtocols;
		this.ciphers = builder.ciphers;
		this.verifyHostname = builder.verifyHostname;
		this.eventPublisher = builder.eventPublisher;
		this.customizers = builder.customizers;
	}

	/**
	 * Return the name of the client, for messages, logs and metrics.
	 */
	String name() {
		return this.name;
	}

	/**
	 * Return {@code host:port}, and the name when one was given, for error messages.
	 */
	String target() {
		return this.target;
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the local address to connect from, or {@code null} for any.
	 */
	@Nullable String localHost() {
		return this.localHost;
	}

	/**
	 * Return how long connecting may take, zero for the operating system's limit.
	 */
	Duration connectTimeout() {
		return this.connectTimeout;
	}

	/**
	 * Return how long a read may wait in total, zero for no limit.
	 */
	Duration readTimeout() {
		return this.readTimeout;
	}

	/**
	 * Return how long a write may block, zero for no limit.
	 */
	Duration writeTimeout() {
		return this.writeTimeout;
	}

	/**
	 * Return how long the TLS handshake may take, zero for no limit.
	 */
	Duration handshakeTimeout() {
		return this.handshakeTimeout;
	}

	Charset charset() {
		return this.charset;
	}

	/**
	 * Return whether the next operation after a lost connection opens a new one.
	 */
	boolean autoReconnect() {
		return this.autoReconnect;
	}

	Serializer<byte[]> serializer() {
		return this.serializer;
	}

	Deserializer<byte[]> deserializer() {
		return this.deserializer;
	}

	/**
	 * Return the TLS context, or {@code null} for plain TCP.
	 */
	@Nullable SSLContext sslContext() {
		return this.sslContext;
	}

	String @Nullable [] enabledProtocols() {
		return this.enabledProtocols;
	}

	String @Nullable [] ciphers() {
		return this.ciphers;
	}

	/**
	 * Return whether the server's certificate must be valid for the host.
	 */
	boolean verifyHostname() {
		return this.verifyHostname;
	}

	/**
	 * Return the customizers of the client's connection factory.
	 */
	List<TcpClientConnectionFactoryCustomizer> customizers() {
		return this.customizers;
	}

	/**
	 * Return where to publish connection events, or {@code null} for nowhere.
	 */
	@Nullable ApplicationEventPublisher eventPublisher() {
		return this.eventPublisher;
	}

}

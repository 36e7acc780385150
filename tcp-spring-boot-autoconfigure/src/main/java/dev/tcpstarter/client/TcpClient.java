package dev.tcpstarter.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.framing.Framings;

/**
 * A blocking TCP client with the same framings as a listener, built on Spring
 * Integration's {@code TcpNetClientConnectionFactory}. <pre class="code">
 * try (TcpClient client = TcpClient.builder().host("localhost").port(3001).framing("lf").build()) {
 * 	String reply = client.request("PING");
 * }
 * </pre> The client connects on first use (or on {@link #connect()}) and keeps one
 * connection open until {@link #close()}. {@link #readBytes()} returns the next frame
 * under the configured framing (under {@code raw}, whatever one read delivered);
 * {@link #readBytes(int)} returns exactly that many bytes of the stream, whatever the
 * framing. A client built with {@link Builder#autoReconnect(boolean)} opens a new
 * connection on the next operation after the connection was lost.
 * <p>
 * <b>Threads:</b> one thread may write while another reads, but two threads must not
 * write at once, nor read at once, except through {@link #request(byte[])}, which holds
 * the read side for the whole exchange, so concurrent requests are serialized and each
 * gets its own response. {@link #close()} may be called from any thread; it ends blocked
 * reads and writes.
 * <p>
 * <b>Errors</b> are unchecked {@link TcpException}s: {@link TcpTimeoutException} for the
 * connect, read and write timeouts; {@link TcpConnectionException} for a refused
 * connection, a connection closed or reset by the peer, other I/O errors and TLS failures
 * (untrusted certificate, hostname mismatch, rejected client certificate);
 * {@link TcpFrameException} for a frame that cannot be decoded;
 * {@link TcpConnectionClosedException} for use after {@link #close()} or, without
 * auto-reconnect, after the connection was lost. Every error closes the connection,
 * except a read timeout before any byte of the frame arrived and a frame refused before
 * anything was written.
 */
public final class TcpClient implements AutoCloseable {

	private final ClientSettings settings;

	private final TcpClientStatistics statistics = new TcpClientStatistics();

	private final ClientConnectionHolder connections;

	private final ClientReader reader;

	private final ClientWriter writer;

	private final ReentrantLock readLock = new ReentrantLock();

	private final ReentrantLock writeLock = new ReentrantLock();

	private TcpClient(ClientSettings settings) {
		this.settings = settings;
		this.connections = new ClientConnectionHolder(settings, this.statistics);
		this.reader = new ClientReader(settings, this.statistics, this.connections);
		this.writer = new ClientWriter(settings, this.statistics, this.connections);
	}

	/**
	 * Start building a client.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the name of the client: the key under {@code tcp.clients}, or
	 * {@code host:port}.
	 * @return the name
	 */
	public String name() {
		return this.settings.name();
	}

	/**
	 * Return the host the client connects to.
	 * @return the host name or address
	 */
	public String host() {
		return this.settings.host();
	}

	/**
	 * Return the port the client connects to.
	 * @return the port
	 */
	public int port() {
		return this.settings.port();
	}

	/**
	 * Return whether the client has an open connection. A connection that the peer has
	 * closed counts as open until an operation notices.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		return this.connections.openConnection() != null;
	}

	/**
	 * Return the counters of this client, for metrics.
	 * @return the statistics
	 */
	public TcpClientStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Return the TLS session of the open connection, with the server's certificates.
	 * @return the session, or empty when not connected or not using TLS
	 */
	public Optional<SSLSession> sslSession() {
		ClientConnection current = this.connections.openConnection();
		return (current != null) ? Optional.ofNullable(current.getSslSession()) : Optional.empty();
	}

	/**
	 * Connect, and complete the TLS handshake when TLS is configured. Does nothing when a
	 * connection is open. Also reopens a client after {@link #close()} or a lost
	 * connection.
	 * @throws TcpTimeoutException if the connect timeout elapses
	 * @throws TcpConnectionException if the connection is refused or TLS fails
	 */
	public void connect() {
		this.connections.connect();
	}

	/**
	 * Write one frame, encoded with the configured framing.
	 * @param data the frame payload
	 * @throws TcpException if the write fails (see the class documentation)
	 */
	public void writeBytes(byte[] data) {
		ClientConnection current = this.connections.acquire();
		this.writeLock.lock();
		try {
			this.writer.writeFrame(current, data);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Write one frame holding the text encoded with the configured charset.
	 * @param text the frame payload
	 * @throws TcpException if the write fails (see the class documentation)
	 */
	public void write(String text) {
		writeBytes(text.getBytes(this.settings.charset()));
	}

	/**
	 * Read the next frame under the configured framing, waiting at most the read timeout.
	 * Under {@code raw} framing, a frame is whatever one read delivered.
	 * @return the frame payload
	 * @throws TcpTimeoutException if no frame arrives within the read timeout
	 * @throws TcpException if the read fails (see the class documentation)
	 */
	public byte[] readBytes() {
		return read(this.settings.readTimeout());
	}

	/**
	 * Read the next frame under the configured framing, waiting at most {@code timeout}.
	 * @param timeout how long to wait in total; zero waits without limit
	 * @return the frame payload
	 * @throws TcpTimeoutException if no frame arrives in time
	 * @throws TcpException if the read fails (see the class documentation)
	 */
	public byte[] read(Duration timeout) {
		Assert.isTrue(!timeout.isNegative(), "Timeout must not be negative");
		this.readLock.lock();
		try {
			return this.reader.readFrame(this.connections.acquire(), timeout);
		}
		finally {
			this.readLock.unlock();
		}
	}

	/**
	 * Read the next frame and decode it with the configured charset.
	 * @return the frame payload as text
	 * @throws TcpException if the read fails (see {@link #readBytes()})
	 */
	public String readString() {
		return new String(readBytes(), this.settings.charset());
	}

	/**
	 * Read exactly {@code length} bytes of the stream, across frames and reads, whatever
	 * the framing (delimiters and length prefixes are bytes like any other), waiting at
	 * most the read timeout for all of them. Frames read afterwards start at the next
	 * byte.
	 * @param length the number of bytes, zero or more
	 * @return the bytes
	 * @throws TcpTimeoutException if fewer bytes arrive within the read timeout
	 * @throws TcpException if the read fails (see the class documentation)
	 */
	public byte[] readBytes(int length) {
		Assert.isTrue(length >= 0, "Length must not be negative");
		this.readLock.lock();
		try {
			return this.reader.readExactly(this.connections.acquire(), length);
		}
		finally {
			this.readLock.unlock();
		}
	}

	/**
	 * Write one frame and read the next frame: one request-response exchange. Concurrent
	 * calls are serialized.
	 * @param frame the request payload
	 * @return the response payload
	 * @throws TcpException if the write or the read fails (see the class documentation)
	 */
	public byte[] request(byte[] frame) {
		// the read side is held across the write so that
		// concurrent requests get their own response
		this.readLock.lock();
		try {
			ClientConnection current = this.connections.acquire();
			this.writeLock.lock();
			try {
				this.writer.writeFrame(current, frame);
			}
			finally {
				this.writeLock.unlock();
			}
			return this.reader.readFrame(current, this.settings.readTimeout());
		}
		finally {
			this.readLock.unlock();
		}
	}

	/**
	 * Write one frame of text and read the next frame as text, both in the configured
	 * charset.
	 * @param text the request payload
	 * @return the response payload
	 * @throws TcpException if the write or the read fails (see {@link #request(byte[])})
	 */
	public String request(String text) {
		Charset charset = this.settings.charset();
		return new String(request(text.getBytes(charset)), charset);
	}

	/**
	 * Close the connection, if one is open. Blocked reads and writes on other threads
	 * fail with {@link TcpConnectionClosedException}; later operations too, until
	 * {@link #connect()}.
	 */
	@Override
	public void close() {
		this.connections.close();
	}

	@Override
	public String toString() {
		return "TcpClient[" + this.settings.name() + " -> " + this.settings.host() + ":" + this.settings.port() + ", "
				+ this.connections.state() + "]";
	}

	/**
	 * Builds a {@link TcpClient}. Only {@link #host(String)} and {@link #port(int)} are
	 * required.
	 */
	public static final class Builder {

		// read by ClientSettings when the client is built

		@Nullable String name;

		@Nullable String host;

		int port = -1;

		@Nullable String localHost;

		Duration connectTimeout = Duration.ofSeconds(10);

		Duration readTimeout = Duration.ofSeconds(30);

		Duration writeTimeout = Duration.ofSeconds(30);

		String framing = "raw";

		int lengthPrefixSize = 4;

		@Nullable Serializer<byte[]> serializer;

		@Nullable Deserializer<byte[]> deserializer;

		int maxFrameSize = 64 * 1024;

		Charset charset = StandardCharsets.UTF_8;

		boolean autoReconnect;

		@Nullable SSLContext sslContext;

		String @Nullable [] enabledProtocols;

		String @Nullable [] ciphers;

		boolean verifyHostname = true;

		Duration handshakeTimeout = Duration.ofSeconds(10);

		@Nullable ApplicationEventPublisher eventPublisher;

		List<TcpClientConnectionFactoryCustomizer> customizers = List.of();

		private Builder() {
		}

		/**
		 * Set the name of the client, used in error messages, logs and the {@code client}
		 * tag of metrics; {@code host:port} by default.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			Assert.hasText(name, "Name must not be empty");
			this.name = name;
			return this;
		}

		/**
		 * Set the host to connect to (required). With TLS, the server's certificate must
		 * be valid for this name unless hostname verification is off.
		 * @param host a host name or an IP address
		 * @return this builder
		 */
		public Builder host(String host) {
			Assert.hasText(host, "Host must not be empty");
			this.host = host;
			return this;
		}

		/**
		 * Set the port to connect to (required).
		 * @param port a port from 1 to 65535
		 * @return this builder
		 */
		public Builder port(int port) {
			Assert.isTrue(port > 0 && port <= 65535, "port must be from 1 to 65535");
			this.port = port;
			return this;
		}

		/**
		 * Set the local address to connect from; any by default.
		 * @param localHost a local host name or IP address, or {@code null} for any
		 * @return this builder
		 */
		public Builder localHost(@Nullable String localHost) {
			this.localHost = StringUtils.hasText(localHost) ? localHost : null;
			return this;
		}

		/**
		 * Set how long connecting may take; 10 seconds by default, zero for the operating
		 * system's limit.
		 * @param connectTimeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = nonNegative(connectTimeout, "connect-timeout");
			return this;
		}

		/**
		 * Set how long a read may wait for its data in total; 30 seconds by default, zero
		 * for no limit.
		 * @param readTimeout the timeout
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = nonNegative(readTimeout, "read-timeout");
			return this;
		}

		/**
		 * Set how long a write may block because the peer does not read; 30 seconds by
		 * default, zero for no limit. A write that times out closes the connection.
		 * @param writeTimeout the timeout
		 * @return this builder
		 */
		public Builder writeTimeout(Duration writeTimeout) {
			this.writeTimeout = nonNegative(writeTimeout, "write-timeout");
			return this;
		}

		/**
		 * Set the framing of frames written and read: {@code raw} (the default),
		 * {@code lf}, {@code crlf}, {@code stx-etx} or {@code length-prefix}, as for a
		 * listener.
		 * @param framing the name of a built-in framing
		 * @return this builder
		 */
		public Builder framing(String framing) {
			String trimmed = framing.trim();
			Assert.isTrue(Framings.NAMES.contains(trimmed),
					() -> "Framing must be one of " + Framings.NAMES + " but was '" + framing + "'");
			this.framing = trimmed;
			this.serializer = null;
			this.deserializer = null;
			return this;
		}

		/**
		 * Set the size of the big-endian length prefix of {@code length-prefix} framing.
		 * @param lengthPrefixSize 1, 2 or 4 (the default)
		 * @return this builder
		 */
		public Builder lengthPrefixSize(int lengthPrefixSize) {
			Framings.checkLengthPrefixSize(lengthPrefixSize);
			this.lengthPrefixSize = lengthPrefixSize;
			return this;
		}

		/**
		 * Use a custom codec instead of a built-in framing, such as any Spring
		 * Integration {@link AbstractByteArraySerializer}. Its own maximum message size
		 * applies.
		 * @param <C> the codec type
		 * @param codec an object that is both the serializer and the deserializer
		 * @return this builder
		 */
		public <C extends Serializer<byte[]> & Deserializer<byte[]>> Builder codec(C codec) {
			return codec(codec, codec);
		}

		/**
		 * Use a custom serializer and deserializer instead of a built-in framing.
		 * @param serializer encodes frames written
		 * @param deserializer decodes frames read; it must throw Spring Integration's
		 * {@code SoftEndOfStreamException} when the stream ends between frames
		 * @return this builder
		 */
		public Builder codec(Serializer<byte[]> serializer, Deserializer<byte[]> deserializer) {
			Assert.notNull(serializer, "Serializer must not be null");
			Assert.notNull(deserializer, "Deserializer must not be null");
			this.serializer = serializer;
			this.deserializer = deserializer;
			return this;
		}

		/**
		 * Set the largest frame accepted from the server; a larger one is a
		 * {@link TcpFrameException}. Under {@code raw} framing, larger reads are split
		 * instead. 64KB by default.
		 * @param maxFrameSize the size in bytes
		 * @return this builder
		 */
		public Builder maxFrameSize(long maxFrameSize) {
			this.maxFrameSize = Framings.checkMaxFrameSize(maxFrameSize);
			return this;
		}

		/**
		 * Set the charset of {@link TcpClient#write(String)},
		 * {@link TcpClient#readString()} and {@link TcpClient#request(String)}; UTF-8 by
		 * default.
		 * @param charset the charset
		 * @return this builder
		 */
		public Builder charset(Charset charset) {
			Assert.notNull(charset, "Charset must not be null");
			this.charset = charset;
			return this;
		}

		/**
		 * Set whether the next operation after a lost connection (closed by the peer, an
		 * I/O error, a timeout) opens a new one instead of failing; off by default. The
		 * operation that found the connection lost still fails: requests are never
		 * repeated.
		 * @param autoReconnect whether to reconnect
		 * @return this builder
		 */
		public Builder autoReconnect(boolean autoReconnect) {
			this.autoReconnect = autoReconnect;
			return this;
		}

		/**
		 * Use TLS with the key and trust material, protocol, enabled protocols and
		 * ciphers of an SSL bundle. A bundle without a trust store trusts the JDK's
		 * default certificate authorities; one with a key store presents its certificate
		 * to servers that ask for one.
		 * @param bundle the bundle
		 * @return this builder
		 */
		public Builder sslBundle(SslBundle bundle) {
			Assert.notNull(bundle, "SSL bundle must not be null");
			this.sslContext = bundle.createSslContext();
			this.enabledProtocols = bundle.getOptions().getEnabledProtocols();
			this.ciphers = bundle.getOptions().getCiphers();
			return this;
		}

		/**
		 * Use TLS with an SSL context.
		 * @param sslContext the context, or {@code null} for plain TCP
		 * @return this builder
		 */
		public Builder sslContext(@Nullable SSLContext sslContext) {
			this.sslContext = sslContext;
			this.enabledProtocols = null;
			this.ciphers = null;
			return this;
		}

		/**
		 * Set whether the server's certificate must be valid for the host connected to,
		 * as HTTPS checks it; {@code true} by default.
		 * @param verifyHostname whether to verify the host name
		 * @return this builder
		 */
		public Builder verifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
			return this;
		}

		/**
		 * Set how long the TLS handshake may take; 10 seconds by default, zero for no
		 * limit.
		 * @param handshakeTimeout the timeout
		 * @return this builder
		 */
		public Builder handshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = nonNegative(handshakeTimeout, "handshake-timeout");
			return this;
		}

		/**
		 * Publish Spring Integration's connection events ({@code TcpConnectionOpenEvent},
		 * {@code TcpConnectionCloseEvent}, {@code TcpConnectionFailedEvent}) to this
		 * publisher, typically the application context; not published by default.
		 * @param eventPublisher the publisher
		 * @return this builder
		 */
		public Builder applicationEventPublisher(ApplicationEventPublisher eventPublisher) {
			this.eventPublisher = eventPublisher;
			return this;
		}

		/**
		 * Customize the Spring Integration client connection factory, in order, before
		 * the client connects; none by default.
		 * @param customizers the customizers
		 * @return this builder
		 */
		public Builder customizers(List<TcpClientConnectionFactoryCustomizer> customizers) {
			this.customizers = List.copyOf(customizers);
			return this;
		}

		/**
		 * Build the client. It connects on first use.
		 * @return the client
		 * @throws IllegalStateException if the host or the port is not set
		 */
		public TcpClient build() {
			return new TcpClient(new ClientSettings(this));
		}

		private static Duration nonNegative(Duration duration, String key) {
			Assert.isTrue(!duration.isNegative(), () -> key + " must be zero (no limit) or a positive duration");
			return duration;
		}

	}

}

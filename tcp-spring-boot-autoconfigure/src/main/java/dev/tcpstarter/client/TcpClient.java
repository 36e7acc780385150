package dev.tcpstarter.client;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.tcpstarter.TcpConnectionClosedException;
import dev.tcpstarter.TcpConnectionException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.TcpFrameException;
import dev.tcpstarter.TcpTimeoutException;
import dev.tcpstarter.integration.ClientConnections;
import dev.tcpstarter.integration.ClientSettings;
import dev.tcpstarter.integration.Framings;
import dev.tcpstarter.listener.TcpSocketOptions;

/**
 * A TCP client with the same framings as a listener, built on Spring Integration's
 * {@code TcpNetClientConnectionFactory}: pipelined requests, answers matched in order or
 * by a {@link TcpCorrelation} key, a pool of connections, background reconnect.
 * <pre class="code">
 * try (TcpClient client = TcpClient.builder().host("localhost").port(3001).framing("lf").build()) {
 * 	String reply = client.request("PING");
 * 	CompletableFuture&lt;String&gt; later = client.requestAsync("QUOTE ACME");
 * }
 * </pre>
 * <p>
 * <b>Requests.</b> {@link #requestAsync(byte[])} writes a request and returns the future
 * of its answer at once; many may be in flight on one connection. A reader thread per
 * connection (a virtual thread when the application enables them) completes them: in
 * order (the next frame answers the oldest request), or, with a {@link TcpCorrelation},
 * by key in any order. {@link #request(byte[])} is the same, waited for. A request
 * without an answer within the read timeout fails with {@link TcpTimeoutException}; in
 * order mode its connection is then closed, so that its late answer can never be taken
 * for a later request's, and the next request opens a new one; with correlation the
 * connection stays and a late answer is unsolicited. Pending requests fail with a
 * {@link TcpConnectionException} when their connection ends. At most
 * {@link Builder#maxPendingRequests(int)} requests wait per connection; a request past
 * that fails at once (it does not wait).
 * <p>
 * <b>Connections.</b> The client connects on first use (or on {@link #connect()}) and
 * keeps up to {@link Builder#poolSize(int)} connections: a request goes to the one with
 * the fewest pending requests, opening another only when all open ones are busy. A lost
 * connection is reopened by the next operation that needs it; with
 * {@link Builder#reconnect(boolean)}, in the background with exponential backoff, and
 * operations fail at once until the next attempt is due, with a message that says when it
 * is.
 * <p>
 * <b>The stream.</b> {@link #writeBytes(byte[])} writes a frame that expects no answer.
 * Until a connection carries its first request, {@link #readBytes()} reads its next frame
 * and {@link #readBytes(int)} exact bytes of the stream, on the calling thread; from the
 * first request on, the reader thread owns the stream: frames that answer no request
 * (server push, an in-order frame with no request waiting, a key that matches none) are
 * unsolicited: they go to the client's service ({@code @TcpService(clients = ...)}) or,
 * without one, to a queue that {@link #readBytes()} takes from (the oldest are dropped
 * beyond 256), and {@link #readBytes(int)} throws {@link IllegalStateException}. In order
 * mode, a frame written with {@code writeBytes} whose answer comes while a request waits
 * is taken for that request's answer: use requests, or correlation, for exchanges. These
 * operations use the first connection of the pool.
 * <p>
 * <b>Threads.</b> Every method may be called from any thread. Waits for another thread's
 * write, read or connect are bounded by the operation's own timeout. Futures are
 * completed on the connection's reader thread: do not block in their callbacks (use the
 * {@code *Async} variants), and do not call {@link #request(byte[])} from a reader thread
 * (it throws).
 * <p>
 * <b>Errors</b> are unchecked {@link TcpException}s: {@link TcpTimeoutException} for the
 * connect, read, request and write timeouts; {@link TcpConnectionException} for a refused
 * connection, a connection closed or reset by the peer, other I/O errors and TLS
 * failures; {@link TcpFrameException} for a frame that cannot be decoded or encoded;
 * {@link TcpConnectionClosedException} for use after {@link #close()}.
 */
public final class TcpClient implements AutoCloseable {

	static {
		// how the starter attaches @TcpService(clients = ...) services to a client's
		// connections, without a public method here
		ClientConnections.setClientAccess((client) -> client.connections);
	}

	private final ClientSettings settings;

	private final ClientConnections connections;

	private TcpClient(ClientSettings settings) {
		this.settings = settings;
		this.connections = new ClientConnections(settings);
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
	 * Return the charset of text payloads.
	 * @return the charset
	 */
	public Charset charset() {
		return this.settings.charset();
	}

	/**
	 * Return whether the client has an open connection. A connection that the peer has
	 * closed counts as open until the client notices.
	 * @return {@code true} if connected
	 */
	public boolean isConnected() {
		return this.connections.isConnected();
	}

	/**
	 * Return the failure of the last attempt to connect, while no connection is open and
	 * none succeeded since (for health checks).
	 * @return the failure, or empty
	 */
	public Optional<TcpException> lastConnectFailure() {
		return Optional.ofNullable(this.connections.lastConnectFailure());
	}

	/**
	 * Return when the next background attempt to connect is due, if one is scheduled.
	 * @return the time, or empty
	 */
	public Optional<Instant> nextConnectAttempt() {
		return Optional.ofNullable(this.connections.nextConnectAttempt());
	}

	/**
	 * Return the number of requests waiting for their answers, on all connections.
	 * @return the count
	 */
	public int pendingRequests() {
		return this.connections.pendingRequests();
	}

	/**
	 * Return the counters of this client, for metrics.
	 * @return the statistics
	 */
	public TcpClientStatistics statistics() {
		return this.connections.statistics();
	}

	/**
	 * Return the TLS session of the first connection, with the server's certificates.
	 * @return the session, or empty when not connected or not using TLS
	 */
	public Optional<SSLSession> sslSession() {
		return Optional.ofNullable(this.connections.sslSession());
	}

	/**
	 * Return whether a service receives this client's connections: a
	 * {@code @TcpService(clients = ...)} that names this client. Frames that answer no
	 * request then go to the service instead of {@link #readBytes()}.
	 * @return {@code true} with a service
	 */
	public boolean hasService() {
		return this.connections.hasService();
	}

	/**
	 * Connect every connection of the pool that is not open, and complete the TLS
	 * handshake when TLS is configured. Also reopens a client after {@link #close()} or a
	 * lost connection, whatever the next background attempt.
	 * @throws TcpTimeoutException if the connect timeout elapses
	 * @throws TcpConnectionException if the connection is refused or TLS fails
	 */
	public void connect() {
		this.connections.connect();
	}

	/**
	 * Write a request and return the future of its answer; many may be in flight.
	 * @param frame the request payload
	 * @return the answer, or a future failed with the {@link TcpException} that ended the
	 * request (see the class documentation)
	 */
	public CompletableFuture<byte[]> requestAsync(byte[] frame) {
		Assert.notNull(frame, "Frame must not be null");
		return this.connections.requestAsync(frame);
	}

	/**
	 * Write a request of text and return the future of its answer as text, both in the
	 * configured charset.
	 * @param text the request payload
	 * @return the answer (see {@link #requestAsync(byte[])})
	 */
	public CompletableFuture<String> requestAsync(String text) {
		Charset charset = this.settings.charset();
		return requestAsync(text.getBytes(charset)).thenApply((answer) -> new String(answer, charset));
	}

	/**
	 * Write a request and wait for its answer: {@link #requestAsync(byte[])} waited for.
	 * @param frame the request payload
	 * @return the answer
	 * @throws TcpException if the request fails (see the class documentation)
	 * @throws IllegalStateException if called on a reader thread of this client, which
	 * would wait for itself
	 */
	public byte[] request(byte[] frame) {
		if (this.connections.isReaderThread(Thread.currentThread())) {
			throw new IllegalStateException("request(..) called on a reader thread of TCP client '" + name()
					+ "', which would wait for itself; use requestAsync(..) without waiting for it there");
		}
		try {
			return requestAsync(frame).get();
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof TcpException error) {
				throw error;
			}
			throw new TcpException("Request to " + this.settings.target() + " failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TcpConnectionException("Interrupted while waiting for an answer from " + this.settings.target(),
					ex);
		}
	}

	/**
	 * Write a request of text and wait for its answer as text, both in the configured
	 * charset.
	 * @param text the request payload
	 * @return the answer
	 * @throws TcpException if the request fails (see {@link #request(byte[])})
	 */
	public String request(String text) {
		Charset charset = this.settings.charset();
		return new String(request(text.getBytes(charset)), charset);
	}

	/**
	 * Write one frame that expects no answer (or whose answer {@link #readBytes()}
	 * reads), on the first connection.
	 * @param data the frame payload
	 * @throws TcpException if the write fails (see the class documentation)
	 */
	public void writeBytes(byte[] data) {
		this.connections.write(data);
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
	 * Read the next frame of the first connection, waiting at most the read timeout: the
	 * next frame of the stream, or, once the connection carried a request, the next frame
	 * that answered none. Under {@code raw} framing, a frame is whatever one read
	 * delivered.
	 * @return the frame payload
	 * @throws TcpTimeoutException if no frame arrives within the read timeout
	 * @throws TcpException if the read fails (see the class documentation)
	 * @throws IllegalStateException if the client's service receives the frames
	 */
	public byte[] readBytes() {
		return read(this.settings.readTimeout());
	}

	/**
	 * Read the next frame, as {@link #readBytes()}, waiting at most {@code timeout}.
	 * @param timeout how long to wait in total; zero waits without limit
	 * @return the frame payload
	 * @throws TcpTimeoutException if no frame arrives in time
	 * @throws TcpException if the read fails (see the class documentation)
	 */
	public byte[] read(Duration timeout) {
		Assert.isTrue(!timeout.isNegative(), "Timeout must not be negative");
		return this.connections.read(timeout);
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
	 * byte. Only before the connection carries a request.
	 * @param length the number of bytes, zero or more
	 * @return the bytes
	 * @throws TcpTimeoutException if fewer bytes arrive within the read timeout
	 * @throws TcpException if the read fails (see the class documentation)
	 * @throws IllegalStateException once the connection has carried a request
	 */
	public byte[] readBytes(int length) {
		Assert.isTrue(length >= 0, "Length must not be negative");
		return this.connections.readExactly(length);
	}

	/**
	 * Close every connection. Pending requests fail and blocked operations end with
	 * {@link TcpConnectionClosedException}; later operations too, until
	 * {@link #connect()}. Never waits for a peer that does not read.
	 */
	@Override
	public void close() {
		this.connections.close();
	}

	@Override
	public String toString() {
		return "TcpClient[" + this.settings.name() + " -> " + this.settings.host() + ":" + this.settings.port() + ", "
				+ this.connections.states() + "]";
	}

	/**
	 * Builds a {@link TcpClient}. Only {@link #host(String)} and {@link #port(int)} are
	 * required. The builder holds every default of a client and checks every value as it
	 * is set ({@code tcp.clients.*} properties leave a default alone when unset).
	 */
	public static final class Builder {

		private @Nullable String name;

		private @Nullable String host;

		private int port = -1;

		private @Nullable String localHost;

		private Duration connectTimeout = Duration.ofSeconds(10);

		private Duration readTimeout = Duration.ofSeconds(30);

		private Duration writeTimeout = Framings.DEFAULT_WRITE_TIMEOUT;

		private String framing = Framings.DEFAULT_FRAMING;

		private int lengthPrefixSize = Framings.DEFAULT_LENGTH_PREFIX_SIZE;

		private @Nullable Serializer<byte[]> serializer;

		private @Nullable Deserializer<byte[]> deserializer;

		private int maxFrameSize = Framings.DEFAULT_MAX_FRAME_SIZE;

		private Charset charset = Framings.DEFAULT_CHARSET;

		private @Nullable SSLContext sslContext;

		private String @Nullable [] enabledProtocols;

		private String @Nullable [] ciphers;

		private boolean verifyHostname = true;

		private @Nullable String serverName;

		private Duration handshakeTimeout = Duration.ofSeconds(10);

		private TcpSocketOptions socketOptions = TcpSocketOptions.DEFAULTS;

		private @Nullable TcpCorrelation correlation;

		private int poolSize = 1;

		private int maxPendingRequests = 1024;

		private boolean reconnect;

		private Duration reconnectInitialDelay = Duration.ofMillis(100);

		private Duration reconnectMaxDelay = Duration.ofSeconds(30);

		private double reconnectMultiplier = 2.0;

		private @Nullable ThreadFactory threadFactory;

		private @Nullable ApplicationEventPublisher eventPublisher;

		private List<TcpClientConnectionFactoryCustomizer> customizers = List.of();

		private Builder() {
		}

		/**
		 * Set the name of the client, used in error messages, logs and the {@code client}
		 * tag of metrics; {@code host:port} by default.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			Assert.hasText(name, "name must not be empty");
			this.name = name;
			return this;
		}

		/**
		 * Set the host to connect to (required). With TLS, it is the name sent (SNI)
		 * unless it is an IP address, and the server's certificate must be valid for it
		 * unless hostname verification is off or {@link #serverName(String)} is set.
		 * @param host a host name or an IP address
		 * @return this builder
		 */
		public Builder host(String host) {
			Assert.hasText(host, "host must not be empty");
			this.host = host.trim();
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
			this.localHost = StringUtils.hasText(localHost) ? localHost.trim() : null;
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
		 * Set how long a request may wait for its answer, and a read for its data in
		 * total; 30 seconds by default, zero for no limit.
		 * @param readTimeout the timeout
		 * @return this builder
		 */
		public Builder readTimeout(Duration readTimeout) {
			this.readTimeout = nonNegative(readTimeout, "read-timeout");
			return this;
		}

		/**
		 * Set how long a write may block because the peer does not read (and how long a
		 * write waits for another thread's); 30 seconds by default, zero for no limit. A
		 * write that times out closes the connection.
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
					() -> "framing must be one of " + String.join(", ", Framings.NAMES));
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
		 * Integration {@link AbstractByteArraySerializer}. Its frames are held to
		 * {@link #maxFrameSize(long)} too.
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
			Assert.notNull(serializer, "serializer must not be null");
			Assert.notNull(deserializer, "deserializer must not be null");
			this.serializer = serializer;
			this.deserializer = deserializer;
			return this;
		}

		/**
		 * Set the largest frame accepted from the server, whatever the codec; a larger
		 * one is a {@link TcpFrameException}. Under {@code raw} framing, larger reads are
		 * split instead. 64KB by default.
		 * @param maxFrameSize the size in bytes
		 * @return this builder
		 */
		public Builder maxFrameSize(long maxFrameSize) {
			this.maxFrameSize = Framings.checkMaxFrameSize(maxFrameSize);
			return this;
		}

		/**
		 * Set the charset of text ({@link TcpClient#write(String)},
		 * {@link TcpClient#request(String)}, ...); UTF-8 by default.
		 * @param charset the charset
		 * @return this builder
		 */
		public Builder charset(Charset charset) {
			Assert.notNull(charset, "charset must not be null");
			this.charset = charset;
			return this;
		}

		/**
		 * Match answers to requests by key instead of in order; in order by default.
		 * @param correlation the correlation, or {@code null} for in order
		 * @return this builder
		 */
		public Builder correlation(@Nullable TcpCorrelation correlation) {
			this.correlation = correlation;
			return this;
		}

		/**
		 * Set how many connections the client keeps; 1 by default. A request goes to the
		 * one with the fewest pending requests.
		 * @param poolSize from 1 to 1024
		 * @return this builder
		 */
		public Builder poolSize(int poolSize) {
			Assert.isTrue(poolSize > 0 && poolSize <= 1024, "pool-size must be from 1 to 1024");
			this.poolSize = poolSize;
			return this;
		}

		/**
		 * Set how many requests may wait for their answers on one connection; 1024 by
		 * default. A request past that fails at once with a {@link TcpException}.
		 * @param maxPendingRequests a positive number
		 * @return this builder
		 */
		public Builder maxPendingRequests(int maxPendingRequests) {
			Assert.isTrue(maxPendingRequests > 0, "max-pending-requests must be a positive number");
			this.maxPendingRequests = maxPendingRequests;
			return this;
		}

		/**
		 * Set whether a lost connection is reopened in the background, with exponential
		 * backoff and jitter, instead of by the next operation; off by default. While it
		 * is down, operations fail at once saying when the next attempt is.
		 * @param reconnect whether to reconnect in the background
		 * @return this builder
		 */
		public Builder reconnect(boolean reconnect) {
			this.reconnect = reconnect;
			return this;
		}

		/**
		 * Set the delay before the first background reconnect; 100ms by default.
		 * @param initialDelay a positive duration
		 * @return this builder
		 */
		public Builder reconnectInitialDelay(Duration initialDelay) {
			Assert.isTrue(initialDelay.toMillis() > 0, "initial-delay must be a positive duration");
			this.reconnectInitialDelay = initialDelay;
			return this;
		}

		/**
		 * Set the longest delay between background reconnects, before jitter; 30s by
		 * default.
		 * @param maxDelay a positive duration
		 * @return this builder
		 */
		public Builder reconnectMaxDelay(Duration maxDelay) {
			Assert.isTrue(maxDelay.toMillis() > 0, "max-delay must be a positive duration");
			this.reconnectMaxDelay = maxDelay;
			return this;
		}

		/**
		 * Set how much the delay grows after each failed reconnect; 2.0 by default.
		 * @param multiplier at least 1
		 * @return this builder
		 */
		public Builder reconnectMultiplier(double multiplier) {
			Assert.isTrue(multiplier >= 1 && Double.isFinite(multiplier), "multiplier must be at least 1");
			this.reconnectMultiplier = multiplier;
			return this;
		}

		/**
		 * Formerly: whether the next operation after a lost connection opened a new one
		 * instead of failing. Every client does that now, so this has no effect.
		 * @param autoReconnect ignored
		 * @return this builder
		 * @deprecated since 0.2.0 for removal: a lost connection is always reopened by
		 * the next operation that needs it; for reconnecting in the background use
		 * {@link #reconnect(boolean)}
		 */
		@Deprecated(since = "0.2.0", forRemoval = true)
		public Builder autoReconnect(boolean autoReconnect) {
			return this;
		}

		/**
		 * Set the thread factory of the connections' reader threads (one per open
		 * connection, for its lifetime) and of background reconnects; daemon platform
		 * threads named after the client by default. Named clients use virtual threads
		 * when {@code spring.threads.virtual.enabled} is set on Java 21+.
		 * @param threadFactory the thread factory
		 * @return this builder
		 */
		public Builder threadFactory(ThreadFactory threadFactory) {
			Assert.notNull(threadFactory, "threadFactory must not be null");
			this.threadFactory = threadFactory;
			return this;
		}

		/**
		 * Set the socket options of the connections: TCP keepalive (with its timers where
		 * the platform supports them; otherwise a WARN when the client is built),
		 * {@code TCP_NODELAY}, buffer sizes; {@link TcpSocketOptions#DEFAULTS} by default
		 * (keepalive off, no-delay on, the operating system's buffers).
		 * @param socketOptions the options, checked by their own builder
		 * @return this builder
		 */
		public Builder socketOptions(TcpSocketOptions socketOptions) {
			Assert.notNull(socketOptions, "socketOptions must not be null");
			this.socketOptions = socketOptions;
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
		 * Set whether the server's certificate must be valid for the host connected to
		 * (or the {@link #serverName(String)}), as HTTPS checks it; {@code true} by
		 * default.
		 * @param verifyHostname whether to verify the host name
		 * @return this builder
		 */
		public Builder verifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
			return this;
		}

		/**
		 * Set the server name sent with TLS (SNI) and verified against the server's
		 * certificate, for a client that connects by address or through a tunnel; the
		 * host (unless it is an IP address) by default.
		 * @param serverName a host name, or {@code null} for the host
		 * @return this builder
		 */
		public Builder serverName(@Nullable String serverName) {
			Assert.isTrue(
					serverName == null || (StringUtils.hasText(serverName) && !serverName.contains(":")
							&& !serverName.chars().allMatch((c) -> Character.isDigit(c) || c == '.')),
					"server-name must be a host name, not an IP address");
			this.serverName = (serverName != null) ? serverName.trim() : null;
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
			String host = this.host;
			Assert.state(host != null, "host must be set");
			Assert.state(this.port > 0, "port must be set");
			String name = (this.name != null) ? this.name : host + ":" + this.port;
			String target = host + ":" + this.port + ((this.name != null) ? " (client '" + this.name + "')" : "");
			Serializer<byte[]> serializer = this.serializer;
			Deserializer<byte[]> deserializer = this.deserializer;
			if (serializer == null || deserializer == null) {
				AbstractByteArraySerializer codec = Framings.create(this.framing, this.maxFrameSize,
						this.lengthPrefixSize);
				Assert.state(codec != null, () -> "Unknown framing '" + this.framing + "'");
				serializer = codec;
				deserializer = codec;
			}
			SSLContext sslContext = this.sslContext;
			ClientSettings.Tls tls = (sslContext != null) ? new ClientSettings.Tls(sslContext, this.enabledProtocols,
					this.ciphers, this.verifyHostname, this.serverName) : null;
			ThreadFactory threads = (this.threadFactory != null) ? this.threadFactory : daemonThreads(name);
			return new TcpClient(new ClientSettings(name, target, host, this.port, this.localHost, this.connectTimeout,
					this.readTimeout, this.writeTimeout, this.handshakeTimeout, this.charset, this.maxFrameSize,
					serializer, deserializer, tls, this.socketOptions, this.correlation, this.poolSize,
					this.maxPendingRequests, this.reconnect, this.reconnectInitialDelay, this.reconnectMaxDelay,
					this.reconnectMultiplier, threads, this.eventPublisher, this.customizers));
		}

		private static ThreadFactory daemonThreads(String name) {
			CustomizableThreadFactory threads = new CustomizableThreadFactory("tcp-client-" + name + "-");
			threads.setDaemon(true);
			return threads;
		}

		private static Duration nonNegative(Duration duration, String key) {
			Assert.isTrue(!duration.isNegative(), () -> key + " must be zero (no limit) or a positive duration");
			return duration;
		}

	}

}

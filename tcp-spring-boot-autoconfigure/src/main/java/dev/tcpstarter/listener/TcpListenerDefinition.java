package dev.tcpstarter.listener;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.tcpstarter.integration.Framings;

/**
 * The settings of one listener, as bound from {@code tcp.listeners.<name>.*} or declared
 * inline on a {@code @TcpService}. Built with {@link #builder(String, int)}, which holds
 * the defaults of the listener's settings: a setting left alone keeps the value
 * documented on its builder method (and in the configuration metadata). The TLS
 * shortcuts' defaults are those of {@code TcpProperties.Ssl}.
 */
public final class TcpListenerDefinition {

	private final String name;

	private final int port;

	private final @Nullable String host;

	private final String framing;

	private final int lengthPrefixSize;

	private final int maxFrameSize;

	private final Charset charset;

	private final @Nullable Duration idleTimeout;

	private final int maxConnections;

	private final int backlog;

	private final TcpTransport transport;

	private final Duration writeTimeout;

	private final Duration shutdownTimeout;

	private final @Nullable TcpListenerSsl ssl;

	private final TcpProxyProtocol proxyProtocol;

	private final Duration proxyProtocolTimeout;

	private final @Nullable AddressBlocks trustedProxies;

	private final int maxConnectionsPerAddress;

	private final int ipv6AddressPrefix;

	private final AddressBlocks allowedAddresses;

	private final AddressBlocks deniedAddresses;

	private final int maxPendingResults;

	private final @Nullable Duration frameTimeout;

	private final TcpSocketOptions socketOptions;

	private TcpListenerDefinition(Builder builder) {
		this.name = builder.name;
		this.port = builder.port;
		this.host = builder.host;
		this.framing = builder.framing;
		this.lengthPrefixSize = builder.lengthPrefixSize;
		this.maxFrameSize = builder.maxFrameSize;
		this.charset = builder.charset;
		this.idleTimeout = builder.idleTimeout;
		this.maxConnections = builder.maxConnections;
		this.backlog = builder.backlog;
		this.transport = builder.transport;
		this.writeTimeout = builder.writeTimeout;
		this.shutdownTimeout = builder.shutdownTimeout;
		this.ssl = builder.ssl;
		this.proxyProtocol = builder.proxyProtocol;
		this.proxyProtocolTimeout = builder.proxyProtocolTimeout;
		this.trustedProxies = builder.trustedProxies;
		this.maxConnectionsPerAddress = builder.maxConnectionsPerAddress;
		this.ipv6AddressPrefix = builder.ipv6AddressPrefix;
		this.allowedAddresses = builder.allowedAddresses;
		this.deniedAddresses = builder.deniedAddresses;
		this.maxPendingResults = builder.maxPendingResults;
		this.frameTimeout = builder.frameTimeout;
		this.socketOptions = builder.socketOptions;
	}

	/**
	 * Check a port to bind.
	 * @param port the port
	 * @return the port
	 * @throws IllegalArgumentException unless it is from 0 to 65535
	 */
	public static int checkPort(int port) {
		Assert.isTrue(port >= 0 && port <= 65535, "port must be from 0 to 65535 (0 = any free port)");
		return port;
	}

	/**
	 * Start building the definition of a listener; every other setting has its default.
	 * @param name the listener name
	 * @param port the port to bind, 0 for any free port
	 * @return a builder
	 */
	public static Builder builder(String name, int port) {
		return new Builder(name, port);
	}

	/**
	 * Return the listener name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the port to bind; 0 for any free port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the address to bind.
	 * @return the address, or {@code null} for all interfaces
	 */
	public @Nullable String host() {
		return this.host;
	}

	/**
	 * Return whether the listener binds a loopback address ({@code 127.0.0.1},
	 * {@code ::1}, {@code localhost}), so that only local peers reach it.
	 * @return {@code true} for a loopback bind, {@code false} for all interfaces or any
	 * other address
	 */
	public boolean isLoopbackBind() {
		InetAddress address = (this.host != null) ? IpAddresses.parse(this.host) : null;
		return (address != null) ? address.isLoopbackAddress() : "localhost".equalsIgnoreCase(this.host);
	}

	/**
	 * Return the framing: a built-in framing name or the name of a codec bean.
	 * @return the framing
	 */
	public String framing() {
		return this.framing;
	}

	/**
	 * Return the size of the length prefix of {@code length-prefix} framing.
	 * @return 1, 2 or 4
	 */
	public int lengthPrefixSize() {
		return this.lengthPrefixSize;
	}

	/**
	 * Return the largest frame accepted, in bytes.
	 * @return the size
	 */
	public int maxFrameSize() {
		return this.maxFrameSize;
	}

	/**
	 * Return the charset of {@code String} payloads and writes.
	 * @return the charset
	 */
	public Charset charset() {
		return this.charset;
	}

	/**
	 * Return how long a connection may be silent before it is closed.
	 * @return the timeout, or {@code null} for none
	 */
	public @Nullable Duration idleTimeout() {
		return this.idleTimeout;
	}

	/**
	 * Return the most connections open at once.
	 * @return the limit
	 */
	public int maxConnections() {
		return this.maxConnections;
	}

	/**
	 * Return the length of the accept queue.
	 * @return the backlog
	 */
	public int backlog() {
		return this.backlog;
	}

	/**
	 * Return the connection factory the listener runs on.
	 * @return the transport
	 */
	public TcpTransport transport() {
		return this.transport;
	}

	/**
	 * Return how long a write may block before the connection is closed.
	 * @return the timeout
	 */
	public Duration writeTimeout() {
		return this.writeTimeout;
	}

	/**
	 * Return how long a graceful stop waits for connections to finish their work.
	 * @return the timeout
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Return the TLS settings.
	 * @return the settings, or {@code null} for plain TCP
	 */
	public @Nullable TcpListenerSsl ssl() {
		return this.ssl;
	}

	/**
	 * Return whether connections start with a PROXY protocol header.
	 * @return the PROXY protocol mode
	 */
	public TcpProxyProtocol proxyProtocol() {
		return this.proxyProtocol;
	}

	/**
	 * Return how long the whole PROXY protocol header may take to arrive.
	 * @return the timeout
	 */
	public Duration proxyProtocolTimeout() {
		return this.proxyProtocolTimeout;
	}

	/**
	 * Return the peers allowed to send a PROXY protocol header.
	 * @return the trusted proxies, or {@code null} for any peer
	 */
	public @Nullable AddressBlocks trustedProxies() {
		return this.trustedProxies;
	}

	/**
	 * Return whether a peer may send a PROXY protocol header: the listener reads one and
	 * the peer is a trusted proxy (any peer, when no trusted proxies are set).
	 * @param peer the socket peer's address
	 * @return {@code true} if a header from it is believed
	 */
	public boolean isTrustedProxy(InetAddress peer) {
		return this.proxyProtocol != TcpProxyProtocol.OFF
				&& (this.trustedProxies == null || this.trustedProxies.contains(peer));
	}

	/**
	 * Return the most connections open at once from one client address.
	 * @return the limit, or 0 for none
	 */
	public int maxConnectionsPerAddress() {
		return this.maxConnectionsPerAddress;
	}

	/**
	 * Return the prefix length under which {@link #maxConnectionsPerAddress()} counts
	 * IPv6 clients together.
	 * @return from 1 to 128
	 */
	public int ipv6AddressPrefix() {
		return this.ipv6AddressPrefix;
	}

	/**
	 * Return the address under which {@link #maxConnectionsPerAddress()} counts a client:
	 * an IPv4 address (also one in IPv4-mapped IPv6 form, {@code ::ffff:192.0.2.1}) as it
	 * is, an IPv6 address as its network of {@link #ipv6AddressPrefix()} bits, since one
	 * host commonly owns a whole /64.
	 * @param client the client address
	 * @return the address, or the network address of its prefix
	 */
	public InetAddress countedAddress(InetAddress client) {
		return IpAddresses.countedAs(client, this.ipv6AddressPrefix);
	}

	/**
	 * Return the client addresses allowed to connect.
	 * @return the addresses, empty to allow any
	 */
	public AddressBlocks allowedAddresses() {
		return this.allowedAddresses;
	}

	/**
	 * Return the client addresses refused; they win over {@link #allowedAddresses()}.
	 * @return the addresses, possibly empty
	 */
	public AddressBlocks deniedAddresses() {
		return this.deniedAddresses;
	}

	/**
	 * Return whether a client address may connect: inside the allowed addresses (when any
	 * are set) and outside the denied ones.
	 * @param client the client address
	 * @return {@code true} if it may connect
	 */
	public boolean isAllowed(InetAddress client) {
		return (this.allowedAddresses.isEmpty() || this.allowedAddresses.contains(client))
				&& !this.deniedAddresses.contains(client);
	}

	/**
	 * Return how many asynchronous {@code @OnBytes} results of one connection may wait to
	 * be written before the connection stops reading.
	 * @return the limit
	 */
	public int maxPendingResults() {
		return this.maxPendingResults;
	}

	/**
	 * Return how long a frame may take to arrive whole once its first byte arrived.
	 * @return the timeout, or {@code null} for none
	 */
	public @Nullable Duration frameTimeout() {
		return this.frameTimeout;
	}

	/**
	 * Return the socket options of accepted connections.
	 * @return the options
	 */
	public TcpSocketOptions socketOptions() {
		return this.socketOptions;
	}

	/**
	 * Return whether connections are encrypted with TLS.
	 * @return {@code true} with TLS
	 */
	public boolean isSecure() {
		return this.ssl != null;
	}

	@Override
	public String toString() {
		return "TcpListenerDefinition[" + this.name + " on " + ((this.host != null) ? this.host : "*") + ":" + this.port
				+ ", " + this.framing + ", " + this.transport.name().toLowerCase() + (isSecure() ? ", TLS" : "") + "]";
	}

	/**
	 * Builds a {@link TcpListenerDefinition}. Each setter checks its value and documents
	 * its default.
	 */
	public static final class Builder {

		private final String name;

		private final int port;

		private @Nullable String host;

		private String framing = Framings.DEFAULT_FRAMING;

		private int lengthPrefixSize = Framings.DEFAULT_LENGTH_PREFIX_SIZE;

		private int maxFrameSize = Framings.DEFAULT_MAX_FRAME_SIZE;

		private Charset charset = Framings.DEFAULT_CHARSET;

		private @Nullable Duration idleTimeout;

		private int maxConnections = 10_000;

		private int backlog = 128;

		private TcpTransport transport = TcpTransport.NET;

		private Duration writeTimeout = Framings.DEFAULT_WRITE_TIMEOUT;

		private Duration shutdownTimeout = Duration.ofSeconds(30);

		private @Nullable TcpListenerSsl ssl;

		private TcpProxyProtocol proxyProtocol = TcpProxyProtocol.OFF;

		private Duration proxyProtocolTimeout = Duration.ofSeconds(10);

		private @Nullable AddressBlocks trustedProxies;

		private int maxConnectionsPerAddress;

		private int ipv6AddressPrefix = 64;

		private AddressBlocks allowedAddresses = AddressBlocks.NONE;

		private AddressBlocks deniedAddresses = AddressBlocks.NONE;

		private int maxPendingResults = 256;

		private @Nullable Duration frameTimeout;

		private TcpSocketOptions socketOptions = TcpSocketOptions.DEFAULTS;

		private Builder(String name, int port) {
			Assert.hasText(name, "Listener name must not be empty");
			this.name = name;
			this.port = checkPort(port);
		}

		/**
		 * Set the address to bind; all interfaces by default.
		 * @param host an address or host name, or {@code null} for all interfaces
		 * @return this builder
		 */
		public Builder host(@Nullable String host) {
			this.host = (host != null && !host.isBlank()) ? host.trim() : null;
			return this;
		}

		/**
		 * Set the framing: {@code raw} (the default), {@code lf}, {@code crlf},
		 * {@code stx-etx}, {@code length-prefix}, or the name of a codec bean.
		 * @param framing the framing
		 * @return this builder
		 */
		public Builder framing(String framing) {
			Assert.hasText(framing, "framing must not be empty");
			this.framing = framing.trim();
			return this;
		}

		/**
		 * Set the size of the length prefix of {@code length-prefix} framing; 4 by
		 * default.
		 * @param lengthPrefixSize 1, 2 or 4
		 * @return this builder
		 */
		public Builder lengthPrefixSize(int lengthPrefixSize) {
			Framings.checkLengthPrefixSize(lengthPrefixSize);
			this.lengthPrefixSize = lengthPrefixSize;
			return this;
		}

		/**
		 * Set the largest frame accepted; 64 KiB by default.
		 * @param maxFrameSize the size in bytes
		 * @return this builder
		 */
		public Builder maxFrameSize(long maxFrameSize) {
			this.maxFrameSize = Framings.checkMaxFrameSize(maxFrameSize);
			return this;
		}

		/**
		 * Set the charset of {@code String} payloads and writes; UTF-8 by default.
		 * @param charset the charset
		 * @return this builder
		 */
		public Builder charset(Charset charset) {
			this.charset = charset;
			return this;
		}

		/**
		 * Set how long a connection may be silent before it is closed; no limit by
		 * default.
		 * @param idleTimeout a positive duration, or {@code null} for no limit
		 * @return this builder
		 */
		public Builder idleTimeout(@Nullable Duration idleTimeout) {
			Assert.isTrue(idleTimeout == null || idleTimeout.toMillis() > 0,
					"idle-timeout must be a positive duration, or no value for none");
			this.idleTimeout = idleTimeout;
			return this;
		}

		/**
		 * Set the most connections open at once; 10000 by default.
		 * @param maxConnections a positive number
		 * @return this builder
		 */
		public Builder maxConnections(int maxConnections) {
			Assert.isTrue(maxConnections > 0, "max-connections must be a positive number");
			this.maxConnections = maxConnections;
			return this;
		}

		/**
		 * Set the length of the accept queue; 128 by default.
		 * @param backlog a positive number
		 * @return this builder
		 */
		public Builder backlog(int backlog) {
			Assert.isTrue(backlog > 0, "backlog must be a positive number");
			this.backlog = backlog;
			return this;
		}

		/**
		 * Set the connection factory to run on; {@link TcpTransport#NET} by default.
		 * @param transport the transport
		 * @return this builder
		 */
		public Builder transport(TcpTransport transport) {
			this.transport = transport;
			return this;
		}

		/**
		 * Set how long a write may block before the connection is closed; 30 seconds by
		 * default.
		 * @param writeTimeout a positive duration
		 * @return this builder
		 */
		public Builder writeTimeout(Duration writeTimeout) {
			Assert.isTrue(writeTimeout.toMillis() > 0, "write-timeout must be a positive duration");
			this.writeTimeout = writeTimeout;
			return this;
		}

		/**
		 * Set how long a graceful stop waits for connections to finish their work; 30
		 * seconds by default.
		 * @param shutdownTimeout zero or a positive duration
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			Assert.isTrue(!shutdownTimeout.isNegative(), "shutdown-timeout must be zero or a positive duration");
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * Set the TLS settings; plain TCP by default.
		 * @param ssl the settings, or {@code null} for plain TCP
		 * @return this builder
		 */
		public Builder ssl(@Nullable TcpListenerSsl ssl) {
			this.ssl = ssl;
			return this;
		}

		/**
		 * Set whether connections start with a PROXY protocol header;
		 * {@link TcpProxyProtocol#OFF} by default.
		 * @param proxyProtocol the mode
		 * @return this builder
		 */
		public Builder proxyProtocol(TcpProxyProtocol proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
			return this;
		}

		/**
		 * Set how long the whole PROXY protocol header may take to arrive; 10 seconds by
		 * default.
		 * @param proxyProtocolTimeout a positive duration
		 * @return this builder
		 */
		public Builder proxyProtocolTimeout(Duration proxyProtocolTimeout) {
			Assert.isTrue(proxyProtocolTimeout.toMillis() > 0, "proxy-protocol-timeout must be a positive duration");
			this.proxyProtocolTimeout = proxyProtocolTimeout;
			return this;
		}

		/**
		 * Set the peers allowed to send a PROXY protocol header; any peer by default.
		 * Outside them, {@code required} refuses the connection and {@code optional}
		 * treats it as direct.
		 * @param trustedProxies IP addresses and CIDR blocks, empty for any peer
		 * @return this builder
		 * @throws IllegalArgumentException naming an entry that is neither
		 */
		public Builder trustedProxies(Collection<String> trustedProxies) {
			AddressBlocks blocks = addresses("trusted-proxies", trustedProxies);
			this.trustedProxies = blocks.isEmpty() ? null : blocks;
			return this;
		}

		/**
		 * Set the most connections open at once from one client address; no limit by
		 * default.
		 * @param maxConnectionsPerAddress a positive number, or 0 for no limit
		 * @return this builder
		 */
		public Builder maxConnectionsPerAddress(int maxConnectionsPerAddress) {
			Assert.isTrue(maxConnectionsPerAddress >= 0,
					"max-connections-per-address must be a positive number, or no value for none");
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
			return this;
		}

		/**
		 * Set the prefix length under which {@code max-connections-per-address} counts
		 * IPv6 clients together: the addresses of one /64 by default, since one host
		 * commonly owns a whole /64 and could otherwise open a connection from each of
		 * its addresses. IPv4 clients are counted per address.
		 * @param ipv6AddressPrefix from 1 to 128 (128: each IPv6 address on its own)
		 * @return this builder
		 */
		public Builder ipv6AddressPrefix(int ipv6AddressPrefix) {
			Assert.isTrue(ipv6AddressPrefix >= 1 && ipv6AddressPrefix <= 128,
					"ipv6-address-prefix must be a prefix length from 1 to 128");
			this.ipv6AddressPrefix = ipv6AddressPrefix;
			return this;
		}

		/**
		 * Set the client addresses allowed to connect; any by default.
		 * @param allowedAddresses IP addresses and CIDR blocks, empty to allow any
		 * @return this builder
		 * @throws IllegalArgumentException naming an entry that is neither
		 */
		public Builder allowedAddresses(Collection<String> allowedAddresses) {
			this.allowedAddresses = addresses("allowed-addresses", allowedAddresses);
			return this;
		}

		/**
		 * Set the client addresses refused, even when allowed; none by default.
		 * @param deniedAddresses IP addresses and CIDR blocks
		 * @return this builder
		 * @throws IllegalArgumentException naming an entry that is neither
		 */
		public Builder deniedAddresses(Collection<String> deniedAddresses) {
			this.deniedAddresses = addresses("denied-addresses", deniedAddresses);
			return this;
		}

		private static AddressBlocks addresses(String key, Collection<String> entries) {
			for (String entry : entries) {
				try {
					AddressBlock.parse(entry);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(key + " contains '" + entry
							+ "', which is not an IP address or CIDR block. Use IPv4 or IPv6 addresses such as "
							+ "10.0.0.5 or 2001:db8::1, or CIDR blocks such as 10.0.0.0/8 or 2001:db8::/32; host "
							+ "names are not allowed.", ex);
				}
			}
			return AddressBlocks.parse(entries);
		}

		/**
		 * Set how many asynchronous {@code @OnBytes} results of one connection may wait
		 * to be written; at this count the connection stops reading until one is written.
		 * 256 by default.
		 * @param maxPendingResults a positive number
		 * @return this builder
		 */
		public Builder maxPendingResults(int maxPendingResults) {
			Assert.isTrue(maxPendingResults > 0, "max-pending-results must be a positive number");
			this.maxPendingResults = maxPendingResults;
			return this;
		}

		/**
		 * Set how long a frame may take to arrive whole once its first byte arrived; no
		 * limit by default (then only {@code idle-timeout} bounds each read).
		 * @param frameTimeout a positive duration, or {@code null} for none
		 * @return this builder
		 */
		public Builder frameTimeout(@Nullable Duration frameTimeout) {
			Assert.isTrue(frameTimeout == null || frameTimeout.toMillis() > 0,
					"frame-timeout must be a positive duration, or no value for none");
			this.frameTimeout = frameTimeout;
			return this;
		}

		/**
		 * Set the socket options of accepted connections;
		 * {@link TcpSocketOptions#DEFAULTS} by default (keepalive off, no-delay on, the
		 * operating system's buffers).
		 * @param socketOptions the options
		 * @return this builder
		 */
		public Builder socketOptions(TcpSocketOptions socketOptions) {
			this.socketOptions = socketOptions;
			return this;
		}

		/**
		 * Build the definition.
		 * @return the definition
		 */
		public TcpListenerDefinition build() {
			Assert.isTrue(this.transport == TcpTransport.NET
					|| (this.ssl == null && this.proxyProtocol == TcpProxyProtocol.OFF && this.frameTimeout == null),
					() -> "transport is nio, and " + netOnly() + " is enabled. Use transport net (the default) for "
							+ netOnly() + ".");
			return new TcpListenerDefinition(this);
		}

		private String netOnly() {
			List<String> used = new ArrayList<>();
			if (this.ssl != null) {
				used.add("TLS");
			}
			if (this.proxyProtocol != TcpProxyProtocol.OFF) {
				used.add("proxy-protocol");
			}
			if (this.frameTimeout != null) {
				used.add("frame-timeout");
			}
			return String.join(", ", used);
		}

	}

}

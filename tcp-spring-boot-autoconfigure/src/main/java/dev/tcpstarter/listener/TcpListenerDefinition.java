package dev.tcpstarter.listener;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one listener, as bound from {@code tcp.listeners.<name>.*} or declared
 * inline on a {@code @TcpService}.
 *
 * @param name the listener name
 * @param port the port to bind; 0 for any free port
 * @param host the address to bind, or {@code null} for all interfaces
 * @param framing a built-in framing name or the name of a codec bean
 * @param lengthPrefixSize size of the length prefix for {@code length-prefix} framing
 * @param maxFrameSize the largest frame accepted, in bytes
 * @param charset the charset of {@code String} payloads and writes
 * @param idleTimeout close connections silent this long, or {@code null} for never
 * @param maxConnections the most connections served at once
 * @param backlog the accept queue length
 * @param transport the connection factory to run on
 * @param writeTimeout how long a write may block before the connection is closed
 * @param shutdownTimeout how long a graceful stop waits for handlers to finish
 * @param ssl TLS settings, or {@code null} for plain TCP
 * @param proxyProtocol whether connections start with a PROXY protocol header
 * @param proxyProtocolTimeout how long reading that header may take
 * @author tcp-spring-boot-starter
 */
public record TcpListenerDefinition(String name, int port, @Nullable String host, String framing, int lengthPrefixSize,
		int maxFrameSize, Charset charset, @Nullable Duration idleTimeout, int maxConnections, int backlog,
		TcpTransport transport, Duration writeTimeout, Duration shutdownTimeout, @Nullable TcpListenerSsl ssl,
		TcpProxyProtocol proxyProtocol, Duration proxyProtocolTimeout) {

	/**
	 * Default largest frame: 64 KB.
	 */
	public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;

	/**
	 * Create a definition with every setting at its default, as for an inline listener.
	 * @param name the listener name
	 * @param port the port
	 * @param host the host or {@code null}
	 * @return the definition
	 */
	public static TcpListenerDefinition withDefaults(String name, int port, @Nullable String host) {
		return new TcpListenerDefinition(name, port, host, "raw", 4, DEFAULT_MAX_FRAME_SIZE, StandardCharsets.UTF_8,
				null, 10_000, 128, TcpTransport.NET, Duration.ofSeconds(30), Duration.ofSeconds(30), null,
				TcpProxyProtocol.OFF, Duration.ofSeconds(10));
	}

	/**
	 * Return whether connections are encrypted with TLS.
	 * @return {@code true} with TLS
	 */
	public boolean isSecure() {
		return this.ssl != null;
	}

}

package dev.tcpstarter.listener;

import java.time.Duration;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

/**
 * TLS settings of a listener, resolved at startup.
 *
 * @param sslContext supplies the current SSL context (it changes on certificate reload)
 * @param enabledProtocols the protocols to enable, or {@code null} for the JDK's
 * @param ciphers the cipher suites to enable, or {@code null} for the JDK's
 * @param clientAuth whether client certificates are requested or required
 * @param handshakeTimeout how long a handshake may take before the connection is closed
 * @param sessionTimeout the TLS session cache timeout, or {@code null} for the JDK's
 */
public record TcpListenerSsl(Supplier<SSLContext> sslContext, String @Nullable [] enabledProtocols,
		String @Nullable [] ciphers, ClientAuth clientAuth, Duration handshakeTimeout,
		@Nullable Duration sessionTimeout) {

	/**
	 * Client certificate authentication.
	 */
	public enum ClientAuth {

		/**
		 * No client certificate is requested.
		 */
		NONE,

		/**
		 * A client certificate is requested but not required.
		 */
		WANT,

		/**
		 * A trusted client certificate is required (mutual TLS).
		 */
		NEED

	}

}

package dev.tcpstarter.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

/**
 * The properties of named TCP clients, {@code tcp.clients.<name>.*}: the type of the
 * values of {@link TcpProperties#getClients()}, which binds them. Each client becomes a
 * {@link dev.tcpstarter.client.TcpClient} bean named after its key, injectable with
 * {@code @Qualifier("<name>")}.
 */
public final class TcpClientProperties {

	private TcpClientProperties() {
	}

	/**
	 * Settings of one client.
	 */
	public static class Client extends TcpFramingProperties {

		/**
		 * Host to connect to. With TLS, the server certificate must be valid for it
		 * unless ssl.verify-hostname is false.
		 */
		private @Nullable String host;

		/**
		 * Port to connect to.
		 */
		private @Nullable Integer port;

		/**
		 * Local address to connect from. Any when not set.
		 */
		private @Nullable String localHost;

		/**
		 * How long connecting may take, 10s by default. 0 leaves it to the operating
		 * system.
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * How long a read may wait for its frame or bytes in total, 30s by default. 0
		 * waits without limit.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * How long a write may block because the server does not read before the
		 * connection is closed, 30s by default. 0 waits without limit.
		 */
		private @Nullable Duration writeTimeout;

		/**
		 * Connections kept open, 1 by default. A request goes to the one with the fewest
		 * pending requests.
		 */
		private @Nullable Integer poolSize;

		/**
		 * Requests waiting for their answers on one connection, 1024 by default. A
		 * request past that fails at once.
		 */
		private @Nullable Integer maxPendingRequests;

		/**
		 * Name of a TcpCorrelation bean that matches answers to requests by key, in any
		 * order. In order when not set.
		 */
		private @Nullable String correlation;

		/**
		 * Whether the next operation after a lost connection opens a new one instead of
		 * failing. Every client does that now.
		 */
		private @Nullable Boolean autoReconnect;

		/**
		 * Whether to connect when the application starts instead of on first use. A
		 * failure then stops the application, unless reconnect.enabled is true. A client
		 * with a @TcpService always connects at startup.
		 */
		private boolean connectOnStartup;

		/**
		 * TLS settings.
		 */
		private final Ssl ssl = new Ssl();

		/**
		 * Background reconnect of lost connections.
		 */
		private final Reconnect reconnect = new Reconnect();

		/**
		 * Socket options of the client's connections.
		 */
		private final TcpSocketProperties socket = new TcpSocketProperties();

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getLocalHost() {
			return this.localHost;
		}

		public void setLocalHost(@Nullable String localHost) {
			this.localHost = localHost;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(@Nullable Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		public @Nullable Integer getPoolSize() {
			return this.poolSize;
		}

		public void setPoolSize(@Nullable Integer poolSize) {
			this.poolSize = poolSize;
		}

		public @Nullable Integer getMaxPendingRequests() {
			return this.maxPendingRequests;
		}

		public void setMaxPendingRequests(@Nullable Integer maxPendingRequests) {
			this.maxPendingRequests = maxPendingRequests;
		}

		public @Nullable String getCorrelation() {
			return this.correlation;
		}

		public void setCorrelation(@Nullable String correlation) {
			this.correlation = correlation;
		}

		@Deprecated(since = "0.2.0", forRemoval = true)
		@DeprecatedConfigurationProperty(replacement = "tcp.clients.*.reconnect.enabled",
				reason = "A lost connection is always reopened by the next operation; "
						+ "reconnect.enabled reopens it in the background",
				since = "0.2.0")
		public @Nullable Boolean getAutoReconnect() {
			return this.autoReconnect;
		}

		@Deprecated(since = "0.2.0", forRemoval = true)
		public void setAutoReconnect(@Nullable Boolean autoReconnect) {
			this.autoReconnect = autoReconnect;
		}

		public boolean isConnectOnStartup() {
			return this.connectOnStartup;
		}

		public void setConnectOnStartup(boolean connectOnStartup) {
			this.connectOnStartup = connectOnStartup;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public Reconnect getReconnect() {
			return this.reconnect;
		}

		public TcpSocketProperties getSocket() {
			return this.socket;
		}

	}

	/**
	 * Background reconnect of a client: a lost connection is reopened with exponential
	 * backoff and jitter; operations fail at once until the next attempt is due.
	 */
	public static class Reconnect {

		/**
		 * Whether to reopen a lost connection in the background instead of on the next
		 * operation; false by default. A failed first connect then does not stop a client
		 * that connects at startup.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Delay before the first attempt, 100ms by default.
		 */
		private @Nullable Duration initialDelay;

		/**
		 * Longest delay between attempts (before up to 20% jitter), 30s by default.
		 */
		private @Nullable Duration maxDelay;

		/**
		 * Growth of the delay after each failed attempt, 2.0 by default.
		 */
		private @Nullable Double multiplier;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(@Nullable Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public @Nullable Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(@Nullable Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

	}

	/**
	 * TLS settings of a client: a Spring Boot SSL bundle, or PEM shortcuts for the
	 * trusted certificates and the client certificate.
	 */
	public static class Ssl {

		/**
		 * Whether to use TLS. Implied by setting a bundle, trust certificate or
		 * certificate; alone, it trusts the JDK's default certificate authorities.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Name of an SSL bundle configured under spring.ssl.bundle: its trust store
		 * verifies the server, its key store (if any) is the client certificate.
		 */
		private @Nullable String bundle;

		/**
		 * Location of PEM certificates trusted to sign the server certificate. The JDK's
		 * default certificate authorities when not set.
		 */
		private @Nullable String trustCertificate;

		/**
		 * Location of the PEM client certificate (chain), for servers that require mutual
		 * TLS.
		 */
		private @Nullable String certificate;

		/**
		 * Location of the PEM private key of the client certificate.
		 */
		private @Nullable String certificatePrivateKey;

		/**
		 * Password of an encrypted PEM private key.
		 */
		private @Nullable String certificatePrivateKeyPassword;

		/**
		 * Whether the server certificate must be valid for the host connected to, as
		 * HTTPS checks it; true by default.
		 */
		private @Nullable Boolean verifyHostname;

		/**
		 * How long the TLS handshake may take, 10s by default. 0 waits without limit.
		 */
		private @Nullable Duration handshakeTimeout;

		/**
		 * Server name to send (SNI) and to verify the server certificate against, for a
		 * client that connects by IP address or through a tunnel. The host, unless it is
		 * an IP address, when not set.
		 */
		private @Nullable String serverName;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public @Nullable String getTrustCertificate() {
			return this.trustCertificate;
		}

		public void setTrustCertificate(@Nullable String trustCertificate) {
			this.trustCertificate = trustCertificate;
		}

		public @Nullable String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable String certificate) {
			this.certificate = certificate;
		}

		public @Nullable String getCertificatePrivateKey() {
			return this.certificatePrivateKey;
		}

		public void setCertificatePrivateKey(@Nullable String certificatePrivateKey) {
			this.certificatePrivateKey = certificatePrivateKey;
		}

		public @Nullable String getCertificatePrivateKeyPassword() {
			return this.certificatePrivateKeyPassword;
		}

		public void setCertificatePrivateKeyPassword(@Nullable String certificatePrivateKeyPassword) {
			this.certificatePrivateKeyPassword = certificatePrivateKeyPassword;
		}

		public @Nullable Boolean getVerifyHostname() {
			return this.verifyHostname;
		}

		public void setVerifyHostname(@Nullable Boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
		}

		public @Nullable Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(@Nullable Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		public @Nullable String getServerName() {
			return this.serverName;
		}

		public void setServerName(@Nullable String serverName) {
			this.serverName = serverName;
		}

	}

}

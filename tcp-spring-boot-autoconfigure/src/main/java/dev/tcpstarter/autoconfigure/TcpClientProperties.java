package dev.tcpstarter.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of named TCP clients, under {@code tcp.clients.<name>}. Each
 * becomes a {@link dev.tcpstarter.client.TcpClient} bean named after the key, injectable
 * with {@code @Qualifier("<name>")}.
 * <p>
 * Bound at {@code tcp} (next to {@link TcpProperties}) because the client names are map
 * keys.
 */
@ConfigurationProperties("tcp")
public class TcpClientProperties {

	/**
	 * TCP clients by name. Each is a TcpClient bean of that name, injectable
	 * with @Qualifier("name").
	 */
	private final Map<String, Client> clients = new LinkedHashMap<>();

	/**
	 * Return the clients by name.
	 * @return the clients
	 */
	public Map<String, Client> getClients() {
		return this.clients;
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
		 * Whether the next operation after a lost connection opens a new one instead of
		 * failing; false by default.
		 */
		private @Nullable Boolean autoReconnect;

		/**
		 * Whether to connect when the application starts (a failure then stops it)
		 * instead of on first use.
		 */
		private boolean connectOnStartup;

		/**
		 * TLS settings.
		 */
		private final Ssl ssl = new Ssl();

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

		public @Nullable Boolean getAutoReconnect() {
			return this.autoReconnect;
		}

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

	}

}

package dev.tcpstarter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.tcpstarter.listener.TcpListenerSsl.ClientAuth;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpTransport;

/**
 * Configuration properties of TCP services, under {@code tcp}: listeners, named clients
 * (whose settings are {@link TcpClientProperties.Client}) and push. The one class that
 * binds {@code tcp}.
 */
@ConfigurationProperties("tcp")
public class TcpProperties {

	/**
	 * Listeners by name. A @TcpService attaches to them with @TcpService(listeners =
	 * "name").
	 */
	private final Map<String, Listener> listeners = new LinkedHashMap<>();

	/**
	 * TCP clients by name. Each is a TcpClient bean of that name, injectable
	 * with @Qualifier("name").
	 */
	private final Map<String, TcpClientProperties.Client> clients = new LinkedHashMap<>();

	/**
	 * Push to connections from anywhere, on every instance (TcpPush).
	 */
	private final Push push = new Push();

	/**
	 * Return the listeners by name.
	 * @return the listeners
	 */
	public Map<String, Listener> getListeners() {
		return this.listeners;
	}

	/**
	 * Return the clients by name.
	 * @return the clients
	 */
	public Map<String, TcpClientProperties.Client> getClients() {
		return this.clients;
	}

	/**
	 * Return the push settings.
	 * @return the push settings
	 */
	public Push getPush() {
		return this.push;
	}

	/**
	 * Settings of one listener. A setting left unset keeps the default of
	 * {@link dev.tcpstarter.listener.TcpListenerDefinition.Builder}.
	 */
	public static class Listener extends TcpFramingProperties {

		/**
		 * Port to bind. 0 binds any free port, published as
		 * local.tcp.listener.<name>.port.
		 */
		private @Nullable Integer port;

		/**
		 * Address to bind. All interfaces when not set.
		 */
		private @Nullable String host;

		/**
		 * Close connections that send nothing for this long. Never when not set.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Most connections open at once, 10000 by default. A connection counts from
		 * accept; one above the limit is closed at accept, before any handler, and
		 * counted.
		 */
		private @Nullable Integer maxConnections;

		/**
		 * Length of the queue of connections waiting to be accepted, 128 by default.
		 */
		private @Nullable Integer backlog;

		/**
		 * Spring Integration connection factory to run on: net (the default; a thread per
		 * connection, virtual threads on Java 21+ when enabled) or nio (a selector and a
		 * thread pool).
		 */
		private @Nullable TcpTransport transport;

		/**
		 * How long a write may block, because the peer does not read, before the
		 * connection is closed; 30s by default.
		 */
		private @Nullable Duration writeTimeout;

		/**
		 * How long a graceful stop waits for connections to finish the frames they
		 * received before closing them; 30s by default.
		 */
		private @Nullable Duration shutdownTimeout;

		/**
		 * Whether connections start with a PROXY protocol (v1 or v2) header from a load
		 * balancer: off (the default), optional or required. The header is read before
		 * TLS and framing, and TcpCaller.remoteHost() then reports the original client.
		 */
		private @Nullable TcpProxyProtocol proxyProtocol;

		/**
		 * How long the whole PROXY protocol header may take to arrive before the
		 * connection is closed; 10s by default.
		 */
		private @Nullable Duration proxyProtocolTimeout;

		/**
		 * Addresses and CIDR blocks (IPv4 and IPv6) of the load balancers allowed to send
		 * a PROXY protocol header. A peer outside them is refused under proxy-protocol
		 * required, and treated as a direct client under optional. Any peer when not set.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		/**
		 * Most connections open at once from one client address (the PROXY header's
		 * source behind a trusted proxy). One more is closed before @OnConnect. No limit
		 * when not set.
		 */
		private @Nullable Integer maxConnectionsPerAddress;

		/**
		 * Asynchronous @OnBytes results of one connection not yet written; at this count
		 * the connection stops reading until one is written. 256 when not set.
		 */
		private @Nullable Integer maxPendingResults;

		/**
		 * Once the first byte of a frame arrived, the whole frame must arrive within this
		 * (a peer trickling one byte per idle-timeout is closed). No limit when not set.
		 */
		private @Nullable Duration frameTimeout;

		/**
		 * Prefix length under which max-connections-per-address counts IPv6 clients
		 * together (one host commonly owns a whole /64), from 1 to 128. IPv4 clients are
		 * counted per address. 64 when not set.
		 */
		private @Nullable Integer ipv6AddressPrefix;

		/**
		 * Addresses and CIDR blocks of the clients allowed to connect; others are closed
		 * before @OnConnect. Any client when not set.
		 */
		private List<String> allowedAddresses = new ArrayList<>();

		/**
		 * Addresses and CIDR blocks of clients that are refused, even when allowed.
		 */
		private List<String> deniedAddresses = new ArrayList<>();

		/**
		 * TLS settings.
		 */
		private final Ssl ssl = new Ssl();

		/**
		 * Socket options of accepted connections.
		 */
		private final TcpSocketProperties socket = new TcpSocketProperties();

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Integer getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(@Nullable Integer maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Integer getBacklog() {
			return this.backlog;
		}

		public void setBacklog(@Nullable Integer backlog) {
			this.backlog = backlog;
		}

		public @Nullable TcpTransport getTransport() {
			return this.transport;
		}

		public void setTransport(@Nullable TcpTransport transport) {
			this.transport = transport;
		}

		public @Nullable Duration getWriteTimeout() {
			return this.writeTimeout;
		}

		public void setWriteTimeout(@Nullable Duration writeTimeout) {
			this.writeTimeout = writeTimeout;
		}

		public @Nullable Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public @Nullable TcpProxyProtocol getProxyProtocol() {
			return this.proxyProtocol;
		}

		public void setProxyProtocol(@Nullable TcpProxyProtocol proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
		}

		public @Nullable Duration getProxyProtocolTimeout() {
			return this.proxyProtocolTimeout;
		}

		public void setProxyProtocolTimeout(@Nullable Duration proxyProtocolTimeout) {
			this.proxyProtocolTimeout = proxyProtocolTimeout;
		}

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public @Nullable Integer getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(@Nullable Integer maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

		public @Nullable Integer getMaxPendingResults() {
			return this.maxPendingResults;
		}

		public void setMaxPendingResults(@Nullable Integer maxPendingResults) {
			this.maxPendingResults = maxPendingResults;
		}

		public @Nullable Duration getFrameTimeout() {
			return this.frameTimeout;
		}

		public void setFrameTimeout(@Nullable Duration frameTimeout) {
			this.frameTimeout = frameTimeout;

		}

		public @Nullable Integer getIpv6AddressPrefix() {
			return this.ipv6AddressPrefix;
		}

		public void setIpv6AddressPrefix(@Nullable Integer ipv6AddressPrefix) {
			this.ipv6AddressPrefix = ipv6AddressPrefix;
		}

		public List<String> getAllowedAddresses() {
			return this.allowedAddresses;
		}

		public void setAllowedAddresses(List<String> allowedAddresses) {
			this.allowedAddresses = allowedAddresses;
		}

		public List<String> getDeniedAddresses() {
			return this.deniedAddresses;
		}

		public void setDeniedAddresses(List<String> deniedAddresses) {
			this.deniedAddresses = deniedAddresses;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public TcpSocketProperties getSocket() {
			return this.socket;
		}

	}

	/**
	 * TLS settings of a listener: a Spring Boot SSL bundle, or PEM or keystore shortcuts.
	 */
	public static class Ssl {

		/**
		 * Whether to enable TLS. Implied by setting a bundle, certificate or key store;
		 * false serves plain TCP even when key material is set.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Name of an SSL bundle configured under spring.ssl.bundle.pem or
		 * spring.ssl.bundle.jks. Its keystore is the listener's certificate, its
		 * truststore checks client certificates.
		 */
		private @Nullable String bundle;

		/**
		 * Location of the PEM certificate (chain) of the listener: a file path, or a
		 * file: or classpath: location.
		 */
		private @Nullable String certificate;

		/**
		 * Location of the PEM private key of the certificate.
		 */
		private @Nullable String certificatePrivateKey;

		/**
		 * Password of an encrypted PEM private key.
		 */
		private @Nullable String certificatePrivateKeyPassword;

		/**
		 * Location of the PEM certificates of the authorities trusted to issue client
		 * certificates, for client-auth want or need.
		 */
		private @Nullable String trustCertificate;

		/**
		 * Location of a key store holding the listener's key and certificate.
		 */
		private @Nullable String keyStore;

		/**
		 * Password of the key store (and of its key).
		 */
		private @Nullable String keyStorePassword;

		/**
		 * Type of the key store: PKCS12 or JKS.
		 */
		private String keyStoreType = "PKCS12";

		/**
		 * TLS protocol versions to enable, e.g. TLSv1.3. The bundle's, or else the JDK's,
		 * when not set.
		 */
		private List<String> enabledProtocols = new ArrayList<>();

		/**
		 * Cipher suites to enable. The bundle's, or else the JDK's, when not set.
		 */
		private List<String> ciphers = new ArrayList<>();

		/**
		 * How long a client may take, from connecting, to complete the TLS handshake
		 * before it is disconnected.
		 */
		private Duration handshakeTimeout = Duration.ofSeconds(10);

		/**
		 * How long TLS sessions stay cached for resumption; 0 for no limit. The JDK's
		 * default when not set.
		 */
		private @Nullable Duration sessionTimeout;

		/**
		 * Client certificate authentication: none, want (checked if sent) or need (mutual
		 * TLS). want and need require trust material.
		 */
		private ClientAuth clientAuth = ClientAuth.NONE;

		/**
		 * SNI: the SSL bundle of each server name clients ask for, as Spring Boot's
		 * server.ssl.server-name-bundles. The bundle property serves clients that send no
		 * server name or one not listed here.
		 */
		private List<ServerNameBundle> serverNameBundles = new ArrayList<>();

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

		public @Nullable String getTrustCertificate() {
			return this.trustCertificate;
		}

		public void setTrustCertificate(@Nullable String trustCertificate) {
			this.trustCertificate = trustCertificate;
		}

		public @Nullable String getKeyStore() {
			return this.keyStore;
		}

		public void setKeyStore(@Nullable String keyStore) {
			this.keyStore = keyStore;
		}

		public @Nullable String getKeyStorePassword() {
			return this.keyStorePassword;
		}

		public void setKeyStorePassword(@Nullable String keyStorePassword) {
			this.keyStorePassword = keyStorePassword;
		}

		public String getKeyStoreType() {
			return this.keyStoreType;
		}

		public void setKeyStoreType(String keyStoreType) {
			this.keyStoreType = keyStoreType;
		}

		public List<String> getEnabledProtocols() {
			return this.enabledProtocols;
		}

		public void setEnabledProtocols(List<String> enabledProtocols) {
			this.enabledProtocols = enabledProtocols;
		}

		public List<String> getCiphers() {
			return this.ciphers;
		}

		public void setCiphers(List<String> ciphers) {
			this.ciphers = ciphers;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		public @Nullable Duration getSessionTimeout() {
			return this.sessionTimeout;
		}

		public void setSessionTimeout(@Nullable Duration sessionTimeout) {
			this.sessionTimeout = sessionTimeout;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		public List<ServerNameBundle> getServerNameBundles() {
			return this.serverNameBundles;
		}

		public void setServerNameBundles(List<ServerNameBundle> serverNameBundles) {
			this.serverNameBundles = serverNameBundles;
		}

	}

	/**
	 * The SSL bundle that serves one server name (SNI).
	 */
	public static class ServerNameBundle {

		/**
		 * Host name a client asks for in its TLS handshake (SNI), e.g. api.example.com,
		 * or *.example.com for any one label in front of example.com. Matched without
		 * regard to case.
		 */
		private @Nullable String serverName;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.pem or spring.ssl.bundle.jks) whose
		 * key, certificate and trust store serve that server name.
		 */
		private @Nullable String bundle;

		public @Nullable String getServerName() {
			return this.serverName;
		}

		public void setServerName(@Nullable String serverName) {
			this.serverName = serverName;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Settings of TcpPush, under {@code tcp.push}.
	 */
	public static class Push {

		/**
		 * How pushes reach the other instances: local (this instance only), redis (Redis
		 * pub/sub over spring.data.redis.*; needs spring-integration-redis and
		 * spring-boot-starter-data-redis) or kafka (over spring.kafka.*; needs
		 * spring-integration-kafka and spring-boot-starter-kafka). A SubscribableChannel
		 * bean named tcpPushChannel replaces the transport.
		 */
		private Transport transport = Transport.LOCAL;

		/**
		 * Redis channel or Kafka topic the pushes travel on. Fixed here: a group name
		 * never becomes part of it.
		 */
		private String topic = "tcp.push";

		/**
		 * Largest frame a push may carry. A larger one is refused by sendTo..., and a
		 * larger message on the topic is ignored. The default keeps a push within Kafka's
		 * default record size.
		 */
		private DataSize maxFrameSize = DataSize.ofKilobytes(512);

		/**
		 * How long a sendTo... call may wait for the broker to accept a push before it
		 * fails; also the Redis PUBLISH command timeout and the Kafka producer's
		 * max.block.ms, request.timeout.ms and delivery.timeout.ms (unless set in
		 * spring.kafka.producer.properties). While the broker is unreachable, calls fail
		 * at once.
		 */
		private Duration sendTimeout = Duration.ofSeconds(2);

		/**
		 * How often each instance publishes a heartbeat on the topic; the tcpPush health
		 * is down when its own heartbeat has not come back through the subscription for
		 * three intervals, and a heartbeat is what reopens publishing after an outage.
		 */
		private Duration heartbeatInterval = Duration.ofSeconds(1);

		/**
		 * Most pushes published on Redis and not yet answered, per instance: pushes are
		 * pipelined on one connection without waiting for Redis's answer, and a sendTo...
		 * beyond this many waits for an answer, at most send-timeout, then fails. Bounds
		 * the memory held by pushes in flight (up to this many envelopes).
		 */
		private int maxInFlight = 1000;

		public Transport getTransport() {
			return this.transport;
		}

		public void setTransport(Transport transport) {
			this.transport = transport;
		}

		public String getTopic() {
			return this.topic;
		}

		public void setTopic(String topic) {
			this.topic = topic;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
			this.heartbeatInterval = heartbeatInterval;
		}

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		/**
		 * The transports of TcpPush.
		 */
		public enum Transport {

			/**
			 * In memory: this instance only, no dependency.
			 */
			LOCAL,

			/**
			 * Spring Integration's Redis pub/sub channel.
			 */
			REDIS,

			/**
			 * Spring Integration's publish-subscribe Kafka channel.
			 */
			KAFKA

		}

	}

}

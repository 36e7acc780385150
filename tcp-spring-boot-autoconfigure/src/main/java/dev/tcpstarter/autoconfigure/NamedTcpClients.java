package dev.tcpstarter.autoconfigure;

import java.time.Duration;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;

import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.framing.Framings;
import dev.tcpstarter.handler.TcpServiceDefinitionException;

/**
 * Builds the {@link TcpClient} of each {@code tcp.clients.<name>} entry, checking its
 * properties so that a mistake fails startup with the property's name, and connects those
 * with {@code connect-on-startup} when the application starts.
 *
 * @author tcp-spring-boot-starter
 */
final class NamedTcpClients implements SmartLifecycle {

	private final TcpClientProperties properties;

	private final TcpClientSslResolver ssl;

	private final BeanFactory beanFactory;

	private final ApplicationEventPublisher eventPublisher;

	private volatile boolean running;

	NamedTcpClients(TcpClientProperties properties, TcpClientSslResolver ssl, BeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher) {
		this.properties = properties;
		this.ssl = ssl;
		this.beanFactory = beanFactory;
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Build the client configured under {@code tcp.clients.<name>}.
	 * @param name the client name
	 * @return a client, not connected
	 */
	TcpClient create(String name) {
		TcpClientProperties.Client client = this.properties.getClients().get(name);
		String prefix = "tcp.clients." + name + ".";
		if (client == null) {
			throw new TcpServiceDefinitionException(prefix + "* is not configured.",
					"Configure " + prefix + "host and " + prefix + "port.");
		}
		String host = client.getHost();
		if (host == null || host.isBlank()) {
			throw new TcpServiceDefinitionException(prefix + "host is not set.",
					"Set " + prefix + "host to the host name or address of the server.");
		}
		Integer port = client.getPort();
		if (port == null) {
			throw new TcpServiceDefinitionException(prefix + "port is not set.",
					"Set " + prefix + "port to the port of the server.");
		}
		check(port > 0 && port <= 65535, prefix + "port", port, "a port from 1 to 65535");
		check(client.getLengthPrefixSize() == 1 || client.getLengthPrefixSize() == 2
				|| client.getLengthPrefixSize() == 4, prefix + "length-prefix-size", client.getLengthPrefixSize(),
				"1, 2 or 4");
		long maxFrameSize = client.getMaxFrameSize().toBytes();
		check(maxFrameSize > 0 && maxFrameSize <= Integer.MAX_VALUE - 8, prefix + "max-frame-size",
				client.getMaxFrameSize(), "a size from 1B to 2GB");
		checkTimeout(prefix + "connect-timeout", client.getConnectTimeout());
		checkTimeout(prefix + "read-timeout", client.getReadTimeout());
		checkTimeout(prefix + "write-timeout", client.getWriteTimeout());
		checkTimeout(prefix + "ssl.handshake-timeout", client.getSsl().getHandshakeTimeout());
		TcpClient.Builder builder = TcpClient.builder()
			.name(name)
			.host(host.trim())
			.port(port)
			.localHost(client.getLocalHost())
			.connectTimeout(client.getConnectTimeout())
			.readTimeout(client.getReadTimeout())
			.writeTimeout(client.getWriteTimeout())
			.lengthPrefixSize(client.getLengthPrefixSize())
			.maxFrameSize((int) maxFrameSize)
			.charset(client.getCharset())
			.autoReconnect(client.isAutoReconnect())
			.verifyHostname(client.getSsl().isVerifyHostname())
			.handshakeTimeout(client.getSsl().getHandshakeTimeout())
			.applicationEventPublisher(this.eventPublisher);
		framing(builder, client.getFraming().trim(), prefix + "framing");
		SslBundle bundle = this.ssl.resolve(name, client.getSsl());
		if (bundle != null) {
			try {
				builder.sslBundle(bundle);
			}
			catch (RuntimeException ex) {
				throw TcpClientSslResolver.unreadable(prefix + "ssl.*", ex);
			}
		}
		return builder.build();
	}

	@SuppressWarnings("unchecked")
	private void framing(TcpClient.Builder builder, String framing, String property) {
		if (Framings.NAMES.contains(framing)) {
			builder.framing(framing);
			return;
		}
		Object codec = TcpFramingResolver.codecBean(this.beanFactory, framing, property);
		builder.codec((Serializer<byte[]>) codec, (Deserializer<byte[]>) codec);
	}

	private static void checkTimeout(String property, Duration timeout) {
		check(!timeout.isNegative(), property, timeout, "zero (no limit) or a positive duration");
	}

	private static void check(boolean valid, String property, Object value, String allowed) {
		if (!valid) {
			throw new TcpServiceDefinitionException(property + " is " + value + ".", "Set it to " + allowed + ".");
		}
	}

	/**
	 * Connect the clients with {@code connect-on-startup}; a failure stops the
	 * application.
	 */
	@Override
	public void start() {
		this.properties.getClients().forEach((name, client) -> {
			if (client.isConnectOnStartup() && this.beanFactory.isTypeMatch(name, TcpClient.class)) {
				this.beanFactory.getBean(name, TcpClient.class).connect();
			}
		});
		this.running = true;
	}

	/**
	 * Nothing to do: the clients are closed when the context destroys them.
	 */
	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return a phase before the default one, so that clients connect before other
	 * components (such as listeners) start serving.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 1024;
	}

}

package dev.tcpstarter.autoconfigure;

import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.util.unit.DataSize;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientConnectionFactoryCustomizer;
import dev.tcpstarter.framing.Framings;

/**
 * Builds the {@link TcpClient} of each {@code tcp.clients.<name>} entry, checking its
 * properties so that a mistake fails startup with the property's name, and connects those
 * with {@code connect-on-startup} when the application starts.
 */
final class NamedTcpClients implements SmartLifecycle {

	/**
	 * The bean name of the factory of named clients: each {@code TcpClient} bean is
	 * created by its {@code create(String)} method.
	 */
	static final String BEAN_NAME = "namedTcpClients";

	private final TcpClientProperties properties;

	private final TcpClientSslResolver ssl;

	private final BeanFactory beanFactory;

	private final ApplicationEventPublisher eventPublisher;

	private final List<TcpClientConnectionFactoryCustomizer> customizers;

	private volatile boolean running;

	NamedTcpClients(TcpClientProperties properties, TcpClientSslResolver ssl, BeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher, List<TcpClientConnectionFactoryCustomizer> customizers) {
		this.properties = properties;
		this.ssl = ssl;
		this.beanFactory = beanFactory;
		this.eventPublisher = eventPublisher;
		this.customizers = customizers;
	}

	/**
	 * Build the client configured under {@code tcp.clients.<name>}.
	 * @param name the client name
	 * @return a client, not connected
	 */
	TcpClient create(String name) {
		TcpClientProperties.Client client = this.properties.getClients().get(name);
		PropertyValues values = new PropertyValues("tcp.clients." + name + ".");
		if (client == null) {
			throw new TcpConfigurationException(values.name("*") + " is not configured.",
					"Configure " + values.name("host") + " and " + values.name("port") + ".");
		}
		String host = client.getHost();
		if (host == null || host.isBlank()) {
			throw values.missing("host", "the host name or address of the server");
		}
		Integer port = client.getPort();
		if (port == null) {
			throw values.missing("port", "the port of the server");
		}
		TcpClient.Builder builder = TcpClient.builder().name(name).host(host.trim());
		PropertyMapper map = PropertyMapper.get();
		map.from(port).to(values.to("port", builder::port));
		map.from(client::getLocalHost).to(builder::localHost);
		map.from(client::getConnectTimeout).to(values.to("connect-timeout", builder::connectTimeout));
		map.from(client::getReadTimeout).to(values.to("read-timeout", builder::readTimeout));
		map.from(client::getWriteTimeout).to(values.to("write-timeout", builder::writeTimeout));
		map.from(client::getLengthPrefixSize).to(values.to("length-prefix-size", builder::lengthPrefixSize));
		map.from(client::getMaxFrameSize).as(DataSize::toBytes).to(values.to("max-frame-size", builder::maxFrameSize));
		map.from(client::getCharset).to(builder::charset);
		map.from(client::getAutoReconnect).to(builder::autoReconnect);
		map.from(client.getSsl()::getVerifyHostname).to(builder::verifyHostname);
		map.from(client.getSsl()::getHandshakeTimeout)
			.to(values.to("ssl.handshake-timeout", builder::handshakeTimeout));
		map.from(client::getFraming)
			.as(String::trim)
			.to((framing) -> framing(builder, framing, values.name("framing")));
		builder.applicationEventPublisher(this.eventPublisher).customizers(this.customizers);
		SslBundle bundle = this.ssl.resolve(name, client.getSsl());
		if (bundle != null) {
			try {
				builder.sslBundle(bundle);
				SslBundleLookup.warnIfLegacy("TCP client '" + name + "'", bundle.getOptions().getEnabledProtocols());
			}
			catch (RuntimeException ex) {
				throw TcpClientSslResolver.unreadable(values.name("ssl.*"), ex);
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

package dev.tcpstarter.autoconfigure;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.util.unit.DataSize;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.TcpException;
import dev.tcpstarter.client.TcpClient;
import dev.tcpstarter.client.TcpClientConnectionFactoryCustomizer;
import dev.tcpstarter.client.TcpCorrelation;
import dev.tcpstarter.integration.Framings;
import dev.tcpstarter.listener.TcpListenerRegistry;

/**
 * Builds the {@link TcpClient} of each {@code tcp.clients.<name>} entry, mapping its
 * properties onto the client's builder (which holds every default and rule: a value it
 * refuses fails startup naming the property), and connects at startup the clients that
 * ask for it or serve a {@code @TcpService}.
 */
final class NamedTcpClients implements SmartLifecycle {

	/**
	 * The bean name of the factory of named clients: each {@code TcpClient} bean is
	 * created by its {@code create(String)} method.
	 */
	static final String BEAN_NAME = "namedTcpClients";

	private static final Log logger = LogFactory.getLog(NamedTcpClients.class);

	private final TcpProperties properties;

	private final TcpClientSslResolver ssl;

	private final BeanFactory beanFactory;

	private final ApplicationEventPublisher eventPublisher;

	private final List<TcpClientConnectionFactoryCustomizer> customizers;

	private final Function<String, @Nullable ThreadFactory> threads;

	private volatile boolean running;

	NamedTcpClients(TcpProperties properties, TcpClientSslResolver ssl, BeanFactory beanFactory,
			ApplicationEventPublisher eventPublisher, List<TcpClientConnectionFactoryCustomizer> customizers,
			Function<String, @Nullable ThreadFactory> threads) {
		this.properties = properties;
		this.ssl = ssl;
		this.beanFactory = beanFactory;
		this.eventPublisher = eventPublisher;
		this.customizers = customizers;
		this.threads = threads;
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
		TcpClient.Builder builder = TcpClient.builder().name(name);
		PropertyMapper map = PropertyMapper.get();
		map.from(client::getHost).to(values.to("host", builder::host));
		map.from(client::getPort).to(values.to("port", builder::port));
		map.from(client::getLocalHost).to(builder::localHost);
		map.from(client::getConnectTimeout).to(values.to("connect-timeout", builder::connectTimeout));
		map.from(client::getReadTimeout).to(values.to("read-timeout", builder::readTimeout));
		map.from(client::getWriteTimeout).to(values.to("write-timeout", builder::writeTimeout));
		map.from(client::getLengthPrefixSize).to(values.to("length-prefix-size", builder::lengthPrefixSize));
		map.from(client::getMaxFrameSize).as(DataSize::toBytes).to(values.to("max-frame-size", builder::maxFrameSize));
		map.from(client::getCharset).to(builder::charset);
		map.from(client::getFraming)
			.as(String::trim)
			.to((framing) -> framing(builder, framing, values.name("framing")));
		map.from(client::getPoolSize).to(values.to("pool-size", builder::poolSize));
		map.from(client::getMaxPendingRequests).to(values.to("max-pending-requests", builder::maxPendingRequests));
		map.from(client::getCorrelation).as(String::trim).to((bean) -> builder.correlation(correlation(bean, values)));
		reconnect(map, client.getReconnect(), values, builder);
		builder.socketOptions(client.getSocket().toOptions(values));
		warnIfAutoReconnect(client, values);
		map.from(client.getSsl()::getVerifyHostname).to(builder::verifyHostname);
		map.from(client.getSsl()::getHandshakeTimeout)
			.to(values.to("ssl.handshake-timeout", builder::handshakeTimeout));
		map.from(client.getSsl()::getServerName).to(values.to("ssl.server-name", builder::serverName));
		builder.applicationEventPublisher(this.eventPublisher).customizers(this.customizers);
		map.from(this.threads.apply(name)).to(builder::threadFactory);
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
		return build(builder, values);
	}

	private static void reconnect(PropertyMapper map, TcpClientProperties.Reconnect reconnect, PropertyValues values,
			TcpClient.Builder builder) {
		map.from(reconnect::getEnabled).to(builder::reconnect);
		map.from(reconnect::getInitialDelay).to(values.to("reconnect.initial-delay", builder::reconnectInitialDelay));
		map.from(reconnect::getMaxDelay).to(values.to("reconnect.max-delay", builder::reconnectMaxDelay));
		map.from(reconnect::getMultiplier).to(values.to("reconnect.multiplier", builder::reconnectMultiplier));
	}

	@SuppressWarnings({ "deprecation", "removal" })
	private static void warnIfAutoReconnect(TcpClientProperties.Client client, PropertyValues values) {
		if (client.getAutoReconnect() != null) {
			logger.warn(values.name("auto-reconnect") + " is deprecated and has no effect: a lost connection is "
					+ "reopened by the next operation; set " + values.name("reconnect.enabled")
					+ "=true to reopen it in the background");
		}
	}

	/**
	 * Build the client; the builder's check of the required host and port ("host must be
	 * set") becomes the startup error of the property.
	 */
	private static TcpClient build(TcpClient.Builder builder, PropertyValues values) {
		try {
			return builder.build();
		}
		catch (IllegalStateException ex) {
			String message = String.valueOf(ex.getMessage());
			String key = message.substring(0, Math.max(0, message.indexOf(' ')));
			throw key.equals("host") || key.equals("port") ? values.missing(key, "the " + key + " of the server") : ex;
		}
	}

	private TcpCorrelation correlation(String bean, PropertyValues values) {
		if (!this.beanFactory.containsBean(bean) || !this.beanFactory.isTypeMatch(bean, TcpCorrelation.class)) {
			throw new TcpConfigurationException(
					values.name("correlation") + " is '" + bean + "', which is not the name of a TcpCorrelation bean.",
					"Declare a bean that implements dev.tcpstarter.client.TcpCorrelation and name it in "
							+ values.name("correlation") + ", or remove the property to match answers in order.");
		}
		return this.beanFactory.getBean(bean, TcpCorrelation.class);
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
	 * Connect the clients with {@code connect-on-startup} or a service. A failure stops
	 * the application, unless the client reconnects in the background.
	 */
	@Override
	public void start() {
		this.properties.getClients().forEach((name, client) -> {
			if (!this.beanFactory.isTypeMatch(name, TcpClient.class)) {
				return;
			}
			TcpClient tcpClient = this.beanFactory.getBean(name, TcpClient.class);
			if (client.isConnectOnStartup() || tcpClient.hasService()) {
				connect(tcpClient, Boolean.TRUE.equals(client.getReconnect().getEnabled()));
			}
		});
		this.running = true;
	}

	private static void connect(TcpClient client, boolean reconnects) {
		try {
			client.connect();
		}
		catch (TcpException ex) {
			if (!reconnects) {
				throw ex;
			}
			logger.warn("TCP client '" + client.name() + "' could not connect at startup; it keeps trying in the "
					+ "background: " + ex.getMessage());
		}
	}

	/**
	 * Close the clients that serve a service, so that they do not reconnect while the
	 * application shuts down (their connections end with {@code @OnClose}); the others
	 * are closed when the context destroys them.
	 */
	@Override
	public void stop() {
		this.properties.getClients().keySet().forEach((name) -> {
			if (this.beanFactory.isTypeMatch(name, TcpClient.class)) {
				TcpClient client = this.beanFactory.getBean(name, TcpClient.class);
				if (client.hasService()) {
					client.close();
				}
			}
		});
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the phase just after the listeners': clients connect once this application's
	 * listeners are bound (a client may talk to one of them), and their services stop
	 * before the listeners do.
	 * @return the phase
	 */
	@Override
	public int getPhase() {
		return TcpListenerRegistry.PHASE + 1;
	}

}

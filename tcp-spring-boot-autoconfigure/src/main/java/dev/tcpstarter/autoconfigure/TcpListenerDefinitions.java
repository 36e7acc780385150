package dev.tcpstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

import dev.tcpstarter.listener.TcpListenerDefinition;

/**
 * Maps the bound {@code tcp.listeners.*} properties onto listener definitions. Unset
 * properties keep the defaults of {@link TcpListenerDefinition.Builder}; values it
 * refuses fail the startup with the property's name.
 */
final class TcpListenerDefinitions {

	private TcpListenerDefinitions() {
	}

	static Map<String, TcpListenerDefinition> from(TcpProperties properties, TcpListenerSslResolver ssl) {
		Map<String, TcpListenerDefinition> definitions = new LinkedHashMap<>();
		properties.getListeners().forEach((name, listener) -> definitions.put(name, from(name, listener, ssl)));
		return definitions;
	}

	private static TcpListenerDefinition from(String name, TcpProperties.Listener listener,
			TcpListenerSslResolver ssl) {
		PropertyValues values = new PropertyValues("tcp.listeners." + name + ".");
		Integer port = listener.getPort();
		if (port == null) {
			throw values.missing("port", "the port to listen on (0 for any free port)");
		}
		TcpListenerDefinition.Builder builder = values.apply("port", port,
				(value) -> TcpListenerDefinition.builder(name, value));
		PropertyMapper map = PropertyMapper.get();
		map.from(listener::getHost).to(builder::host);
		map.from(listener::getFraming).to(values.to("framing", builder::framing));
		map.from(listener::getLengthPrefixSize).to(values.to("length-prefix-size", builder::lengthPrefixSize));
		map.from(listener::getMaxFrameSize)
			.as(DataSize::toBytes)
			.to(values.to("max-frame-size", builder::maxFrameSize));
		map.from(listener::getCharset).to(builder::charset);
		map.from(listener::getIdleTimeout).to(values.to("idle-timeout", builder::idleTimeout));
		map.from(listener::getMaxConnections).to(values.to("max-connections", builder::maxConnections));
		map.from(listener::getBacklog).to(values.to("backlog", builder::backlog));
		map.from(listener::getTransport).to(builder::transport);
		map.from(listener::getWriteTimeout).to(values.to("write-timeout", builder::writeTimeout));
		map.from(listener::getShutdownTimeout).to(values.to("shutdown-timeout", builder::shutdownTimeout));
		map.from(listener::getProxyProtocol).to(builder::proxyProtocol);
		map.from(listener::getProxyProtocolTimeout)
			.to(values.to("proxy-protocol-timeout", builder::proxyProtocolTimeout));
		map.from(listener::getMaxConnectionsPerAddress)
			.to(values.to("max-connections-per-address", builder::maxConnectionsPerAddress));
		map.from(listener::getIpv6AddressPrefix).to(values.to("ipv6-address-prefix", builder::ipv6AddressPrefix));
		map.from(listener::getMaxPendingResults).to(values.to("max-pending-results", builder::maxPendingResults));
		map.from(listener::getFrameTimeout).to(values.to("frame-timeout", builder::frameTimeout));
		map.from(listener::getTrustedProxies).to(values.to("trusted-proxies", builder::trustedProxies));
		map.from(listener::getAllowedAddresses).to(values.to("allowed-addresses", builder::allowedAddresses));
		map.from(listener::getDeniedAddresses).to(values.to("denied-addresses", builder::deniedAddresses));
		builder.socketOptions(listener.getSocket().toOptions(values));
		builder.ssl(ssl.resolve(name, listener.getSsl()));
		// build() checks the settings that depend on
		// each other: those that need transport net
		return values.apply("transport", String.valueOf(listener.getTransport()).toLowerCase(),
				(transport) -> builder.build());
	}

}

package dev.tcpstarter.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

import dev.tcpstarter.TcpConfigurationException;
import dev.tcpstarter.address.AddressBlock;
import dev.tcpstarter.address.AddressBlocks;
import dev.tcpstarter.listener.TcpListenerDefinition;
import dev.tcpstarter.listener.TcpListenerSsl;
import dev.tcpstarter.listener.TcpProxyProtocol;
import dev.tcpstarter.listener.TcpTransport;

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
		if (port < 0 || port > 65535) {
			throw values.invalid("port", port, "port must be from 0 to 65535 (0 = any free port)");
		}
		TcpListenerDefinition.Builder builder = TcpListenerDefinition.builder(name, port);
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
		builder.trustedProxies(addresses(values, "trusted-proxies", listener.getTrustedProxies()));
		builder.allowedAddresses(addresses(values, "allowed-addresses", listener.getAllowedAddresses()));
		builder.deniedAddresses(addresses(values, "denied-addresses", listener.getDeniedAddresses()));
		TcpListenerSsl tls = ssl.resolve(name, listener.getSsl());
		builder.ssl(tls);
		if (listener.getTransport() == TcpTransport.NIO) {
			checkNetOnly(values, tls != null, "TLS is enabled for the listener", "TLS listeners");
			checkNetOnly(values,
					listener.getProxyProtocol() != null && listener.getProxyProtocol() != TcpProxyProtocol.OFF,
					"proxy-protocol is " + String.valueOf(listener.getProxyProtocol()).toLowerCase(),
					"Listeners behind a PROXY protocol balancer");
		}
		return builder.build();
	}

	private static AddressBlocks addresses(PropertyValues values, String key, List<String> entries) {
		for (String entry : entries) {
			try {
				AddressBlock.parse(entry);
			}
			catch (IllegalArgumentException ex) {
				throw new TcpConfigurationException(
						values.name(key) + " contains '" + entry + "', which is not an IP address or CIDR block.",
						"Use IPv4 or IPv6 addresses such as 10.0.0.5 or 2001:db8::1, or CIDR blocks such as "
								+ "10.0.0.0/8 or 2001:db8::/32; host names are not allowed.");
			}
		}
		return AddressBlocks.parse(entries);
	}

	private static void checkNetOnly(PropertyValues values, boolean used, String feature, String who) {
		if (used) {
			throw new TcpConfigurationException(values.name("transport") + " is nio, and " + feature + ".",
					who + " run on transport net (the default): remove " + values.name("transport") + ".");
		}
	}

}

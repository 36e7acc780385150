package dev.tcpstarter.listener;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.handler.TcpServiceDefinitionException;
import dev.tcpstarter.listener.TcpListenerRegistry.ListenerBinding;

/**
 * Decides which listener serves which {@code @TcpService}: named listeners, inline
 * listeners, and the only configured listener when a service names none. Every ambiguity
 * fails with a message that names the service, the listener and the fix.
 *
 * @author tcp-spring-boot-starter
 */
final class TcpServiceBindings {

	private static final Log logger = LogFactory.getLog(TcpServiceBindings.class);

	private final Map<String, TcpListenerDefinition> configured;

	TcpServiceBindings(Map<String, TcpListenerDefinition> configured) {
		this.configured = configured;
	}

	Map<String, ListenerBinding> bind(Collection<TcpServiceEndpoint> endpoints) {
		Map<String, ListenerBinding> bindings = new LinkedHashMap<>();
		for (TcpServiceEndpoint endpoint : endpoints) {
			boolean bound = false;
			for (String name : endpoint.listeners()) {
				TcpListenerDefinition definition = this.configured.get(name);
				if (definition == null) {
					throw new TcpServiceDefinitionException(
							"@TcpService bean '" + endpoint.beanName() + "' names listener '" + name
									+ "', which is not configured (configured listeners: " + this.configured.keySet()
									+ ").",
							"Configure tcp.listeners." + name + ".port, or name one of the configured listeners.");
				}
				add(bindings, definition, endpoint);
				bound = true;
			}
			if (endpoint.inlinePort() != null) {
				String name = endpoint.beanName();
				if (this.configured.containsKey(name)) {
					throw new TcpServiceDefinitionException(
							"@TcpService bean '" + name + "' declares an inline port, but tcp.listeners." + name
									+ " is configured too.",
							"Either remove the port from @TcpService, or remove tcp.listeners." + name + ".");
				}
				add(bindings, TcpListenerDefinition.withDefaults(name, endpoint.inlinePort(), endpoint.inlineHost()),
						endpoint);
				bound = true;
			}
			if (!bound) {
				add(bindings, onlyListener(endpoint), endpoint);
			}
		}
		for (String name : this.configured.keySet()) {
			if (!bindings.containsKey(name)) {
				logger.warn("TCP listener '" + name
						+ "' is configured but no @TcpService attaches to it; it is not started");
			}
		}
		return bindings;
	}

	private TcpListenerDefinition onlyListener(TcpServiceEndpoint endpoint) {
		if (this.configured.size() == 1) {
			return this.configured.values().iterator().next();
		}
		if (this.configured.isEmpty()) {
			throw new TcpServiceDefinitionException("@TcpService bean '" + endpoint.beanName()
					+ "' has no listener: no tcp.listeners are configured and " + "the annotation declares no port.",
					"Configure a listener, e.g. tcp.listeners.main.port=3000, or declare @TcpService(port = \"3000\").");
		}
		throw new TcpServiceDefinitionException(
				"@TcpService bean '" + endpoint.beanName() + "' does not say which listener it attaches to, and "
						+ this.configured.size() + " are configured: " + this.configured.keySet() + ".",
				"Name the listener with @TcpService(listeners = \"...\").");
	}

	private static void add(Map<String, ListenerBinding> bindings, TcpListenerDefinition definition,
			TcpServiceEndpoint endpoint) {
		ListenerBinding existing = bindings.get(definition.name());
		if (existing != null && existing.endpoint() != endpoint) {
			throw new TcpServiceDefinitionException(
					"TCP listener '" + definition.name() + "' is claimed by @TcpService beans '"
							+ existing.endpoint().beanName() + "' and '" + endpoint.beanName()
							+ "'; a connection could not know which service to call.",
					"Give each service its own listener under tcp.listeners.");
		}
		bindings.put(definition.name(), new ListenerBinding(definition, endpoint));
	}

}

package dev.tcpstarter.integration;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tcpstarter.TcpServiceDefinitionException;
import dev.tcpstarter.listener.TcpListenerDefinition;

/**
 * Decides which listener serves which {@code @TcpService} and registers each pair with
 * the {@link IntegrationTcpListenerRegistry}: listeners named by the service, its inline
 * listener, or the only configured listener when it names none. Every ambiguity fails
 * with a message that names the service, the listener and the fix.
 */
final class TcpServiceEndpointRegistrar {

	private static final Log logger = LogFactory.getLog(TcpServiceEndpointRegistrar.class);

	private final Map<String, TcpListenerDefinition> configured;

	private final BiConsumer<TcpListenerDefinition, ConnectHandler> registry;

	/**
	 * Create a registrar.
	 * @param configured the listeners configured under {@code tcp.listeners}, by name
	 * @param registry registers a listener with the service it serves
	 */
	TcpServiceEndpointRegistrar(Map<String, TcpListenerDefinition> configured,
			BiConsumer<TcpListenerDefinition, ConnectHandler> registry) {
		this.configured = configured;
		this.registry = registry;
	}

	/**
	 * Bind every endpoint to its listeners and register them.
	 * @param endpoints the discovered services
	 * @throws TcpServiceDefinitionException if a service names an unknown listener, a
	 * listener is claimed twice, or a service cannot tell which listener it attaches to
	 */
	void registerEndpoints(Collection<TcpServiceEndpoint> endpoints) {
		Map<String, Binding> bindings = new LinkedHashMap<>();
		for (TcpServiceEndpoint endpoint : endpoints) {
			boolean bound = false;
			for (String name : endpoint.listeners()) {
				bind(bindings, named(endpoint, name), endpoint);
				bound = true;
			}
			Integer inlinePort = endpoint.inlinePort();
			if (inlinePort != null) {
				bind(bindings, inline(endpoint, inlinePort), endpoint);
				bound = true;
			}
			if (!bound) {
				bind(bindings, onlyListener(endpoint), endpoint);
			}
		}
		for (String name : this.configured.keySet()) {
			if (!bindings.containsKey(name)) {
				logger.warn("TCP listener '" + name
						+ "' is configured but no @TcpService attaches to it; it is not started");
			}
		}
		bindings.values()
			.forEach((binding) -> this.registry.accept(binding.definition(), binding.endpoint().handler()));
	}

	private TcpListenerDefinition named(TcpServiceEndpoint endpoint, String name) {
		TcpListenerDefinition definition = this.configured.get(name);
		if (definition == null) {
			throw new TcpServiceDefinitionException(
					"@TcpService bean '" + endpoint.beanName() + "' names listener '" + name
							+ "', which is not configured (configured listeners: " + this.configured.keySet() + ").",
					"Configure tcp.listeners." + name + ".port, or name one of the configured listeners.");
		}
		return definition;
	}

	private TcpListenerDefinition inline(TcpServiceEndpoint endpoint, int port) {
		String name = endpoint.beanName();
		if (this.configured.containsKey(name)) {
			throw new TcpServiceDefinitionException(
					"@TcpService bean '" + name + "' declares an inline port, but tcp.listeners." + name
							+ " is configured too.",
					"Either remove the port from @TcpService, or remove tcp.listeners." + name + ".");
		}
		return TcpListenerDefinition.builder(name, port).host(endpoint.inlineHost()).build();
	}

	private TcpListenerDefinition onlyListener(TcpServiceEndpoint endpoint) {
		if (this.configured.size() == 1) {
			return this.configured.values().iterator().next();
		}
		if (this.configured.isEmpty()) {
			throw new TcpServiceDefinitionException(
					"@TcpService bean '" + endpoint.beanName()
							+ "' has no listener: no tcp.listeners are configured and the annotation declares no port.",
					"Configure a listener, e.g. tcp.listeners.main.port=3000, or declare @TcpService(port = \"3000\").");
		}
		throw new TcpServiceDefinitionException(
				"@TcpService bean '" + endpoint.beanName() + "' does not say which listener it attaches to, and "
						+ this.configured.size() + " are configured: " + this.configured.keySet() + ".",
				"Name the listener with @TcpService(listeners = \"...\").");
	}

	private static void bind(Map<String, Binding> bindings, TcpListenerDefinition definition,
			TcpServiceEndpoint endpoint) {
		Binding existing = bindings.get(definition.name());
		if (existing != null && existing.endpoint() != endpoint) {
			throw new TcpServiceDefinitionException(
					"TCP listener '" + definition.name() + "' is claimed by @TcpService beans '"
							+ existing.endpoint().beanName() + "' and '" + endpoint.beanName()
							+ "'; a connection could not know which service to call.",
					"Give each service its own listener under tcp.listeners.");
		}
		bindings.put(definition.name(), new Binding(definition, endpoint));
	}

	private record Binding(TcpListenerDefinition definition, TcpServiceEndpoint endpoint) {
	}

}

package dev.tcpstarter.integration;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.ListableBeanFactory;

import dev.tcpstarter.TcpServiceDefinitionException;
import dev.tcpstarter.client.TcpClient;

/**
 * Attaches each {@code @TcpService(clients = ...)} service to the named clients it names,
 * so that it runs on their connections. A client serves at most one service, and a
 * service may only name configured clients: each mistake fails startup with a message
 * that names the service, the client and the fix.
 * <p>
 * Public only because the client auto-configuration creates it (its presence tells the
 * {@link TcpServiceAnnotationBeanPostProcessor} that clients are auto-configured): not
 * for applications.
 */
public final class TcpClientServiceRegistrar {

	private final ListableBeanFactory beanFactory;

	/**
	 * Create a registrar.
	 * @param beanFactory the bean factory holding the {@link TcpClient} beans
	 */
	public TcpClientServiceRegistrar(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Attach every endpoint to its clients.
	 * @param endpoints the discovered client services
	 * @throws TcpServiceDefinitionException if a service names an unknown client or a
	 * client is claimed twice
	 */
	void registerEndpoints(Collection<TcpServiceEndpoint> endpoints) {
		Map<String, TcpServiceEndpoint> claimed = new LinkedHashMap<>();
		for (TcpServiceEndpoint endpoint : endpoints) {
			for (String name : endpoint.clients()) {
				TcpServiceEndpoint existing = claimed.putIfAbsent(name, endpoint);
				if (existing != null && existing != endpoint) {
					throw new TcpServiceDefinitionException(
							"TCP client '" + name + "' is claimed by @TcpService beans '" + existing.beanName()
									+ "' and '" + endpoint.beanName()
									+ "'; a pushed frame could not know which service to call.",
							"Give each service its own client under tcp.clients.");
				}
			}
		}
		claimed.forEach((name, endpoint) -> {
			TcpClient client = client(endpoint, name);
			ClientConnections.of(client).attach(new ClientServiceSessions(endpoint.handler(), client.charset()));
		});
	}

	private TcpClient client(TcpServiceEndpoint endpoint, String name) {
		if (!this.beanFactory.containsBean(name) || !this.beanFactory.isTypeMatch(name, TcpClient.class)) {
			throw new TcpServiceDefinitionException(
					"@TcpService bean '" + endpoint.beanName() + "' names client '" + name
							+ "', which is not configured (configured clients: "
							+ java.util.Arrays.toString(this.beanFactory.getBeanNamesForType(TcpClient.class)) + ").",
					"Configure tcp.clients." + name + ".host and .port, or name one of the configured clients.");
		}
		return this.beanFactory.getBean(name, TcpClient.class);
	}

}

package dev.tcpstarter.integration;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A discovered {@code @TcpService} bean: its validated {@code @OnConnect} handler and
 * where it wants to listen.
 *
 * @param beanName the bean name
 * @param handler the {@code @OnConnect} handler
 * @param listeners the listener names from {@code @TcpService(listeners)}, possibly empty
 * @param inlinePort the resolved inline port, or {@code null} without an inline listener
 * @param inlineHost the resolved inline host, or {@code null}
 * @param clients the client names from {@code @TcpService(clients)}, possibly empty
 */
record TcpServiceEndpoint(String beanName, ConnectHandler handler, List<String> listeners, @Nullable Integer inlinePort,
		@Nullable String inlineHost, List<String> clients) {

	/**
	 * Create an endpoint of a listener service.
	 * @param beanName the bean name
	 * @param handler the {@code @OnConnect} handler
	 * @param listeners the listener names, possibly empty
	 * @param inlinePort the inline port, or {@code null}
	 * @param inlineHost the inline host, or {@code null}
	 */
	public TcpServiceEndpoint(String beanName, ConnectHandler handler, List<String> listeners,
			@Nullable Integer inlinePort, @Nullable String inlineHost) {
		this(beanName, handler, listeners, inlinePort, inlineHost, List.of());
	}

	/**
	 * Return whether the service runs on client connections.
	 * @return {@code true} if it names clients
	 */
	public boolean isClientService() {
		return !this.clients.isEmpty();
	}

}
